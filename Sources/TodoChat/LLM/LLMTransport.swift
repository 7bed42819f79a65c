import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

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

/// `LLMTransport` over Foundation's URLSession (as the webhook deliverer posts). The chat
/// handler is synchronous, so a request is waited for on a semaphore bounded by the turn's
/// deadline; the task is cancelled when the deadline passes.
public final class URLSessionLLMTransport: LLMTransport {
    /// An answer larger than this is refused: a chat completion is a few kilobytes.
    static let maxResponseBytes = 4 << 20
    private let session: URLSession

    public init(timeout: TimeInterval) {
        let configuration = URLSessionConfiguration.ephemeral
        // Whole seconds, and past the turn's own bound: on Linux, URLSession reported
        // sub-second timeouts at once (docs/decisions.md, webhooks); the semaphore below is the
        // real bound.
        configuration.timeoutIntervalForRequest = timeout.rounded(.up) + 1
        configuration.timeoutIntervalForResource = timeout.rounded(.up) + 1
        configuration.httpMaximumConnectionsPerHost = 8
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    public func post(_ url: URL, body: [UInt8], bearer: String?, deadline: Date) throws(LLMFailure) -> LLMHTTPResponse {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw .timedOut }
        var request = URLRequest(url: url, timeoutInterval: remaining.rounded(.up) + 1)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json, text/event-stream", forHTTPHeaderField: "Accept")
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        request.httpBody = Data(body)
        let outcome = Mutex<Result<LLMHTTPResponse, LLMFailure>>(.failure(.timedOut))
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if let response = response as? HTTPURLResponse, error == nil {
                let data = data ?? Data()
                let answer: Result<LLMHTTPResponse, LLMFailure> = data.count > Self.maxResponseBytes
                    ? .failure(.invalidResponse("the answer is over \(Self.maxResponseBytes >> 20) MB"))
                    : .success(LLMHTTPResponse(status: response.statusCode,
                                               contentType: response.value(forHTTPHeaderField: "Content-Type") ?? "", body: Array(data)))
                outcome.withLock { $0 = answer }
            } else if let error = error as? URLError, error.code == .timedOut {
                outcome.withLock { $0 = .failure(.timedOut) }
            } else {
                // The error's code, not its text: the text may carry the URL, and the URL is
                // the operator's (no key is ever put in it by us, but one might be by them).
                let code = (error as? URLError).map { "URL error \($0.code.rawValue)" } ?? "no answer"
                outcome.withLock { $0 = .failure(.unreachable(code)) }
            }
            done.signal()
        }
        task.resume()
        guard done.wait(timeout: .now() + max(0, deadline.timeIntervalSinceNow)) == .success else {
            task.cancel()
            throw .timedOut
        }
        return try outcome.withLock { $0 }.get()
    }
}

/// Redirects are not followed: the Authorization header must go to the configured host only.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
