import Foundation
import Testing
@testable import TodoServices

/// The short memory of active sessions that spares a table read per request.
@Suite struct SessionCacheTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let user = UUID(), session = UUID()

    @Test func aFoundSessionIsTrustedForTheLifetimeOnly() {
        let cache = SessionCache()
        #expect(!cache.isFresh(session, now: now))
        cache.remember(session, of: user, now: now, readSince: cache.mark)
        #expect(cache.isFresh(session, now: now.addingTimeInterval(SessionCache.lifetime - 1)))
        #expect(!cache.isFresh(session, now: now.addingTimeInterval(SessionCache.lifetime)))
    }

    @Test func endingASessionForgetsItAtOnce() {
        let cache = SessionCache()
        cache.remember(session, of: user, now: now, readSince: cache.mark)
        cache.forget(session)
        #expect(!cache.isFresh(session, now: now))
    }

    @Test func aCheckThatReadTheTableBeforeAnEndingDoesNotBringTheSessionBack() {
        let cache = SessionCache()
        let mark = cache.mark          // a request starts reading the sessions table…
        cache.forget(session)          // …logout ends the session meanwhile…
        cache.remember(session, of: user, now: now, readSince: mark)  // …and the read found it active
        #expect(!cache.isFresh(session, now: now))
    }

    @Test func aPasswordChangeForgetsTheUsersOtherSessionsOnly() {
        let cache = SessionCache()
        let kept = UUID(), otherUser = UUID(), othersSession = UUID()
        for (id, owner) in [(session, user), (kept, user), (othersSession, otherUser)] {
            cache.remember(id, of: owner, now: now, readSince: cache.mark)
        }
        cache.forgetSessions(of: user, except: kept)
        #expect(!cache.isFresh(session, now: now))
        #expect(cache.isFresh(kept, now: now))
        #expect(cache.isFresh(othersSession, now: now))
    }
}
