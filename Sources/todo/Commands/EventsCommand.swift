import Foundation
import Synchronization
import TodoServices
import TodoCore
import TodoEvents
import TodoLog
import TodoStore

/// `todo events status|tail`: the event backbone of the configured database, for operators.
struct EventsCommand: Command {
    static let configuration = CommandConfiguration(
        name: "events",
        abstract: "Show the event backbone: outbox backlog, relay, consumers, dead letters; or print events.",
        discussion: """
            status: events waiting in the outbox, which process's relay holds the lease, how \
            far each consumer group is in each topic (its lag; asked of the brokers with \
            TODO_EVENT_BUS=kafka), and the events each group gave up on (dead letters). tail: the newest events, one per line; with --follow, new \
            ones as they come, until interrupted. Both read the database (--db) directly; with \
            TODO_EVENT_BUS=kafka, tail reads the topic's newest events from the brokers \
            (KAFKA_BROKERS), from the end of each partition, in no consumer group. switch-bus: record \
            the bus of TODO_EVENT_BUS as the one this database's events go to, after a deployment \
            moved to it; the first relay to run on a database records its bus, and a relay of any \
            other bus does not relay (its events would reach none of the deployment's consumers).
            """,
        examples: ["todo events status", "todo events status --json", "todo events tail --topic task-events --follow",
                   "TODO_EVENT_BUS=kafka todo events switch-bus --db postgres://…"])

    enum Action: String, CaseIterable, ArgumentValue {
        case status, tail
        case switchBus = "switch-bus"
    }

    @Argument(valueName: "action", help: "status, tail or switch-bus.")
    var action: Action

    @Option(help: "With tail: only this topic (task-events, task-updates, reminders, or a .dlq topic).")
    var topic: String?

    @Option(valueName: "n", help: "With tail: how many of the newest events to print first (default: 20).")
    var limit: Int?

    /// Events `tail` prints before it follows.
    private var count: Int { limit ?? 20 }

    @Flag(help: "With tail: keep printing new events until interrupted.")
    var follow: Bool

    @Flag(help: "With status: print the figures as JSON.")
    var json: Bool

    func validate() throws(UsageError) {
        if !(0...10_000).contains(count) { throw usageError("--limit must be between 0 and 10000 (got \(count))") }
        if action != .tail, topic != nil || limit != nil || follow {
            let given = [topic != nil ? "--topic" : nil, limit != nil ? "--limit" : nil, follow ? "--follow" : nil].compactMap { $0 }
            throw usageError("\(given.joined(separator: " and ")) \(given.count == 1 ? "goes" : "go") with tail, not \(action.rawValue)")
        }
        if action == .switchBus, json { throw usageError("--json goes with status") }
        if action == .tail, json {
            throw usageError("--json goes with status; tail prints one line per event (time, topic, type, task, sequence, id)")
        }
        if let topic, !Self.knownTopics.contains(topic) {
            var message = "unknown topic '\(topic)': use one of \(Self.knownTopics.joined(separator: ", "))"
            if let suggestion = Suggestion.closest(to: topic, in: Self.knownTopics) { message += "; did you mean '\(suggestion)'?" }
            throw usageError(message)
        }
    }

    /// The topics events are relayed to, and where each one's dead letters go.
    static let knownTopics = EventTopic.all + EventTopic.all.map(EventTopic.deadLetter(of:))

    func run(_ context: CommandContext) throws {
        let setting = try context.databaseSetting()
        // Asked first, as every command does: it refuses --db given with --server.
        let server = try context.serverSetting()
        // Signed in to a server (or given one) and naming no database: the local default is not
        // what the user means, and an empty one would pass for "all relayed".
        if setting.source == .defaultLocal, let server {
            throw ConfigurationError.invalidSetting(
                "--db", reason: "todo events reads a database directly and cannot ask \(server.url.absoluteString); give the server's database with --db (or TODO_DATABASE_URL) where it can be reached")
        }
        let store = try context.openStore(setting)
        defer { store.close() }
        let bus: EventBackbone.BusKind
        do { bus = try EventBackbone.busKind(environment: context.environment) } catch {
            throw ConfigurationError.invalidSetting(error.setting, reason: error.reason)
        }
        switch action {
        case .status: try status(store.eventLog, bus: bus, url: setting.url.redacted, context)
        case .switchBus:
            let before = try store.eventLog.recordedEventBus()?.kind
            try store.eventLog.switchEventBus(to: bus.rawValue, now: context.now)
            let was = before.map { $0 == bus.rawValue ? " (as before)" : " (was \($0))" } ?? ""
            context.output.line("Events of \(setting.url.redacted) go to the \(bus.rawValue) bus from now on\(was); a relay of any other bus does not relay.")
        case .tail:
            if let warning = try Self.relayWarning(store.eventLog, now: context.now, database: setting) {
                StandardStreams.writeErrorLine("\(CommandLineTool.toolName): \(warning)")
            }
            switch bus {
            case .embedded: try tail(store.eventLog, context)
            case .kafka: try tailKafka(store.eventLog, context)
            case .dapr:
                throw ConfigurationError.invalidSetting("TODO_EVENT_BUS", reason: "with dapr, the events are in the sidecar's pub/sub: read them with its tools")
            }
        }
    }

