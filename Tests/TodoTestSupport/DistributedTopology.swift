import Foundation

/// The distributed topology of DESIGN §2 for one test: a fresh PostgreSQL schema, a tansu
/// broker, and each service as its own `todo serve --service NAME` process over them, with one
/// shared JWT secret. A service can be killed (kill -9) and started again on the same data.
public final class DistributedTopology {
    public static let serviceWords = ["backend", "notification", "recurring", "audit", "websocket"]

    public let database: TestDatabase
    public let broker: TansuBroker
    public let environment: [String: String]
    public private(set) var processes: [String: ServerProcess] = [:]

    public init(services: [String] = serviceWords, environment extra: [String: String] = [:]) throws {
        database = try TestDatabase(.postgres)
        broker = try TansuBroker()
        environment = [
            "TODO_EVENT_BUS": "kafka", "KAFKA_BROKERS": broker.brokers,
            "TODO_JWT_SECRET": String(repeating: "5e", count: 32),
        ].merging(extra) { _, given in given }
        for word in services { try start(word) }
    }

    /// Starts (or starts again) one service; waits until it listens.
    public func start(_ word: String) throws {
        processes[word] = try ServerProcess(database: database, arguments: ["--service", word], environment: environment)
    }

    /// Kills a service with SIGKILL: no drain, no lease given up.
    public func kill9(_ word: String) {
        processes[word]?.signal(SIGKILL)
    }

    public func process(_ word: String) -> ServerProcess {
        guard let process = processes[word] else { preconditionFailure("\(word) is not running in this topology") }
        return process
    }

    /// A client of the backend with a newly registered user's session.
    public func registeredClient() throws -> (client: HTTPTestClient, user: [String: Any]) {
        try process("backend").registeredClient()
    }

    /// A client of `word`'s process carrying `token`.
    public func client(_ word: String, token: String?) -> HTTPTestClient {
        process(word).client(token: token)
    }

    /// Every process's standard error, for a failing test's message.
    public var logs: String {
        processes.sorted { $0.key < $1.key }.map { "== \($0.key)\n\($0.value.stderr.suffix(3000))" }.joined(separator: "\n")
    }
}
