import Foundation
import TodoCore

/// Users, their personal access tokens and their login sessions. Input is checked with
/// `AccountValidator`; a refusal is `StoreError.invalidAccount`.
public protocol AccountRepository: Sendable {
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
}
