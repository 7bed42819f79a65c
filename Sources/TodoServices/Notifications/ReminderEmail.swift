import Foundation
import TodoCore

/// The email of a fired reminder, as the bytes SMTP sends (RFC 5322, MIME): a
/// multipart/alternative with a plain-text and an HTML part, each base64 so any title
/// passes any server. Pure: built and tested without a socket.
struct ReminderEmail: Sendable, Equatable {
    var from: String
    var to: String
    var title: String
    /// The task's due time as the user reads it (in the task's time zone), if any.
    var dueText: String?
    var late: Bool
    /// The event id: the Message-ID, so a receiver sees a message sent twice as one.
    var eventID: String
    var date: Date

    var subject: String { "Reminder: " + title }

    var plainText: String {
        var text = title + "\n"
        if let dueText { text += "Due \(dueText)\n" }
        if late { text += "(\(Self.lateNote))\n" }
        return text
    }

    var html: String {
        var text = "<!DOCTYPE html>\n<html><body>\n<p><strong>\(Self.escapeHTML(title))</strong></p>\n"
        if let dueText { text += "<p>Due \(Self.escapeHTML(dueText))</p>\n" }
        if late { text += "<p><em>\(Self.lateNote)</em></p>\n" }
        return text + "</body></html>\n"
    }

    /// Why a reminder fires after its time: it was already past when set (or when its task was
    /// reopened or its series went on), or no scheduler was running then. The email cannot tell which.
    static let lateNote = "This reminder is late: its time had passed when it was set, or the reminder service was not running then."

    /// A task's due date as its owner reads it, in the task's zone: "Tue 1 Dec 2026, 09:00
    /// (Europe/Berlin)", or the day alone for an all-day task.
    static func dueText(of task: TodoTask) -> String? {
        guard let due = task.dueAt else { return nil }
        let zone = ZonedTime.zone(named: task.timezone) ?? TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = task.allDay ? "EEE d MMM yyyy" : "EEE d MMM yyyy, HH:mm"
        return formatter.string(from: due) + (task.allDay ? "" : " (\(task.timezone))")
    }

    /// The whole message, CRLF line ends.
    func message(boundary: String = "todo-" + UUID().uuidString.lowercased()) -> String {
        let headers = [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(Self.encodedWords(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(eventID)@todo>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
        ]
        var lines = headers + [""]
        for (type, body) in [("text/plain", plainText), ("text/html", html)] {
            lines += ["--\(boundary)", "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Self.base64Lines(body)
        }
        lines += ["--\(boundary)--", ""]
        return lines.joined(separator: "\r\n")
    }

    /// A header value: as it is when it is plain ASCII and its line stays within 78 characters,
    /// else RFC 2047 encoded words on folded lines, each word at most 75 characters and holding
    /// whole characters (one word of a long title broke both rules).
    static func encodedWords(_ text: String) -> String {
        let printable = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if printable && text.utf8.count <= 66 { return text }
        var chunks: [[UInt8]] = [[]]
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            // 45 bytes are 60 of base64: "=?utf-8?B?" + 60 + "?=" is 72.
            if chunks[chunks.count - 1].count + bytes.count > 45 { chunks.append([]) }
            chunks[chunks.count - 1] += bytes
        }
        return chunks.map { "=?utf-8?B?\(Data($0).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[from..<(encoded.index(from, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
        }
    }

    static func escapeHTML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
