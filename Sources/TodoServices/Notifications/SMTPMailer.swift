import CCurl
import Foundation
import TodoNet

/// Sends one message over SMTP with libcurl (`LibCurl`, as `HTTPClient` sends HTTP; its SMTP
/// support does the dialogue, STARTTLS and AUTH). Blocking: call it from a worker thread.
struct SMTPMailer: Sendable {
    let settings: SMTPSettings

    /// Sends `message` (the whole RFC 5322 text) from `settings.from` to `recipient`.
    func send(_ message: String, to recipient: String) throws(SMTPError) {
        LibCurl.ready
        guard let handle = curl_easy_init() else { throw .failed("libcurl could not make a handle") }
        defer { curl_easy_cleanup(handle) }
        let source = MessageSource(Array(message.utf8))
        let context = Unmanaged.passRetained(source)
        defer { context.release() }
        let recipients = curl_slist_append(nil, "<\(recipient)>")
        defer { curl_slist_free_all(recipients) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            var result = todo_curl_setopt_string(handle, CURLOPT_URL, settings.serverURL)
            func set(_ step: CURLcode) { if result == CURLE_OK { result = step } }
            set(todo_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(settings.from)>"))
            set(todo_curl_setopt_pointer(handle, CURLOPT_MAIL_RCPT, UnsafeMutableRawPointer(recipients)))
            if let username = settings.username { set(todo_curl_setopt_string(handle, CURLOPT_USERNAME, username)) }
            if let password = settings.password { set(todo_curl_setopt_string(handle, CURLOPT_PASSWORD, password)) }
            if !settings.implicitTLS { set(todo_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue))) }
            set(todo_curl_setopt_long(handle, CURLOPT_UPLOAD, 1))
            set(todo_curl_setopt_read_function(handle, readMessage))
            set(todo_curl_setopt_pointer(handle, CURLOPT_READDATA, context.toOpaque()))
            set(todo_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(settings.timeout * 1000)))
            set(todo_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(min(settings.timeout, 10) * 1000)))
            set(todo_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
            set(todo_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(buffer.baseAddress)))
            guard result == CURLE_OK else { return result }
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            // The server's last reply: 5yz is a permanent refusal (RFC 5321 §4.2.1: the same
            // message to the same address will be refused again), 4yz a passing one.
            var reply = 0
            _ = todo_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
            let detail = LibCurl.message(code, errorBuffer: errorBuffer)
            throw (500..<600).contains(reply) ? .refused(reply: reply, detail) : .failed(detail)
        }
    }
}

/// Why a message was not sent: libcurl's words (server refused, connection refused, time-out…).
enum SMTPError: Error, CustomStringConvertible {
    /// Worth another attempt later: the server was down, slow, or refused for now (4yz).
    case failed(String)
    /// Refused for good (a 5yz reply: no such mailbox, a malformed address): not tried again.
    case refused(reply: Int, String)

    var isPermanent: Bool { if case .refused = self { true } else { false } }

    var description: String {
        switch self {
        case .failed(let detail): "the SMTP server did not take the message: \(detail.prefix(300))"
        case .refused(let reply, let detail): "the SMTP server refused the message for good (\(reply)): \(detail.prefix(300))"
        }
    }
}

/// The message libcurl reads while it sends, owned by the transfer.
private final class MessageSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// libcurl's read callback: copies the next part of the message; 0 ends it.
private func readMessage(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return 0 }
    let source = Unmanaged<MessageSource>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, source.bytes.count - source.offset)
    guard length > 0 else { return 0 }
    source.bytes.withUnsafeBufferPointer { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + source.offset, byteCount: length)
    }
    source.offset += length
    return length
}
