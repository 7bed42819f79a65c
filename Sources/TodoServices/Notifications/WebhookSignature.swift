import Foundation
import TodoCore

/// The signature of a webhook request, as Stripe and Standard Webhooks sign theirs:
/// `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, the key
/// being the webhook's secret as given (`whsec_…`, its UTF-8 bytes). A receiver recomputes it
/// over the raw body, compares in constant time, and refuses a `t` too far from its clock.
enum WebhookSignature {
    static func header(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        "t=\(timestamp),v1=\(Hex.encode(HMACSHA256.mac(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + body)))"
    }
}
