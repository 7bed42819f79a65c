import Foundation
import TodoCore
import TodoEvents
import TodoStore

/// `todo events status|tail`: the event backbone of the configured database, for operators.
struct EventsCommand: Command {
    static let configuration = CommandConfiguration(
        name: "events",
        abstract: "Show the event backbone: outbox backlog, relay, consumers, dead letters; or print events.",
        discussion: """
            status: events waiting in the outbox, which process's relay holds the lease, how \
            far each consumer group is in each topic (its lag), and the events each group gave \
            up on (dead letters). tail: the newest events of the embedded bus's log, one per \
            line; with --follow, new ones as they come, until interrupted. Both read the \
            database (--db) directly.
            """,
        examples: ["todo events status", "todo events status --json", "todo events tail --topic task-events --follow"])

    enum Action: String, CaseIterable, ArgumentValue {
        case status, tail
    }

    @Argument(valueName: "action", help: "status or tail.")
    var action: Action

    @Option(help: "With tail: only this topic (task-events, task-updates, reminders, or a .dlq topic).")
    var topic: String?

    @Option(valueName: "n", help: "With tail: how many of the newest events to print first.")
    var limit: Int = 20

    @Flag(help: "With tail: keep printing new events until interrupted.")
    var follow: Bool

    @Flag(help: "With status: print the figures as JSON.")
    var json: Bool

    func validate() throws(UsageError) {
        if !(0...10_000).contains(limit) { throw usageError("--limit must be between 0 and 10000 (got \(limit))") }
        if action == .status, topic != nil || follow { throw usageError("--topic and --follow go with tail, not status") }
        if action == .tail, json { throw usageError("--json goes with status; tail prints the events' JSON with no option") }
    }

    func run(_ context: CommandContext) throws {
        let setting = try context.databaseSetting()
        let store = try StoreFactory.open(setting.url)
        defer { store.close() }
        switch action {
        case .status: try status(store.eventLog, url: setting.url.redacted, context)
        case .tail: try tail(store.eventLog, context)
        }
    }

    private func status(_ log: EventLogStore, url: String, _ context: CommandContext) throws {
        let backlog = try log.outboxBacklog()
        let lease = try log.leaseHolder(OutboxRelay.Configuration(owner: "").leaseName)
        let positions = try log.consumerPositions()
        let letters = try log.deadLetterCounts()
        if json {
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("outbox")
            writer.beginObject()
            writer.key("backlog")
            writer.value(backlog.count)
            writer.key("oldest_at")
            if let oldest = backlog.oldest { writer.value(instant: oldest) } else { writer.null() }
            writer.endObject()
            writer.key("relay")
            if let lease {
                writer.beginObject()
                writer.key("owner")
                writer.value(lease.owner)
                writer.key("active")
                writer.value(lease.expiresAt > context.now)
                writer.key("expires_at")
                writer.value(instant: lease.expiresAt)
                writer.key("acquired_at")
                writer.value(instant: lease.acquiredAt)
                writer.endObject()
            } else {
                writer.null()
            }
            writer.key("consumers")
            writer.beginArray()
            for position in positions {
                writer.beginObject()
                writer.key("group")
                writer.value(position.group)
                writer.key("topic")
                writer.value(position.topic)
                writer.key("position")
                writer.value(position.position)
                writer.key("lag")
                writer.value(position.lag)
                writer.endObject()
            }
            writer.endArray()
            writer.key("dead_letters")
            writer.beginArray()
            for letter in letters {
                writer.beginObject()
                writer.key("group")
                writer.value(letter.group)
                writer.key("topic")
                writer.value(letter.topic)
                writer.key("count")
                writer.value(letter.count)
                writer.key("last_error")
                writer.value(letter.lastError)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            context.output.write(bytes: writer.bytes)
            context.output.write("\n")
            return
        }
        context.output.line("Database:      \(url)")
        if let oldest = backlog.oldest {
            context.output.line("Outbox:        \(backlog.count) events waiting for the relay (oldest \(ago(oldest, context.now)))")
        } else {
            context.output.line("Outbox:        empty (every event relayed)")
        }
        if let lease {
            let state = lease.expiresAt > context.now ? "active" : "expired \(ago(lease.expiresAt, context.now))"
            context.output.line("Relay:         \(lease.owner) (\(state), holding since \(RFC3339.format(lease.acquiredAt)))")
        } else {
            context.output.line("Relay:         none running")
        }
        context.output.line("")
        if positions.isEmpty {
            context.output.line("Consumers:     none yet")
        } else {
            table(["GROUP", "TOPIC", "POSITION", "LAG"], positions.map { [$0.group, $0.topic, String($0.position), String($0.lag)] }, context)
        }
        context.output.line("")
        if letters.isEmpty {
            context.output.line("Dead letters:  none")
        } else {
            table(["GROUP", "TOPIC", "DEAD LETTERS", "LAST ERROR"],
                  letters.map { [$0.group, $0.topic, String($0.count), $0.lastError] }, context)
        }
    }

    private func tail(_ log: EventLogStore, _ context: CommandContext) throws {
        var position: Int64 = 0
        for entry in try log.lastEntries(topic: topic, limit: limit) where limit > 0 {
            print(entry, context)
            position = entry.position
        }
        context.output.flush()
        guard follow else { return }
        if position == 0 { position = try log.lastPosition(topic: topic) }
        while true {
            let entries = try log.entries(topic: topic, after: position, limit: 500)
            for entry in entries {
                print(entry, context)
                position = entry.position
            }
            context.output.flush()
            if entries.isEmpty { Thread.sleep(forTimeInterval: 0.2) }
        }
    }

    /// `time  topic  type  #number "title"  seq=N  id`, read from the event's JSON.
    private func print(_ entry: LogEntry, _ context: CommandContext) {
        let message = entry.message
        guard let event = try? CloudEvent(decoding: Array(message.payload.utf8)) else {
            context.output.line("\(RFC3339.format(entry.appendedAt))  \(message.topic)  (not a valid CloudEvent)  \(message.payload.prefix(200))")
            return
        }
        var line = "\(RFC3339.format(event.time ?? entry.appendedAt))  \(message.topic)  \(event.type)"
        if let task = event.data?["task"] {
            if case .int(let number)? = task["number"] { line += "  #\(number)" }
            if case .string(let title)? = task["title"] { line += "  \"\(title)\"" }
        }
        if let sequence = event.sequence { line += "  seq=\(sequence)" }
        if case .string(let reason)? = event.extensions["dlqreason"] { line += "  error=\"\(reason)\"" }
        line += "  id=\(event.id)"
        context.output.line(line)
    }

    private func table(_ header: [String], _ rows: [[String]], _ context: CommandContext) {
        let widths = header.indices.map { column in ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0 }
        for row in [header] + rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            context.output.line(cells.joined(separator: "  "))
        }
    }

    private func ago(_ date: Date, _ now: Date) -> String {
        let seconds = Int(max(0, now.timeIntervalSince(date)))
        if seconds < 120 { return "\(seconds) s ago" }
        if seconds < 7_200 { return "\(seconds / 60) min ago" }
        return "\(seconds / 3_600) h ago"
    }
}
