import Foundation
import Testing
import TodoCore
import TodoTestSupport

/// A real SMTP server on 127.0.0.1 (aiosmtpd, from the test venv): it writes each message it
/// takes to a file in `directory`, or refuses every recipient, for good (550) or for now (451).
final class SMTPReceiver {
    enum Behaviour: String { case accept, refuse, refuseForNow }

    let process = Process()
    let port: Int
    let directory: URL

    private static let script = #"""
        import os, socket, sys, threading
        from aiosmtpd.controller import Controller
        behaviour, directory = sys.argv[1], sys.argv[2]
        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if behaviour == "refuse":
                    return "550 5.1.1 mailbox unavailable"
                if behaviour == "refuseForNow":
                    return "451 4.3.0 try again later"
                envelope.rcpt_tos.append(address)
                return "250 OK"
            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(directory, "%d.eml" % len(os.listdir(directory)))
                with open(name + ".tmp", "wb") as f:
                    f.write(("X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos))).encode())
                    f.write(envelope.original_content)
                os.rename(name + ".tmp", name)
                return "250 Message accepted"
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        controller = Controller(Handler(), hostname="127.0.0.1", port=port)
        controller.start()
        print(port, flush=True)
        threading.Event().wait()
        """#

    init(_ behaviour: Behaviour, directory: URL) throws {
        self.directory = directory.appendingPathComponent("mail-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        let output = Pipe()
        process.executableURL = TestComponent.venv.appendingPathComponent("bin/python")
        process.arguments = ["-c", Self.script, behaviour.rawValue, self.directory.path]
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw TestClientError("aiosmtpd did not start (scripts/setup --test installs it): \(line)")
        }
        self.port = port
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var messages: [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        return names.compactMap { try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
    }

    func wait(forMessages count: Int, timeout: TimeInterval) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while messages.count < count, Date() < deadline { usleep(50_000) }
        return messages
    }
}

/// Reminder emails through the real binary and a real SMTP server: sent once with a plain-text
/// and an HTML part; a server that refuses or is down is logged, counted and retried, and the
/// in-app notification comes all the same.
@Suite(.serialized) struct EmailTests {
    private func createTaskWithReminder(_ client: HTTPTestClient, title: String, in seconds: TimeInterval) throws {
        let at = Date().addingTimeInterval(seconds)
        let response = try client.post("/api/v1/tasks", ["title": title, "due_at": RFC3339.format(at.addingTimeInterval(3600)),
                                                         "reminders": [["at": RFC3339.format(at)]]])
        guard response.status == 201 else { throw TestClientError("create task: \(response)") }
    }

    /// The decoded body of the message's part of `type`.
    private func part(_ message: String, _ type: String) -> String? {
        guard let start = message.range(of: "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n") else { return nil }
        let encoded = message[start.upperBound...].prefix { $0 != "-" }.filter { !$0.isWhitespace }
        return Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: TestBackend.available)
    func aFiredReminderIsEmailedOnceWithTextAndHTML(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let smtp = try SMTPReceiver(.accept, directory: database.directory)
        let server = try ServerProcess(database: database, environment: ["TODO_SMTP_URL": "smtp://127.0.0.1:\(smtp.port)",
                                                                        "TODO_SMTP_FROM": "reminders@example.com"])
        let email = "ada-\(UUID().uuidString.prefix(6).lowercased())@example.com"
        let (client, _) = try server.registeredClient(email: email)
        try createTaskWithReminder(client, title: "Pay <rent> & bills", in: 1)

        #expect(smtp.wait(forMessages: 1, timeout: 10).count == 1)
        usleep(1_000_000)
        let messages = smtp.messages
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.contains("X-Envelope-From: reminders@example.com\r\nX-Envelope-To: \(email)\r\n"))
        #expect(message.contains("Subject: Reminder: Pay <rent> & bills\r\n"))
        #expect(message.contains("Content-Type: multipart/alternative; boundary="))
        #expect(part(message, "text/plain")?.hasPrefix("Pay <rent> & bills\nDue ") == true)
        #expect(part(message, "text/html")?.contains("<strong>Pay &lt;rent&gt; &amp; bills</strong>") == true)
    }

    @Test(arguments: ["refuse for now", "down"])
    func anSMTPServerThatRefusesForNowOrIsDownIsRetriedAndLogged(_ failure: String) throws {
        let database = try TestDatabase(.sqlite)
        let smtp = try SMTPReceiver(.refuseForNow, directory: database.directory)
        let port = failure == "refuse for now" ? smtp.port : 1
        let server = try ServerProcess(database: database, environment: ["TODO_SMTP_URL": "smtp://127.0.0.1:\(port)", "TODO_SMTP_RETRY_BASE": "0.05"])
        let (client, _) = try server.registeredClient()
        try createTaskWithReminder(client, title: "Call mum", in: 0.5)

        let deadline = Date().addingTimeInterval(15)
        while !server.stderr.contains("attempt=6"), Date() < deadline { usleep(100_000) }
        let log = server.stderr
        #expect(log.contains("msg=\"reminder email not sent\""))
        #expect(log.contains("attempt=6") && log.contains("retry_in_ms=none"))
        #expect(try server.client().get("/metrics").text.contains(#"todo_emails_total{outcome="failed"} 6"#))
        #expect(smtp.messages.isEmpty)
        #expect((try client.get("/api/v1/notifications").json()["notifications"] as? [Any])?.count == 1)
        #expect(try server.client().get("/healthz").status == 200)
    }

    /// A 5yz reply (no such mailbox) will be given again: the email is given up at once,
    /// logged and counted, not sent five more times.
    @Test func anSMTPServerThatRefusesForGoodIsNotAskedAgain() throws {
        let database = try TestDatabase(.sqlite)
        let smtp = try SMTPReceiver(.refuse, directory: database.directory)
        let server = try ServerProcess(database: database, environment: ["TODO_SMTP_URL": "smtp://127.0.0.1:\(smtp.port)", "TODO_SMTP_RETRY_BASE": "0.05"])
        let (client, _) = try server.registeredClient()
        try createTaskWithReminder(client, title: "Call mum", in: 0.5)

        let deadline = Date().addingTimeInterval(15)
        while !server.stderr.contains("msg=\"reminder email not sent\""), Date() < deadline { usleep(100_000) }
        // Time for the retries a passing refusal would get (0.05 s doubled, five times).
        Thread.sleep(forTimeInterval: 2)
        let log = server.stderr
        #expect(log.contains("attempt=1") && log.contains("retry_in_ms=none") && log.contains("refused the message for good (550)"), "\(log)")
        #expect(!log.contains("attempt=2"))
        #expect(try server.client().get("/metrics").text.contains(#"todo_emails_total{outcome="failed"} 1"#))
        #expect(smtp.messages.isEmpty)
    }

    @Test func aBadSMTPURLStopsStartUpNamingIt() throws {
        let database = try TestDatabase(.sqlite)
        let result = try TodoBinary.run(["serve", "--db", database.url, "--port", "0"], environment: ["TODO_SMTP_URL": "http://mail.example.com"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("TODO_SMTP_URL: the scheme must be smtp or smtps (got \"http\")"))
    }
}
