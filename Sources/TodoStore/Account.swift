import Foundation

/// A person with tasks. Every task, token and event belongs to exactly one user.
public struct User: Hashable, Sendable {
    public var id: UUID
    public var email: String
    public var name: String?
    /// The password hash as the auth layer wrote it; nil for the CLI's local user.
    public var passwordHash: String?
    public var createdAt: Date

    public init(id: UUID, email: String, name: String?, passwordHash: String?, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }

    /// The email of the single user the CLI acts as on a local database. Not a valid address,
    /// so no registration can collide with it.
    public static let localEmail = "local"
}

/// A personal access token as listed: never its secret.
public struct AccessToken: Hashable, Sendable {
    public var id: UUID
    public var userID: UUID
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: UUID, userID: UUID, name: String, createdAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.userID = userID
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// A token just created: the only time its secret is known.
public struct IssuedAccessToken: Hashable, Sendable {
    public var token: AccessToken
    public var secret: String
}

/// One committed event in the outbox, in commit order of its user.
public struct OutboxRecord: Hashable, Sendable {
    /// Global position in the outbox (increasing; may have gaps).
    public var position: Int64
    public var eventID: UUID
    /// CloudEvents type, e.g. `com.todo.task.created`.
    public var type: String
    public var userID: UUID
    /// Per-user sequence (DESIGN §6 `sequence` extension).
    public var sequence: Int64
    /// The task id.
    public var subject: String
    public var occurredAt: Date
    /// The CloudEvent `data` member as JSON text.
    public var data: String

    public init(position: Int64, eventID: UUID, type: String, userID: UUID, sequence: Int64, subject: String,
                occurredAt: Date, data: String) {
        self.position = position
        self.eventID = eventID
        self.type = type
        self.userID = userID
        self.sequence = sequence
        self.subject = subject
        self.occurredAt = occurredAt
        self.data = data
    }
}
