import Foundation
import Testing
import TodoEvents
@testable import TodoServices

/// Webhook URLs (SSRF), their signature and their retry schedule.
@Suite struct WebhookPolicyTests {
    let policy = WebhookAddressPolicy(allowedHosts: [])

    @Test(arguments: ["ftp://example.com/hook", "file:///etc/passwd", "gopher://x", "not a url", "http://", "/relative"])
    func aURLThatIsNotHTTPIsRefused(_ url: String) {
        #expect(throws: WebhookAddressError.self) { try policy.check(url) }
    }

    @Test(arguments: ["http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook", "http://10.1.2.3/",
                      "http://172.20.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://0.0.0.0/",
                      "http://[fe80::1]/", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://2130706433/",
                      // IPv6 forms that carry an internal IPv4 address: NAT64, local NAT64, 6to4, SIIT, Teredo.
                      "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::10.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[64:ff9b:1::a00:1]/",
                      "http://[2002:7f00:1::]/", "http://[2002:a9fe:a9fe::]/", "http://[::ffff:0:a9fe:a9fe]/", "http://[2001:0:4136:e378::1]/"])
    func aURLIntoAPrivateNetworkIsRefused(_ url: String) {
        #expect(throws: WebhookAddressError.self) { try policy.check(url) }
    }

    /// URLs that could never be delivered to, refused with what to change (they were created,
    /// failed until disabled; a long one was called malformed).
    @Test func aURLWithABadPortASpaceOrPastTheLengthLimitIsRefusedSayingSo() {
        #expect(throws: WebhookAddressError.badPort(0)) { try policy.check("http://1.1.1.1:0/") }
        #expect(throws: WebhookAddressError.badPort(99999)) { try policy.check("http://1.1.1.1:99999/") }
        #expect(throws: WebhookAddressError.malformed) { try policy.check("http://1.1.1.1/x y") }
        #expect(throws: WebhookAddressError.malformed) { try policy.check("http://1.1.1.1/x\ty") }
        #expect(throws: WebhookAddressError.tooLong(limit: 2048)) { try policy.check("http://1.1.1.1/" + String(repeating: "a", count: 5000)) }
        #expect(WebhookAddressError.tooLong(limit: 2048).description == "url must be at most 2048 bytes long")
        #expect(WebhookAddressError.badPort(0).description.contains("from 1 to 65535"))
    }

    @Test func anAllowedHostPassesAndCredentialsDoNot() throws {
        let allowing = WebhookAddressPolicy(allowedHosts: ["127.0.0.1"])
        #expect(try allowing.check("http://127.0.0.1:9/hook").port == 9)
        #expect(throws: WebhookAddressError.credentials) { try allowing.check("http://user:pw@127.0.0.1/hook") }
        #expect(throws: WebhookAddressError.self) { try allowing.check("http://127.0.0.2/hook") }
    }

    /// The request goes to the addresses checked (libcurl's CURLOPT_RESOLVE), not to what the
    /// name resolves to a moment later; an address written in the URL needs no pin.
    @Test func aNameIsPinnedToTheAddressesChecked() throws {
        let allowing = WebhookAddressPolicy(allowedHosts: [])
        #expect(try allowing.target("http://93.184.216.34:8080/hook").pins.isEmpty)
        // Resolved without a network: a name in /etc/hosts would do, but only "localhost" is
        // sure to be there, and it is refused; an allowed host is not pinned.
        #expect(try WebhookAddressPolicy(allowedHosts: ["localhost"]).target("http://localhost:9/hook").pins.isEmpty)
        #expect(throws: WebhookAddressError.self) { try allowing.target("http://localhost:9/hook") }
    }

    @Test func publicAddressesAreNotInternal() {
        #expect(!WebhookAddressPolicy.isInternal([93, 184, 216, 34]))
        #expect(!WebhookAddressPolicy.isInternal([172, 32, 0, 1]))
        #expect(!WebhookAddressPolicy.isInternal([0x26, 0x06, 0x28, 0x00] + Array(repeating: 0, count: 11) + [1]))
        #expect(WebhookAddressPolicy.isInternal(Array(repeating: 0, count: 15) + [1]))
        // NAT64 and 6to4 forms of a public IPv4 address are public.
        #expect(!WebhookAddressPolicy.isInternal([0x00, 0x64, 0xFF, 0x9B] + Array(repeating: 0, count: 8) + [93, 184, 216, 34]))
        #expect(!WebhookAddressPolicy.isInternal([0x20, 0x02, 93, 184, 216, 34] + Array(repeating: 0, count: 10)))
    }

    @Test func theSignatureIsHMACSHA256OfTimestampDotBody() {
        // python3: hmac.new(b'whsec_test', b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
        #expect(WebhookSignature.header(secret: "whsec_test", timestamp: 1_700_000_000, body: Array(#"{"a":1}"#.utf8))
                == "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789")
    }

    @Test func retriesBackOffExponentiallyThenStop() throws {
        let settings = try WebhookSettings(environment: ["TODO_WEBHOOK_RETRY_BASE": "2"])
        #expect((1...6).map { settings.retryDelay(afterFailedAttempts: $0) } == [2, 4, 8, 16, 32, nil])
        #expect(throws: SettingError.self) { try WebhookSettings(environment: ["TODO_WEBHOOK_TIMEOUT": "soon"]) }
    }
}
