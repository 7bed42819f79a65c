import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// A task as the `:id` of a route names it: by UUID or by number (`/api/v1/tasks/12` is #12).
struct TaskReference: RouteParameter {
    enum Key {
        case id(UUID)
        case number(Int)
    }

    let key: Key
    /// As the client wrote it, for the error when no task has it.
    let text: String

    /// Anything else is the 404 of an unknown task: no task can have it.
    init(routeParameter text: String) throws {
        self.text = text
        if let id = UUID.parse(text) {
            key = .id(id)
        } else if let number = Int(text), number > 0 {
            key = .number(number)
        } else {
            throw Self.notFound(text)
        }
    }

    /// The error when no task of the user has this reference.
    var notFound: StoreError { Self.notFound(text) }

    private static func notFound(_ text: String) -> StoreError {
        .taskNotFound(Int(text) != nil ? "#\(text)" : text)
    }
}
