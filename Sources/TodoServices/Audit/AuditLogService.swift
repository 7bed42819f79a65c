/// Placeholder until the service lands (issue 13): it runs, answers /healthz, and consumes nothing yet.
struct AuditLogService: Service {
    let name = ServiceName.audit
    let dependencies: ServiceDependencies

    init(_ dependencies: ServiceDependencies) {
        self.dependencies = dependencies
    }
}
