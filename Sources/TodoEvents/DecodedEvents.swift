import Foundation
import Synchronization
import TodoStore

/// The decoded form of the log's recent messages, shared by every consumer group of one
/// embedded bus. `todo serve` runs its services in one process, each as its own group, and each
/// group used to read every event's JSON again (docs/benchmarks.md, "Event decoding once per
/// process"). Keyed by event id and checked against the payload: a task event's two topics
/// carry the same text, and a dead letter reuses its event's id with another text. Only
/// decoding is shared; what each group does with the result, and its position, stay its own.
final class DecodedEvents: Sendable {
    private struct Decoded {
        let payload: String
        let result: Result<CloudEvent, CloudEventError>
    }

    /// The most recent decodings; groups read the same stretch of the log within a few batches
    /// of each other, so this covers them and bounds the memory held.
    private let recent: Mutex<(byID: [String: Decoded], order: [String], next: Int, decodings: Int)>
    let capacity: Int

    init(capacity: Int = 4_096) {
        self.capacity = max(1, capacity)
        recent = Mutex(([:], [], 0, 0))
    }

    /// How many payloads were decoded (not found among the recent ones), for the tests.
    var decodings: Int { recent.withLock { $0.decodings } }

    /// `payload` as a CloudEvent (or why it is not one), decoded once for all groups.
    func decode(_ payload: String, eventID: String) -> Result<CloudEvent, CloudEventError> {
        if let known = recent.withLock({ $0.byID[eventID] }), Self.sameText(known.payload, payload) { return known.result }
        let result: Result<CloudEvent, CloudEventError>
        do throws(CloudEventError) {
            result = .success(try CloudEvent(decoding: payload.utf8))
        } catch {
            result = .failure(error)
        }
        let decoded = Decoded(payload: payload, result: result)
        recent.withLock { recent in
            recent.decodings += 1
            if recent.byID.updateValue(decoded, forKey: eventID) != nil { return }
            if recent.order.count < capacity {
                recent.order.append(eventID)
            } else {
                // The oldest id gives its place up (ring order).
                recent.byID[recent.order[recent.next]] = nil
                recent.order[recent.next] = eventID
                recent.next = (recent.next + 1) % capacity
            }
        }
        return result
    }

    /// Byte equality (`memcmp`), without the Unicode-aware comparison of `==`.
    private static func sameText(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { left in
            b.withUTF8 { right in
                left.count == right.count && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
            }
        }
    }
}
