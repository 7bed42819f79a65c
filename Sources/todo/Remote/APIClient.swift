import Foundation
import TodoCore
import TodoNet

/// Why a call to the server failed, worded for the person at the terminal.
enum APIClientError: Error, CustomStringConvertible {
    case unreachable(server: String, reason: String)
    /// The server refused the token (401).
    case unauthorized(server: String, message: String)
    /// The server answered with an error of the API's shape.
    case refused(status: Int, code: String, message: String)
    case malformedResponse(String)

    var description: String {
        switch self {
        case .unreachable(let server, let reason):
            "cannot reach the server at \(server): \(reason)"
        case .unauthorized(let server, let message):
            // The server's messages end in "log in again" where that is the remedy: name the command.
            message.hasSuffix("log in again")
                ? "\(server) refused the token: \(message): todo login --server \(server)"
                : "\(server) refused the token: \(message); sign in again with: todo login --server \(server)"
        case .refused(_, _, let message):
            message
        case .malformedResponse(let reason):
            "the server's answer could not be read: \(reason)"
        }
    }
}

/// A small synchronous client of the todo API: JSON bodies, bearer token, errors of the
/// DESIGN §6 shape turned into `APIClientError`.
struct APIClient {
    let server: URL
    let token: String?
    var timeout: TimeInterval = 30

    /// Sends a request and returns the JSON body (`.null` for 204).
    func send(_ method: String, _ path: String, query: [(name: String, value: String)] = [],
              body: [UInt8]? = nil, contentType: String = "application/json") throws(APIClientError) -> JSONValue {
        let data = try raw(method, path, query: query, body: body, contentType: contentType, accept: "application/json")
        guard !data.isEmpty else { return .null }
        do {
            return try JSONParser.parse(data)
        } catch {
            throw .malformedResponse("a body that is not JSON")
        }
    }

    /// Sends a request and returns the body as it came (an `.ics`); an error status is thrown
    /// as `send` throws it.
    func raw(_ method: String, _ path: String, query: [(name: String, value: String)] = [], body: [UInt8]? = nil,
             contentType: String = "application/json", accept: String = "*/*") throws(APIClientError) -> [UInt8] {
        var components = URLComponents(url: server.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty {
            // `+` stays literal in URLComponents; the server reads it as a space.
            components.percentEncodedQuery = query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
        }
        var headers: [(name: String, value: String)] = [("Accept", accept)]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if body != nil { headers.append(("Content-Type", contentType)) }
        let response = try perform(HTTPClientRequest(method: method, url: components.url!.absoluteString, headers: headers, body: body,
                                                     timeout: timeout, maxResponseBytes: 64 << 20))
        let status = response.status
        guard (200..<300).contains(status) else {
            let json = try? JSONParser.parse(Array(response.body))
            let code: String, message: String
            if case .string(let c)? = json?["error"]?["code"], case .string(let m)? = json?["error"]?["message"] {
                (code, message) = (c, m)
            } else if !response.body.isEmpty, json == nil {
                throw .malformedResponse("HTTP \(status) with a body that is not JSON")
            } else {
                (code, message) = ("http_\(status)", "the server answered HTTP \(status)")
            }
            if status == 401 { throw .unauthorized(server: server.absoluteString, message: message) }
            throw .refused(status: status, code: code, message: message)
        }
        return Array(response.body)
    }

    /// Sends `request` as it is and returns what came back, whatever the status.
    func perform(_ request: HTTPClientRequest) throws(APIClientError) -> HTTPClientResponse {
        do {
            return try HTTPClient.send(request)
        } catch {
            throw .unreachable(server: server.absoluteString, reason: error.description)
        }
    }

    /// RFC 3986 unreserved characters; everything else is percent-encoded.
    private static let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
