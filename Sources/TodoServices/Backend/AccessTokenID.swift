import Foundation
import TodoCore
import TodoHTTP

/// A personal access token as the `:id` of a route names it: its UUID.
struct AccessTokenID: RouteParameter {
    let uuid: UUID

    /// A malformed id is the 404 of an unknown token, since no token can have it.
    init(routeParameter text: String) throws {
        guard let uuid = UUID.parse(text) else { throw HTTPError.notFound("token \(text) not found") }
        self.uuid = uuid
    }
}
