import Foundation
import TodoChat
import TodoCore
import TodoLog
import TodoServices
import TodoStore

/// `todo chat`: talks to the task assistant — one message and its reply, or a session that
/// reads a message a line until end of input. The local database's assistant, or the server's
/// after `todo login`; both keep the conversation, so "it", "yes" and "undo" work across turns.
struct ChatCommand: Command {
    static let configuration = CommandConfiguration(
        name: "chat",
        abstract: "Talk to the task assistant: one message, or a session (a message a line; Ctrl-D leaves).",
        discussion: """
            With a message, prints the reply and exits. Without one, reads a message a line \
            from standard input until its end (Ctrl-D on a terminal), printing each reply; \
            the turns are one conversation, so "it", "the second one", "yes" and "undo" refer \
            to earlier turns. Prompts are shown on standard error, and only on a terminal, so \
            piped lines give only the replies. A refused line (blank lines are skipped) is \
            reported and the session goes on; the exit code is then 2. Dates are read in the \
            local time zone (TZ) at the current time (TODO_NOW pins it). The conversation id \
            is printed on standard error at the end; --conversation continues it later. \
            Works on the local database, or on the server of todo login (POST /api/v1/chat). \
            Locally, TODO_LLM_BASE_URL (with TODO_LLM_API_KEY, TODO_LLM_MODEL) makes a model \
            answer, as it does for todo serve; the offline agent answers when it fails.
            """,
        examples: ["todo chat \"what's due tomorrow?\"", "todo chat", "todo chat --json \"add Call Ana friday at 5pm #work\"",
                   "todo chat --conversation 0193a2f0-7c1e-7b40-9c3d-2b1f6e0a4d11 \"undo\"",
                   "printf 'add Water the plants tomorrow\\nmove it to friday\\n' | todo chat"])

    /// A line longer than this is refused without being kept whole in memory.
    static let maxLineLength = 1 << 20

    @Argument(valueName: "message", isRequired: false, help: "What to say; without it, a session reads messages from standard input.")
    var words: [String]

    @Option(valueName: "id", help: "Continue this conversation (an id an earlier todo chat printed).")
    var conversation: String?

    @Flag(help: "Print each turn as JSON, as POST /api/v1/chat answers it: {conversation_id, reply, actions}, one a line.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        if let client = try context.remoteClient() {
            try talk(to: RemoteChatAccess(client: client, zone: context.localTimeZone), context)
            return
        }
        let llm: LLMConfiguration?
        do { llm = try LLMConfiguration(environment: context.environment) } catch {
            throw ConfigurationError.invalidSetting(error.setting, reason: error.reason)
        }
        // A model's fallbacks are reported on standard error, as the server logs them; the
        // offline agent logs nothing, so it gets no writer.
        let logWriter = llm.map { _ in LogWriter.standardError() }
        defer { logWriter?.flush() }
        let agent = BackendAPI.chatAgent(llm, logger: Logger(label: "todo.chat", level: .warning, writer: logWriter), metrics: nil)
        let setting = try context.databaseSetting()
        try context.withLocalStore { store, user in
            // No recurring-task service runs here: a completed repeating task's next one is made at once.
            let turns = ChatTurns(store: store, agent: agent, series: store)
            try talk(to: LocalChatAccess(turns: turns, user: user, zone: context.localTimeZone, place: setting.url.location), context)
        }
    }

    private func talk(to assistant: any ChatAccess, _ context: CommandContext) throws {
        var session = ChatSession(assistant: assistant, conversationID: conversation, json: json, context: context)
        if words.isEmpty {
            try session.readLines()
        } else {
            try session.say(ChatMessage(validating: words.joined(separator: " ")))
        }
        session.sayWhereToContinue()
        if session.refusedLines > 0 { throw ChatSession.RefusedLines(count: session.refusedLines) }
    }
}

/// One run of `todo chat`: the conversation so far and how turns are shown.
struct ChatSession {
    let assistant: any ChatAccess
    var conversationID: String?
    let json: Bool
    let context: CommandContext
    private(set) var refusedLines = 0

    init(assistant: any ChatAccess, conversationID: String?, json: Bool, context: CommandContext) {
        self.assistant = assistant
        self.conversationID = conversationID
        self.json = json
        self.context = context
    }

    /// Some lines of a session were refused; the others were answered.
    struct RefusedLines: Error, CustomStringConvertible {
        var count: Int
        var description: String { count == 1 ? "1 message was refused" : "\(count) messages were refused" }
    }

    /// A line too long to keep whole; what it said is not known, only that it is too long.
    struct LineTooLong: Error, CustomStringConvertible {
        var description: String {
            "message must be at most \(ChatMessage.maxLength) characters (this line has over \(ChatCommand.maxLineLength >> 20) MiB)"
        }
    }

    /// One turn: the reply (or the turn as JSON) on standard output, at once.
    mutating func say(_ message: ChatMessage) throws {
        let exchange = try assistant.say(message, conversationID: conversationID, now: context.currentTime)
        conversationID = exchange.conversationID.lowercasedString
        if json {
            var writer = JSONWriter(capacity: 256)
            exchange.write(to: &writer)
            context.output.write(bytes: writer.bytes)
            context.output.write("\n")
        } else {
            context.output.line(exchange.reply)
        }
        context.output.flush()
    }

    /// Messages a line until the input ends. A refused message is reported and skipped; any
    /// other failure (an unknown conversation, an unreachable server) ends the session.
    mutating func readLines() throws {
        let interactive = isatty(STDIN_FILENO) == 1
        if interactive {
            StandardStreams.writeErrorLine("Talking to the task assistant of \(assistant.place). Ctrl-D leaves; \"help\" says what it can do.")
        }
        var reader = LineReader(fileDescriptor: STDIN_FILENO, maxLength: ChatCommand.maxLineLength)
        while true {
            if interactive { StandardStreams.writeAll(Array("> ".utf8), to: STDERR_FILENO) }
            guard let line = reader.next() else { break }
            do {
                switch line {
                case .tooLong:
                    throw LineTooLong()
                case .line(let bytes):
                    let text = String(decoding: bytes, as: UTF8.self)
                    if text.trimmingWhitespace().isEmpty { continue }
                    try say(ChatMessage(validating: text))
                }
            } catch let error as ChatError where error.isInvalidMessage {
                refusedLines += 1
                report(error)
            } catch let error as LineTooLong {
                refusedLines += 1
                report(error)
            }
        }
        // The shell's prompt starts on a line of its own after Ctrl-D.
        if interactive { StandardStreams.writeErrorLine("") }
    }

    /// How to come back to this conversation, on standard error (standard output carries replies only).
    func sayWhereToContinue() {
        guard let conversationID, !json else { return }
        StandardStreams.writeErrorLine("\(CommandLineTool.toolName) chat: conversation \(conversationID) (continue it with --conversation \(conversationID))")
    }

    private func report(_ error: any Error) {
        let report = FailureReport(error)
        StandardStreams.writeErrorLine(json ? report.json : "\(CommandLineTool.toolName): \(report.message)")
    }
}
