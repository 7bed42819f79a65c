/// Builds the services a process runs besides the backend, from one set of dependencies.
public enum ServiceCatalog {
    /// The services of `role` other than the backend, in a fixed order.
    public static func services(for role: ServiceRole, dependencies: ServiceDependencies) throws(ServiceSettingError) -> [any Service] {
        var services: [any Service] = []
        for name in ServiceName.allCases where name != .backend && role.runs(name) {
            services.append(try make(name, dependencies))
        }
        return services
    }

    static func make(_ name: ServiceName, _ dependencies: ServiceDependencies) throws(ServiceSettingError) -> any Service {
        switch name {
        case .backend: preconditionFailure("the backend's routes are BackendAPI's own")
        case .recurring: RecurringTaskService(dependencies)
        case .notification: NotificationService(dependencies)
        case .audit: AuditLogService(dependencies)
        case .websocket: LiveUpdateService(dependencies)
        }
    }
}

/// A service setting that cannot be used, named as the user set it (`TODO_SMTP_URL`, …):
/// start-up stops with one line naming it (DESIGN §6 "Configuration").
public struct ServiceSettingError: Error, Sendable, CustomStringConvertible {
    public var setting: String
    public var reason: String

    public init(setting: String, reason: String) {
        self.setting = setting
        self.reason = reason
    }

    public var description: String { "\(setting): \(reason)" }
}
