import TodoCore

/// What one process runs: every service (`todo serve`) or one (`todo serve --service NAME`).
public enum ServiceRole: Sendable, Equatable {
    case allInOne
    case only(ServiceName)

    public func runs(_ service: ServiceName) -> Bool {
        switch self {
        case .allInOne: true
        case .only(let name): name == service
        }
    }

    /// The name `/healthz` and `/readyz` answer: the backend's when all run together, since
    /// the process then is the backend (with the other services inside).
    var healthName: ServiceName {
        switch self {
        case .allInOne: .backend
        case .only(let name): name
        }
    }

    /// `{"service": NAME, "status": STATUS}` and, for a service alone, its own fields
    /// (DESIGN §6.3: the websocket service adds `connections`).
    func healthBody(status: String, services: [any Service]) -> [UInt8] {
        var members: [(String, JSONValue)] = [("service", .string(healthName.rawValue)), ("status", .string(status))]
        if case .only(let name) = self, let service = services.first(where: { $0.name == name }) {
            members += service.healthFields()
        }
        var writer = JSONWriter(capacity: 96)
        JSONValue.object(members).write(to: &writer)
        return writer.bytes
    }
}
