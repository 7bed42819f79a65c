/// Placeholder until the service lands (issue 13): it runs, answers /healthz, and consumes nothing yet.
struct RecurringTaskService: Service {
    let name = ServiceName.recurring
    let dependencies: ServiceDependencies

    init(_ dependencies: ServiceDependencies) {
        self.dependencies = dependencies
    }
}
