import Foundation
import TodoCore

/// The events every change writes: the outbox the relay drains, and the event backbone's own
/// tables in the same database.
public protocol EventRepository: Sendable {
    /// Events in the outbox after `position`, oldest first (the relay removes relayed ones).
    func outbox(after position: Int64, limit: Int) throws -> [OutboxRecord]

    /// The event backbone's tables in the same database: outbox relay, log, consumer positions.
    var eventLog: EventLogStore { get }
}
