import Foundation
import Testing
import TodoCore
import TodoEvents
@testable import TodoServices

/// The reminder email as bytes, and the SMTP settings it is sent with.
@Suite struct ReminderEmailTests {
    let email = ReminderEmail(from: "todo@example.com", to: "ada@example.com", title: "Café – pay rent", dueText: "2026-12-01T09:00:00+01:00",
                              late: true, eventID: "0193a1b2-0000-7000-8000-000000000001", date: Date(timeIntervalSince1970: 1_800_000_000))

    @Test func theMessageHasATextAndAnHTMLPartAndShortCRLFLines() {
        let message = email.message(boundary: "b")
        #expect(message.hasPrefix("From: todo@example.com\r\nTo: ada@example.com\r\nSubject: =?utf-8?B?"))
        #expect(message.contains("Date: Fri, 15 Jan 2027 08:00:00 +0000\r\nMessage-ID: <0193a1b2-0000-7000-8000-000000000001@todo>\r\n"))
        #expect(message.contains("Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n"))
        #expect(message.contains("--b\r\nContent-Type: text/html; charset=utf-8\r\n") && message.hasSuffix("--b--\r\n"))
        #expect(message.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 && !$0.contains("\n") })
        #expect(email.plainText.hasPrefix("Café – pay rent\nDue 2026-12-01T09:00:00+01:00\n(This reminder is late"))
    }

    /// The due date as its owner reads it, in the task's zone; an all-day task's as a day. A late
    /// reminder does not claim the service was down: its time may have passed when it was set.
    @Test func theDueDateIsWrittenForPeople() throws {
        let created = Date(timeIntervalSince1970: 1_796_000_000)
        var task = TodoTask(id: UUID(), number: 1, title: "Pay rent", dueAt: Date(timeIntervalSince1970: 1_796_112_000), // 2026-12-01T08:00Z
                            timezone: "Europe/Berlin", createdAt: created, updatedAt: created)
        #expect(ReminderEmail.dueText(of: task) == "Tue 1 Dec 2026, 09:00 (Europe/Berlin)")
        task.allDay = true
        task.dueAt = Date(timeIntervalSince1970: 1_796_079_600) // 2026-12-01T00:00 in Berlin
        #expect(ReminderEmail.dueText(of: task) == "Tue 1 Dec 2026")
        task.dueAt = nil
        #expect(ReminderEmail.dueText(of: task) == nil)
        #expect(!email.plainText.contains("was not running at its time"))
    }

    @Test func theHTMLPartEscapesTheTitle() {
        var risky = email
        risky.title = #"<script>alert("x")</script> & co"#
        #expect(risky.html.contains("<strong>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</strong>"))
        #expect(ReminderEmail.encodedWords("Reminder: a\r\nBcc: x") .hasPrefix("=?utf-8?B?"))
    }

    /// A long subject is folded into encoded words of at most 75 characters (RFC 2047), each of
    /// whole characters, that decode to the subject; a short ASCII one is left as it is.
    @Test(arguments: [String(repeating: "Pay the electricity bill ", count: 12), String(repeating: "Grüße an Zoë 🎉 ", count: 20)])
    func aLongSubjectIsFoldedIntoEncodedWordsOfAtMost75Characters(_ title: String) throws {
        var long = email
        long.title = title
        let message = long.message()
        let header = try #require(message.components(separatedBy: "\r\nDate:").first?.components(separatedBy: "Subject: ").last)
        var decoded: [UInt8] = []
        for word in header.components(separatedBy: "\r\n ") {
            #expect(word.count <= 75 && word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?="), "\(word)")
            let bytes = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            #expect(String(data: bytes, encoding: .utf8) != nil, "a word splits a character: \(word)")
            decoded += bytes
        }
        #expect(String(decoding: decoded, as: UTF8.self) == "Reminder: " + title)
        #expect(ReminderEmail.encodedWords("Reminder: Feed the cat") == "Reminder: Feed the cat")
    }

    @Test func smtpSettingsAreReadFromTheURL() throws {
        let settings = try #require(try SMTPSettings(environment: ["TODO_SMTP_URL": "smtps://me%40x.org:p%3Ass@mail.example.com"]))
        #expect(settings.serverURL == "smtps://mail.example.com:465" && settings.implicitTLS)
        #expect(settings.username == "me@x.org" && settings.password == "p:ss")
        #expect(try SMTPSettings(environment: [:]) == nil)
        #expect(throws: SettingError.self) { try SMTPSettings(environment: ["TODO_SMTP_URL": "smtp://"]) }
        #expect(throws: SettingError.self) {
            try SMTPSettings(environment: ["TODO_SMTP_URL": "smtp://mail.example.com", "TODO_SMTP_FROM": "a@b.c\r\nBcc: x@y.z"])
        }
    }
}
