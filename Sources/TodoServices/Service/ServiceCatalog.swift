import TodoEvents

/// Builds the services a process runs besides the backend, from one set of dependencies.
public enum ServiceCatalog {
    /// The services of `role` other than the backend, in a fixed order.
    public static func services(for role: ServiceRole, dependencies: ServiceDependencies) throws(SettingError) -> [any Service] {
        var services: [any Service] = []
        for name in ServiceName.allCases where name != .backend && role.runs(name) {
            services.append(try make(name, dependencies))
        }
        return services
    }

    static func make(_ name: ServiceName, _ dependencies: ServiceDependencies) throws(SettingError) -> any Service {
        switch name {
        case .backend: preconditionFailure("the backend's routes are BackendAPI's own")
        case .recurring: RecurringTaskService(dependencies)
        case .notification: try NotificationService(dependencies)
        case .audit: AuditLogService(dependencies)
        case .websocket: LiveUpdateService(dependencies)
        }
    }
}
