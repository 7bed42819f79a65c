import Foundation
import TodoNet

/// One HTTP answer of the model's server.
public struct LLMHTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// How the agent reaches the model: a POST of a JSON body that must be answered by `deadline`.
public protocol LLMTransport: Sendable {
    func post(_ url: URL, body: [UInt8], bearer: String?, deadline: Date) throws(LLMFailure) -> LLMHTTPResponse
}

/// `LLMTransport` over `HTTPClient` (libcurl): the chat handler is synchronous, and the
/// request is bounded by the turn's deadline. Redirects are not followed: the Authorization
/// header must go to the configured host only.
public struct CurlLLMTransport: LLMTransport {
    /// An answer larger than this is refused: a chat completion is a few kilobytes.
    static let maxResponseBytes = 4 << 20

    public init() {}

    public func post(_ url: URL, body: [UInt8], bearer: String?, deadline: Date) throws(LLMFailure) -> LLMHTTPResponse {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw .timedOut }
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")]
        if let bearer { headers.append(("Authorization", "Bearer \(bearer)")) }
        do {
            let response = try HTTPClient.send(HTTPClientRequest(method: "POST", url: url.absoluteString, headers: headers, body: body,
                                                                 timeout: remaining, maxResponseBytes: Self.maxResponseBytes))
            return LLMHTTPResponse(status: response.status, contentType: response.header("Content-Type") ?? "", body: response.body)
        } catch {
            switch error {
            case .timedOut: throw .timedOut
            case .tooLarge: throw .invalidResponse("the answer is over \(Self.maxResponseBytes >> 20) MB")
            // The code, not libcurl's words: they may carry the URL, which is the operator's.
            case .failed(let code, _): throw .unreachable("curl error \(code)")
            }
        }
    }
}