    /// Tail shows only relayed events: with events waiting and no relay holding the lease, an
    /// empty tail would look like "nothing happened". Nil when a relay runs or nothing waits.
    static func relayWarning(_ log: EventLogStore, now: Date, database: DatabaseSetting) throws -> String? {
        let backlog = try log.outboxBacklog()
        guard backlog.count > 0 else { return nil }
        if let lease = try log.leaseHolder(OutboxRelay.Configuration(owner: "").leaseName), lease.expiresAt > now { return nil }
        let serve = database.source == .defaultLocal ? "todo serve" : "todo serve --db \(database.url.redacted)"
        let waiting = backlog.count == 1 ? "1 event waits" : "\(backlog.count) events wait"
        return "\(waiting) in the outbox and no relay is running, so tail cannot show them yet; "
            + "start one with `\(serve)` (it relays every change as it happens)"
    }

    private func status(_ log: EventLogStore, bus: EventBackbone.BusKind, url: String, _ context: CommandContext) throws {
        let backlog = try log.outboxBacklog()
        let lease = try log.leaseHolder(OutboxRelay.Configuration(owner: "").leaseName)
        let recorded = try log.recordedEventBus()
        var positions: [ConsumerPosition] = []
        var positionsError: String?
        do {
            positions = try EventBackbone.consumerPositions(kind: bus, environment: context.environment, store: log)
        } catch let error as SettingError {
            throw ConfigurationError.invalidSetting(error.setting, reason: error.reason)
        } catch {
            positionsError = "\(error)"
        }
        let letters = try log.deadLetterCounts()
        // A service that never consumed has no position: shown, so a service that is not
        // running (or never started) is not mistaken for one that keeps up.
        let notStarted: [(group: String, topic: String)] = bus == .dapr || positionsError != nil ? [] :
            ServiceName.allCases.flatMap { name in name.topics.map { (name.consumerGroup, $0) } }
                .filter { expected in !positions.contains { $0.group == expected.0 && $0.topic == expected.1 } }
        if json {
            let instant = { (date: Date) in JSONValue.string(RFC3339.format(date)) }
            var document: [(String, JSONValue)] = [
                ("outbox", .object([("backlog", .int(backlog.count)), ("oldest_at", backlog.oldest.map(instant) ?? .null)])),
                ("relay", lease.map { lease in
                    .object([("owner", .string(lease.owner)), ("active", .bool(lease.expiresAt > context.now)),
                             ("expires_at", instant(lease.expiresAt)), ("acquired_at", instant(lease.acquiredAt))])
                } ?? .null),
                ("bus", .string(bus.rawValue)),
                ("recorded_bus", recorded.map { .string($0.kind) } ?? .null),
            ]
            if let positionsError { document.append(("consumers_error", .string(positionsError))) }
            document.append(("consumers", .array(positions.map {
                .object([("group", .string($0.group)), ("topic", .string($0.topic)), ("position", .int($0.position)), ("lag", .int($0.lag))])
            })))
            document.append(("not_started", .array(notStarted.map {
                .object([("group", .string($0.group)), ("topic", .string($0.topic))])
            })))
            document.append(("dead_letters", .array(letters.map {
                .object([("group", .string($0.group)), ("topic", .string($0.topic)), ("count", .int($0.count)),
                         ("last_error", .string($0.lastError))])
            })))
            var writer = JSONWriter()
            JSONValue.object(document).write(to: &writer)
            context.output.write(bytes: writer.bytes)
            context.output.write("\n")
            if let positionsError { throw PositionsUnknown(reason: positionsError) }
            return
        }
        context.output.line("Database:      \(url)")
        context.output.line("Bus:           \(bus.rawValue)")
        if let recorded, recorded.kind != bus.rawValue {
            context.output.line("               but this database's events go to the \(recorded.kind) bus (recorded \(RFC3339.format(recorded.since))):")
            context.output.line("               a \(bus.rawValue) relay does not relay here; after moving the deployment, run todo events switch-bus")
        }
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
        if let positionsError {
            context.output.line("Consumers:     cannot ask the brokers: \(positionsError)")
        } else if bus == .dapr && positions.isEmpty {
            context.output.line("Consumers:     with dapr, see the sidecar's pub/sub")
        } else if bus == .embedded && positions.isEmpty {
            // Nothing says the services are idle: they may keep their positions on a broker.
            context.output.line("Consumers:     none has a position in this database (the services have not consumed from it here,")
            context.output.line("               or they use Kafka: run with TODO_EVENT_BUS=kafka KAFKA_BROKERS=… to ask the brokers)")
        } else {
            table(["GROUP", "TOPIC", "POSITION", "LAG"],
                  positions.map { [$0.group, $0.topic, String($0.position), String($0.lag)] }
                      + notStarted.map { [$0.group, $0.topic, "-", "not started"] }, context)
        }
        context.output.line("")
        if letters.isEmpty {
            context.output.line("Dead letters:  none")
        } else {
            table(["GROUP", "TOPIC", "DEAD LETTERS", "LAST ERROR"],
                  letters.map { [$0.group, $0.topic, String($0.count), $0.lastError] }, context)
        }
        if let positionsError { throw PositionsUnknown(reason: positionsError) }
    }

