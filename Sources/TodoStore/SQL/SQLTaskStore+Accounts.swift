import Foundation
import TodoCore

/// Users, their personal access tokens and their login sessions (`AccountRepository`).
extension SQLTaskStore {
    // MARK: Users

    private static let userColumns = "id, email, name, password_hash, created_at"

    private static func decodeUser(_ row: any SQLRow) throws -> User {
        guard let id = UUID.parse(row.text(0)) else {
            throw DatabaseError(kind: .corrupt, code: "row", message: "a stored user id is not a UUID")
        }
        return User(id: id, email: row.text(1), name: row.optionalText(2), passwordHash: row.optionalText(3),
                    createdAt: Timestamp.date(milliseconds: row.int64(4)))
    }

    func createUser(email rawEmail: String, name rawName: String?, passwordHash: String?, now: Date) throws -> User {
        let email: String, name: String?
        do throws(AccountValidationError) {
            email = try AccountValidator.newAccountEmail(rawEmail)
            name = try AccountValidator.name(rawName)
        } catch { throw StoreError.invalidAccount(error) }
        return try insertUser(email: email, name: name, passwordHash: passwordHash, now: now)
    }

    private func insertUser(email: String, name: String?, passwordHash: String?, now: Date) throws(StoreError) -> User {
        let user = User(id: UUID.random(), email: email, name: name, passwordHash: passwordHash, createdAt: Timestamp.truncated(now))
        do {
            _ = try database.write { db in
                try db.execute("INSERT INTO users (id, email, email_key, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                               [.text(user.id.lowercasedString), .text(email), .text(AccountValidator.emailKey(email)), .optionalText(name),
                                .optionalText(passwordHash), .integer(Timestamp.milliseconds(user.createdAt))])
            }
        } catch let error as DatabaseError where error.kind == .uniqueViolation {
            throw .emailTaken(email)
        } catch {
            throw StoreError.wrap(error)
        }
        return user
    }

    func user(id: UUID) throws -> User? {
        try read { db in
            var user: User?
            try db.query("SELECT \(Self.userColumns) FROM users WHERE id = ?", [.text(id.lowercasedString)]) { user = try Self.decodeUser($0) }
            return user
        }
    }

    func user(email: String) throws -> User? {
        try read { db in
            var user: User?
            try db.query("SELECT \(Self.userColumns) FROM users WHERE email_key = ?", [.text(AccountValidator.emailKey(email))]) {
                user = try Self.decodeUser($0)
            }
            return user
        }
    }

    func localUser() throws -> User {
        if let user = try user(email: User.localEmail) { return user }
        do {
            return try insertUser(email: User.localEmail, name: "Local user", passwordHash: nil, now: Date())
        } catch .readOnly {
            // A read-only database that never had a local user: it owns no tasks, so reads show
            // none and every write fails with the read-only error.
            return User(id: UUID.random(), email: User.localEmail, name: "Local user", passwordHash: nil, createdAt: Date())
        } catch .emailTaken {
            // Another process created it between our read and our insert.
            guard let user = try user(email: User.localEmail) else { throw StoreError.userNotFound }
            return user
        }
    }

    // MARK: Access tokens

    func createAccessToken(userID: UUID, name rawName: String, now: Date) throws -> IssuedAccessToken {
        let name: String
        do throws(AccountValidationError) { name = try AccountValidator.tokenName(rawName) } catch { throw StoreError.invalidAccount(error) }
        let secret = TokenSecret.generate()
        let token = AccessToken(id: UUID.random(), userID: userID, name: name, createdAt: Timestamp.truncated(now), lastUsedAt: nil)
        try write { db in
            // Said plainly rather than left to the foreign key, whose violation reads as a database failure.
            guard try db.scalarInt("SELECT 1 FROM users WHERE id = ?", [.text(userID.lowercasedString)]) != nil else {
                throw StoreError.userNotFound
            }
            try db.execute("INSERT INTO access_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                           [.text(token.id.lowercasedString), .text(userID.lowercasedString), .text(name),
                            .text(TokenSecret.digest(secret)), .integer(Timestamp.milliseconds(token.createdAt))])
        }
        return IssuedAccessToken(token: token, secret: secret)
    }

    func accessTokens(userID: UUID) throws -> [AccessToken] {
        try read { db in
            var tokens: [AccessToken] = []
            try db.query("SELECT id, name, created_at, last_used_at FROM access_tokens WHERE user_id = ? ORDER BY created_at, id",
                         [.text(userID.lowercasedString)]) { row in
                guard let id = UUID.parse(row.text(0)) else { return }
                tokens.append(AccessToken(id: id, userID: userID, name: row.text(1), createdAt: Timestamp.date(milliseconds: row.int64(2)),
                                          lastUsedAt: row.optionalInt64(3).map(Timestamp.date(milliseconds:))))
            }
            return tokens
        }
    }

    func revokeAccessToken(id: UUID, userID: UUID) throws -> Bool {
        try write { db in
            try db.execute("DELETE FROM access_tokens WHERE id = ? AND user_id = ?", [.text(id.lowercasedString), .text(userID.lowercasedString)]) > 0
        }
    }

    /// Last use is recorded at most once a minute per token, so authentication stays a read.
    private static let lastUsedResolution: Int64 = 60_000

    func user(forAccessToken secret: String, now: Date) throws -> User? {
        guard secret.hasPrefix(TokenSecret.prefix), secret.utf8.count < 200 else { return nil }
        let digest = TokenSecret.digest(secret)
        var found: (user: User, tokenID: String, lastUsed: Int64?)?
        try read { db in
            try db.query("""
                SELECT u.id, u.email, u.name, u.password_hash, u.created_at, a.id, a.last_used_at
                FROM access_tokens a JOIN users u ON u.id = a.user_id WHERE a.token_hash = ?
                """, [.text(digest)]) { row in
                found = (try Self.decodeUser(row), row.text(5), row.optionalInt64(6))
            }
        }
        guard let found else { return nil }
        let nowMs = Timestamp.milliseconds(now)
        if (found.lastUsed ?? 0) + Self.lastUsedResolution <= nowMs {
            try write { db in
                try db.execute("UPDATE access_tokens SET last_used_at = ? WHERE id = ?", [.integer(nowMs), .text(found.tokenID)])
            }
        }
        return found.user
    }

    // MARK: Login sessions

    /// One row per session token issued, deleted when it is ended.
    func createSession(userID: UUID, now: Date, expiresAt: Date) throws -> UUID {
        let id = UUID.random()
        let user = SQLValue.text(userID.lowercasedString)
        try write { db in
            // Expired rows go when their user signs in again, so the table stays as large as
            // the sessions in use without a sweeper.
            try db.execute("DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?", [user, .integer(Timestamp.milliseconds(now))])
            try db.execute("INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           [.text(id.lowercasedString), user, .integer(Timestamp.milliseconds(now)),
                            .integer(Timestamp.milliseconds(expiresAt))])
        }
        return id
    }

    func isSessionActive(id: UUID, userID: UUID, now: Date) throws -> Bool {
        try read { db in
            var found = false
            try db.query("SELECT 1 FROM sessions WHERE id = ? AND user_id = ? AND expires_at > ?",
                         [.text(id.lowercasedString), .text(userID.lowercasedString), .integer(Timestamp.milliseconds(now))]) { _ in
                found = true
            }
            return found
        }
    }

    func endSession(id: UUID, userID: UUID) throws -> Bool {
        try write { db in
            try db.execute("DELETE FROM sessions WHERE id = ? AND user_id = ?", [.text(id.lowercasedString), .text(userID.lowercasedString)]) > 0
        }
    }

    func changePassword(userID: UUID, passwordHash: String, keepingSession: UUID?) throws {
        let user = SQLValue.text(userID.lowercasedString)
        try write { db in
            guard try db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [.text(passwordHash), user]) > 0 else {
                throw StoreError.userNotFound
            }
            if let keepingSession {
                try db.execute("DELETE FROM sessions WHERE user_id = ? AND id <> ?", [user, .text(keepingSession.lowercasedString)])
            } else {
                try db.execute("DELETE FROM sessions WHERE user_id = ?", [user])
            }
        }
    }
}
