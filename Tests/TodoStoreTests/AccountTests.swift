import Foundation
import Testing
import TodoCore
@testable import TodoStore

@Suite struct AccountTests {
    @Test(arguments: Backend.available)
    func emailsAreUniqueIgnoringCase(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.store.createUser(email: "Ada@Example.com", name: "Ada", passwordHash: "hash", now: Fixed.now)
        #expect(try fixture.store.user(email: "ada@example.COM") == user)
        #expect(try fixture.store.user(id: user.id)?.email == "Ada@Example.com")
        do {
            _ = try fixture.store.createUser(email: "ADA@example.com", name: nil, passwordHash: nil, now: Fixed.now)
            Issue.record("duplicate email accepted")
        } catch StoreError.emailTaken {
        }
    }

    @Test(arguments: Backend.available)
    func implausibleEmailsAreRefused(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        for email in ["", "no-at-sign", "two@@example.com", "a@b", "spaces in@example.com", "x@.com", User.localEmail] {
            #expect(throws: StoreError.self, "\(email)") {
                try fixture.store.createUser(email: email, name: nil, passwordHash: nil, now: Fixed.now)
            }
        }
    }

    @Test(arguments: Backend.available)
    func theLocalUserIsCreatedOnce(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let first = try fixture.store.localUser()
        #expect(try fixture.store.localUser() == first)
    }

    @Test(arguments: Backend.available)
    func accessTokensAuthenticateUntilRevoked(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser(), other = try fixture.makeUser()
        let issued = try fixture.store.createAccessToken(userID: user.id, name: "laptop", now: Fixed.now)
        #expect(issued.secret.hasPrefix("todo_pat_"))
        #expect(try fixture.store.user(forAccessToken: issued.secret, now: Fixed.now)?.id == user.id)
        #expect(try fixture.store.user(forAccessToken: issued.secret + "x", now: Fixed.now) == nil)
        #expect(try fixture.store.user(forAccessToken: "todo_pat_guess", now: Fixed.now) == nil)

        let listed = try fixture.store.accessTokens(userID: user.id)
        #expect(listed.map(\.name) == ["laptop"])
        #expect(listed.first?.lastUsedAt == Fixed.now)
        #expect(try fixture.store.accessTokens(userID: other.id).isEmpty)

        #expect(try fixture.store.revokeAccessToken(id: issued.token.id, userID: other.id) == false)
        #expect(try fixture.store.revokeAccessToken(id: issued.token.id, userID: user.id))
        #expect(try fixture.store.user(forAccessToken: issued.secret, now: Fixed.now) == nil)
        #expect(throws: StoreError.self) { try fixture.store.createAccessToken(userID: user.id, name: "  ", now: Fixed.now) }
    }

    @Test(arguments: Backend.available)
    func tokenSecretsAreStoredOnlyAsDigests(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let issued = try fixture.store.createAccessToken(userID: user.id, name: "ci", now: Fixed.now)
        var stored: [String] = []
        try fixture.database.read { db in
            try db.query("SELECT token_hash FROM access_tokens", []) { stored.append($0.text(0)) }
        }
        #expect(stored.count == 1)
        #expect(!stored[0].contains(issued.secret))
        #expect(stored[0].count == 64)
    }

    @Test(arguments: Backend.available)
    func sessionsLastUntilEndedOrExpired(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = fixture.store
        let user = try fixture.makeUser(), other = try fixture.makeUser()
        let later = Fixed.now.addingTimeInterval(3600)
        let first = try store.createSession(userID: user.id, now: Fixed.now, expiresAt: later)
        let second = try store.createSession(userID: user.id, now: Fixed.now, expiresAt: later)
        #expect(try store.isSessionActive(id: first, userID: user.id, now: Fixed.now))
        #expect(try !store.isSessionActive(id: first, userID: other.id, now: Fixed.now), "a session belongs to its user")
        #expect(try !store.isSessionActive(id: first, userID: user.id, now: later), "expired")

        #expect(try !store.endSession(id: first, userID: other.id))
        #expect(try store.endSession(id: first, userID: user.id))
        #expect(try !store.isSessionActive(id: first, userID: user.id, now: Fixed.now))
        #expect(try !store.endSession(id: first, userID: user.id))
        #expect(try store.isSessionActive(id: second, userID: user.id, now: Fixed.now))
    }

    @Test(arguments: Backend.available)
    func aPasswordChangeEndsEveryOtherSessionOfTheUser(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = fixture.store
        let user = try fixture.makeUser(), other = try fixture.makeUser()
        let later = Fixed.now.addingTimeInterval(3600)
        let kept = try store.createSession(userID: user.id, now: Fixed.now, expiresAt: later)
        let ended = try store.createSession(userID: user.id, now: Fixed.now, expiresAt: later)
        let othersSession = try store.createSession(userID: other.id, now: Fixed.now, expiresAt: later)
        try store.changePassword(userID: user.id, passwordHash: "new hash", keepingSession: kept)
        #expect(try store.user(id: user.id)?.passwordHash == "new hash")
        #expect(try store.isSessionActive(id: kept, userID: user.id, now: Fixed.now))
        #expect(try !store.isSessionActive(id: ended, userID: user.id, now: Fixed.now))
        #expect(try store.isSessionActive(id: othersSession, userID: other.id, now: Fixed.now))
        try store.changePassword(userID: user.id, passwordHash: "newer hash", keepingSession: nil)
        #expect(try !store.isSessionActive(id: kept, userID: user.id, now: Fixed.now))
        #expect(throws: StoreError.self) { try store.changePassword(userID: UUID(), passwordHash: "x", keepingSession: nil) }
    }
}
