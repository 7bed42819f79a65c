import Foundation
import TodoCore

/// Where users, tokens, tasks and their events live. Every task operation is scoped to one
/// user: another user's task is simply not found.
///
/// Every change writes its event to the outbox in the same transaction (DESIGN §7): there is
/// no event without its change and no change without its event. Errors are `StoreError`.
public protocol TaskStore: AnyObject, Sendable {
    /// Where the data is, safe to print.
    var displayURL: String { get }

    // MARK: Users and tokens

    func createUser(email: String, name: String?, passwordHash: String?, now: Date) throws -> User
    func user(id: UUID) throws -> User?
    func user(email: String) throws -> User?
    /// The single user the CLI acts as on a local database, created on first use.
    func localUser() throws -> User

    func createAccessToken(userID: UUID, name: String, now: Date) throws -> IssuedAccessToken
    func accessTokens(userID: UUID) throws -> [AccessToken]
    /// Deletes the token; false when the user has no such token.
    func revokeAccessToken(id: UUID, userID: UUID) throws -> Bool
    /// The owner of a valid token secret, recording its use.
    func user(forAccessToken secret: String, now: Date) throws -> User?

    // MARK: Login sessions

    /// Records a new login session of the user, valid until `expiresAt`; returns its id. The
    /// user's expired sessions are removed on the way.
    func createSession(userID: UUID, now: Date, expiresAt: Date) throws -> UUID
    /// Whether the user's session exists and has not expired.
    func isSessionActive(id: UUID, userID: UUID, now: Date) throws -> Bool
    /// Ends one session of the user; false when there was none.
    func endSession(id: UUID, userID: UUID) throws -> Bool
    /// Replaces the user's password hash and ends every session of the user except
    /// `keepingSession`, in one transaction.
    func changePassword(userID: UUID, passwordHash: String, keepingSession: UUID?) throws

    // MARK: Tasks

    func createTask(_ draft: TaskDraft, userID: UUID, now: Date) throws -> TodoTask
    /// Creates all drafts in one transaction: all or none.
    func createTasks(_ drafts: [TaskDraft], userID: UUID, now: Date) throws -> [TodoTask]
    /// Creates tasks for possibly different users in one transaction (group commit). Each
    /// request succeeds or fails on its own validation; a database failure fails them all.
    /// Drafts must not carry their own `id` (a collision would abort the whole batch).
    func createTasks(_ requests: [TaskCreationRequest], now: Date) throws -> [Result<TodoTask, StoreError>]
    func task(id: UUID, userID: UUID) throws -> TodoTask?
    func task(number: Int, userID: UUID) throws -> TodoTask?
    /// Applies `patch`; with `expectedVersion`, fails with `versionConflict` unless it matches.
    /// A patch that changes nothing returns the task unchanged and writes no event.
    func updateTask(id: UUID, userID: UUID, patch: TaskPatch, expectedVersion: Int?, now: Date) throws -> TodoTask
    /// Marks the task completed (a no-op when it already is).
    func completeTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask
    /// Marks the task pending again (a no-op when it already is).
    func reopenTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask
    /// Deletes the task and returns it as it was.
    func deleteTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask
    func listTasks(_ query: TaskQuery, userID: UUID) throws -> TaskPage
    /// The user's tags with how many tasks carry each, most used first.
    func tagCounts(userID: UUID) throws -> [TagCount]

    // MARK: Outbox

    /// Events in the outbox after `position`, oldest first (the relay removes relayed ones).
    func outbox(after position: Int64, limit: Int) throws -> [OutboxRecord]

    /// The event backbone's tables in the same database: outbox relay, log, consumer positions.
    var eventLog: EventLogStore { get }

    /// Closes the underlying connections.
    func close()
}

/// One task to create for one user, as part of a group commit.
public struct TaskCreationRequest: Sendable {
    public var draft: TaskDraft
    public var userID: UUID

    public init(draft: TaskDraft, userID: UUID) {
        self.draft = draft
        self.userID = userID
    }
}
