import Foundation
import Testing
import Synchronization
import TodoCore
@testable import TodoServices

@Suite struct PasswordHasherTests {
    let fast = PasswordHasher(iterations: 1_000)

    @Test func derivesTheRFC7914Vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64.
        let key = PasswordHasher.derive(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, length: 64)
        #expect(Hex.encode(key)
            == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    }

    @Test func verifiesWhatItHashedAndNothingElse() {
        let stored = fast.hash("correct horse")
        #expect(stored.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(fast.verify("correct horse", against: stored))
        #expect(!fast.verify("correct horse!", against: stored))
        #expect(fast.hash("correct horse") != stored, "each hash has its own salt")
        #expect(PasswordHasher().iterations >= 600_000)
    }

    /// A password typed with a combining accent (NFD) is the one typed composed (NFC): registering
    /// with one and signing in with the other failed (an outside API check). A hash made before
    /// from the bytes as typed still verifies them.
    @Test func aPasswordIsTheSameInEitherUnicodeForm() {
        let composed = "p\u{E4}ssw\u{F6}rd-1", decomposed = "pa\u{308}sswo\u{308}rd-1"
        #expect(!composed.utf8.elementsEqual(decomposed.utf8))
        #expect(fast.verify(decomposed, against: fast.hash(composed)))
        #expect(fast.verify(composed, against: fast.hash(decomposed)))
        #expect(!fast.verify("passwo\u{308}rd-1", against: fast.hash(composed)))
        let salt = Array("sixteen byte salt".utf8.prefix(16))
        let legacy = "pbkdf2-sha256$1000$\(Data(salt).base64URLEncodedString())$"
            + Data(PasswordHasher.derive(password: Array(decomposed.utf8), salt: salt, iterations: 1000, length: 32)).base64URLEncodedString()
        #expect(fast.verify(decomposed, against: legacy))
    }

    @Test(arguments: ["", "pbkdf2-sha256", "pbkdf2-sha256$1000$$", "md5$1000$c2FsdA$aGFzaA", "pbkdf2-sha256$10$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
                      "pbkdf2-sha256$999999999$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA", "pbkdf2-sha256$1000$!!$aGFzaA", "pbkdf2-sha256$x$c2FsdA$aGFzaA"])
    func refusesMalformedStoredHashes(_ stored: String) {
        #expect(!fast.verify("anything", against: stored))
    }
}

@Suite struct JWTTests {
    let signer = JWTSigner(secret: Array("a-secret-of-at-least-thirty-two-bytes!".utf8))
    let now = Date(timeIntervalSince1970: 1_795_600_000)

    @Test func roundTripsClaims() throws {
        let token = signer.sign(subject: "user-1", issuedAt: now, expiresAt: now.addingTimeInterval(3600))
        let claims = try signer.verify(token, now: now.addingTimeInterval(60))
        #expect(claims.subject == "user-1")
        #expect(claims.expiresAt == now.addingTimeInterval(3600))
        #expect(token.split(separator: ".").first == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9")
    }