    /// The status was shown, but not the consumers' positions: a script must not read it as
    /// every service keeping up.
    struct PositionsUnknown: Error, CustomStringConvertible {
        var reason: String
        var description: String { "the consumers' positions are unknown: \(reason)" }
    }

    private func tail(_ log: EventLogStore, _ context: CommandContext) throws {
        var position: Int64 = 0
        for entry in try log.lastEntries(topic: topic, limit: count) where count > 0 {
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

    /// The newest `count` events of a Kafka topic, read from the end of each partition (in no
    /// consumer group) and put in time order across partitions; then (with --follow) each as
    /// it comes.
    private func tailKafka(_ log: EventLogStore, _ context: CommandContext) throws {
        let settings: KafkaSettings
        do { settings = try KafkaSettings(environment: context.environment) } catch {
            throw ConfigurationError.invalidSetting(error.setting, reason: error.reason)
        }
        let topic = self.topic ?? EventTopic.taskEvents
        let tail = try KafkaTopicTail(settings: settings, topic: topic, limit: count)
        let backlog = tail.backlog().map { (message: $0, event: try? CloudEvent(decoding: Array($0.payload.utf8))) }
        let newest = backlog.sorted { a, b in
            let (timeA, timeB) = (a.event?.time ?? .distantPast, b.event?.time ?? .distantPast)
            return timeA != timeB ? timeA < timeB : (a.message.partition, a.message.offset) < (b.message.partition, b.message.offset)
        }.suffix(count)
        for (message, event) in newest { print(message, event, topic: topic, context) }
        context.output.flush()
        guard follow else { return }
        while true {
            for message in tail.poll(timeoutMilliseconds: 200) {
                print(message, try? CloudEvent(decoding: Array(message.payload.utf8)), topic: topic, context)
            }
            context.output.flush()
        }
    }

    private func print(_ message: KafkaTopicTail.Message, _ event: CloudEvent?, topic: String, _ context: CommandContext) {
        guard let event else {
            context.output.line("\(topic)  (not a valid CloudEvent)  \(message.payload.prefix(200))")
            return
        }
        print(event, topic: topic, at: Date(), context)
    }

    /// `time  topic  type  #number "title"  seq=N  id`, read from the event's JSON.
    private func print(_ entry: LogEntry, _ context: CommandContext) {
        let message = entry.message
        guard let event = try? CloudEvent(decoding: Array(message.payload.utf8)) else {
            context.output.line("\(RFC3339.format(entry.appendedAt))  \(message.topic)  (not a valid CloudEvent)  \(message.payload.prefix(200))")
            return
        }
        print(event, topic: message.topic, at: entry.appendedAt, context)
    }

    private func print(_ event: CloudEvent, topic: String, at fallback: Date, _ context: CommandContext) {
        var line = "\(RFC3339.format(event.time ?? fallback))  \(topic)  \(event.type)"
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
