import Foundation
import TodoCore
import TodoHTTP

/// The `:id` of a route that names one of the user's resources by its UUID. A malformed id is
/// the 404 of an unknown resource, since none can have it.
protocol ResourceID: RouteParameter {
    /// The resource, as the 404's message names it: "webhook", "notification".
    static var resourceName: String { get }
    var uuid: UUID { get }
    init(uuid: UUID)
}

extension ResourceID {
    init(routeParameter text: String) throws {
        guard let uuid = UUID.parse(text) else { throw HTTPError.notFound("\(Self.resourceName) \(text.prefix(40)) not found") }
        self.init(uuid: uuid)
    }
}

/// A personal access token as the `:id` of a route names it.
struct AccessTokenID: ResourceID {
    static let resourceName = "token"
    let uuid: UUID
}