    @Test func refusesExpiredForgedAndTamperedTokens() throws {
        let token = signer.sign(subject: "user-1", issuedAt: now, expiresAt: now.addingTimeInterval(3600))
        #expect(throws: JWTError.expired) { try signer.verify(token, now: now.addingTimeInterval(3600)) }
        let other = JWTSigner(secret: Array("another-secret-of-at-least-32-bytes!!".utf8))
        #expect(throws: JWTError.badSignature) { try other.verify(token, now: now) }
        var parts = token.split(separator: ".").map(String.init)
        parts[1] = Data(#"{"sub":"admin","iat":0,"exp":9999999999}"#.utf8).base64URLEncodedString()
        #expect(throws: JWTError.badSignature) { try signer.verify(parts.joined(separator: "."), now: now) }
        let none = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URLEncodedString() + "." + token.split(separator: ".")[1] + "."
        #expect(throws: JWTError.self) { try signer.verify(none, now: now) }
    }

    /// RFC 7519 §4.1.5: a signed token with `nbf` in the future is not accepted yet (it was).
    @Test func refusesATokenBeforeItsNotBefore() throws {
        func signed(_ payload: String) -> String {
            let head = Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8).base64URLEncodedString() + "." + Data(payload.utf8).base64URLEncodedString()
            return head + "." + Data(HMACSHA256.mac(key: Array("a-secret-of-at-least-thirty-two-bytes!".utf8), message: Array(head.utf8)))
                .base64URLEncodedString()
        }
        let seconds = Int(now.timeIntervalSince1970)
        let later = signed(#"{"sub":"user-1","iat":\#(seconds),"nbf":\#(seconds + 86_400),"exp":\#(seconds + 172_800)}"#)
        #expect(throws: JWTError.notYetValid) { try signer.verify(later, now: now) }
        #expect(try signer.verify(later, now: now.addingTimeInterval(86_400)).subject == "user-1")
        // A minute of leeway for clocks that disagree.
        let soon = signed(#"{"sub":"user-1","iat":\#(seconds),"nbf":\#(seconds + 30),"exp":\#(seconds + 3_600)}"#)
        #expect(try signer.verify(soon, now: now).subject == "user-1")
    }

    @Test(arguments: ["", "a.b", "a.b.c.d", "!!!.###.$$$", String(repeating: "a", count: 5000)])
    func refusesGarbage(_ token: String) {
        #expect(throws: JWTError.self) { try signer.verify(token, now: now) }
    }
}

@Suite struct JWTSecretTests {
    @Test func takesTheEnvironmentOrKeepsAKeyFileWithMode0600() throws {
        #expect(throws: JWTSecretError.self) { try JWTSecret.resolve(environment: "short", keyFile: URL(fileURLWithPath: "/nonexistent/x")) }
        let given = String(repeating: "k", count: 32)
        #expect(try JWTSecret.resolve(environment: given, keyFile: URL(fileURLWithPath: "/nonexistent/x")) == Array(given.utf8))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("todo.db.jwt-secret")
        let first = try JWTSecret.resolve(environment: nil, keyFile: file)
        #expect(first.count == 32)
        #expect((try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try JWTSecret.resolve(environment: nil, keyFile: file) == first)
        chmod(file.path, 0o644)
        #expect(throws: JWTSecretError.self) { try JWTSecret.resolve(environment: nil, keyFile: file) }
    }
}

@Suite struct PasswordHashingPoolTests {
    @Test func refusesAtOnceWhenItsQueueIsFull() throws {
        let pool = PasswordHashingPool(threads: 1, maxWaiting: 1)
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let results = Mutex<[Int?]>([])
        // The one thread runs a job that blocks; a second job waits in the queue.
        Thread.detachNewThread {
            let result = pool.run { started.signal(); release.wait(); return 1 }
            results.withLock { $0.append(result) }
        }
        #expect(started.wait(timeout: .now() + 5) == .success)
        Thread.detachNewThread {
            let result = pool.run { 2 }
            results.withLock { $0.append(result) }
        }
        let deadline = Date().addingTimeInterval(5)
        while pool.waiting < 1, Date() < deadline { usleep(1_000) }
        #expect(pool.run { 3 } == nil, "a third job finds the queue full and is refused without waiting")
        release.signal()
        while results.withLock({ $0.count }) < 2, Date() < deadline { usleep(1_000) }
        #expect(results.withLock { $0.compactMap { $0 }.sorted() } == [1, 2])
    }

    /// One client's burst may fill half the queue, not all of it: another client's login still
    /// gets a place (it got 503 behind 20 requests of one address).
    @Test func oneClientHoldsAtMostHalfTheQueue() throws {
        let pool = PasswordHashingPool(threads: 1, maxWaiting: 4)
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let results = Mutex<[Int?]>([])
        Thread.detachNewThread {
            let result = pool.run(for: "10.0.0.1") { started.signal(); release.wait(); return 0 }
            results.withLock { $0.append(result) }
        }
        #expect(started.wait(timeout: .now() + 5) == .success)
        for number in 1...2 {
            Thread.detachNewThread {
                let result = pool.run(for: "10.0.0.1") { number }
                results.withLock { $0.append(result) }
            }
        }
        let deadline = Date().addingTimeInterval(5)
        while pool.waiting < 2, Date() < deadline { usleep(1_000) }
        #expect(pool.run(for: "10.0.0.1") { 3 } == nil, "the burst's third waiting job is refused")
        Thread.detachNewThread {
            let result = pool.run(for: "10.0.0.2") { 4 }
            results.withLock { $0.append(result) }
        }
        while pool.waiting < 3, Date() < deadline { usleep(1_000) }
        #expect(pool.waiting == 3, "another client's job waits beside the burst")
        release.signal()
        while results.withLock({ $0.count }) < 4, Date() < deadline { usleep(1_000) }
        #expect(results.withLock { $0.compactMap { $0 }.sorted() } == [0, 1, 2, 4])
    }
}
