import TodoEvents

/// The services of DESIGN §6.3: the name each answers in `/healthz`, consumes as (its consumer
/// group) and is started by (`todo serve --service NAME`, or the short word).
public enum ServiceName: String, CaseIterable, Sendable {
    case backend
    case notification = "notification-service"
    case recurring = "recurring-task-service"
    case audit = "audit-log-service"
    case websocket = "websocket-service"

    /// `notification` or `notification-service`, and so on.
    public init?(word: String) {
        let text = word.lowercased()
        guard let name = Self.allCases.first(where: { $0.rawValue == text || $0.shortWord == text }) else { return nil }
        self = name
    }

    /// The word before `-service`: what `--service` is usually given.
    public var shortWord: String {
        switch self {
        case .backend: "backend"
        case .notification: "notification"
        case .recurring: "recurring"
        case .audit: "audit"
        case .websocket: "websocket"
        }
    }

    /// The consumer group of the service's subscriptions: one per service, so every service
    /// sees every event (the system we replace shared one group between three).
    public var consumerGroup: String { rawValue }

    /// The topics the service consumes as its group (DESIGN §6 "Events"): where `todo events
    /// status` expects a position of each.
    public var topics: [String] {
        switch self {
        case .backend: []
        case .recurring, .audit: [EventTopic.taskEvents]
        case .notification: [EventTopic.taskEvents, EventTopic.reminders]
        case .websocket: [EventTopic.taskUpdates]
        }
    }

    /// The port of the service when it runs alone (DESIGN §2): 8000–8004.
    public var defaultPort: Int {
        switch self {
        case .backend: 8000
        case .notification: 8001
        case .recurring: 8002
        case .audit: 8003
        case .websocket: 8004
        }
    }
}
