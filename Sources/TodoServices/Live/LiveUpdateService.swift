import TodoCore

/// Placeholder until the service lands (issue 13): it runs, answers /healthz, and consumes nothing yet.
struct LiveUpdateService: Service {
    let name = ServiceName.websocket
    let dependencies: ServiceDependencies

    init(_ dependencies: ServiceDependencies) {
        self.dependencies = dependencies
    }

    func healthFields() -> [(String, JSONValue)] { [("connections", .int(0))] }
}
