/// Placeholder until the service lands (issue 13): it runs, answers /healthz, and consumes nothing yet.
struct NotificationService: Service {
    let name = ServiceName.notification
    let dependencies: ServiceDependencies

    init(_ dependencies: ServiceDependencies) {
        self.dependencies = dependencies
    }
}
