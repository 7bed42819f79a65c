import Foundation
import TodoCore

/// Where users, tokens, tasks and their events live: one database, three concerns, each
/// declared on its own — `AccountRepository` (users, access tokens, login sessions),
/// `TaskRepository` (tasks and tags) and `EventRepository` (the outbox and the event log).
/// Every task operation is scoped to one user: another user's task is simply not found.
///
/// Every change writes its event to the outbox in the same transaction (DESIGN §7): there is
/// no event without its change and no change without its event. Errors are `StoreError`.
public protocol TaskStore: AnyObject, AccountRepository, TaskRepository, EventRepository, SeriesRepository, AuditRepository,
    NotificationRepository, WebhookRepository, EmailDeliveryRepository, ConversationRepository, ImportRepository {
    /// Where the data is, safe to print.
    var displayURL: String { get }

    /// Closes the underlying connections.
    func close()
}
