import Foundation
import Testing
import TodoCore
import TodoEvents
import TodoStore
import TodoTestSupport

@Suite struct CloudEventTests {
    static let valid = #"{"specversion":"1.0","id":"e1","source":"/todo-chatbot/backend","type":"com.todo.task.created","subject":"t1","time":"2026-11-25T10:00:00Z","datacontenttype":"application/json","partitionkey":"u1","sequence":7,"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","data":{"user_id":"u1","task":{"title":"x"},"changes":{}}}"#

    @Test func roundTripsEveryAttribute() throws {
        let event = try CloudEvent(decoding: Array(Self.valid.utf8))
        #expect(event.id == "e1")
        #expect(event.type == "com.todo.task.created")
        #expect(event.sequence == 7)
        #expect(event.partitionKey == "u1")
        #expect(event.time == RFC3339.parse("2026-11-25T10:00:00Z"))
        #expect(event.data?["task"]?["title"] == .string("x"))
        let again = try CloudEvent(decoding: event.encoded())
        #expect(again == event)
    }

    @Test(arguments: [
        (#"not json"#, "not_json"),
        (#"[1]"#, "not_json"),
        (#"{"id":"e","source":"s","type":"t"}"#, "invalid_attribute"),
        (#"{"specversion":"0.3","id":"e","source":"s","type":"t"}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","source":"s","type":"t"}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":"","source":"s","type":"t"}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":"e","source":"s"}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":7,"source":"s","type":"t"}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"t","time":"yesterday"}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"t","sequence":-1}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"t","traceparent":"00-abc"}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"t","Bad-Name":"x"}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"t","ext":{"nested":1}}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"t","data_base64":"AA=="}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":"e","id":"f","source":"s","type":"t"}"#, "not_json"),
    ])
    func refusesMalformedEventsWithAReason(text: String, reason: String) {
        #expect {
            _ = try CloudEvent(decoding: Array(text.utf8))
        } throws: { error in
            (error as? CloudEventError)?.reason == reason && !(error as! CloudEventError).description.isEmpty
        }
    }

    @Test func anOutboxRowBecomesTheSameEnvelopeEveryTime() throws {
        let record = OutboxRecord(position: 3, eventID: UUID(uuidString: "0AF76519-16CD-43DD-8448-EB211C80319C")!, type: "com.todo.task.created",
                                  userID: UUID(uuidString: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8")!, sequence: 7, subject: "t1",
                                  occurredAt: RFC3339.parse("2026-11-25T10:00:00Z")!, data: #"{"task":{"title":"x"}}"#)
        let event = try CloudEvent(outbox: record)
        #expect(event.id == "0af76519-16cd-43dd-8448-eb211c80319c")
        #expect(event.partitionKey == "6ba7b810-9dad-11d1-80b4-00c04fd430c8")
        // The trace id is the event id; the span id comes from the sequence, 16 digits.
        #expect(event.traceparent == "00-0af7651916cd43dd8448eb211c80319c-538454127b096493-01")
        var first = record
        first.sequence = 0
        #expect(try CloudEvent(outbox: first).traceparent == "00-0af7651916cd43dd8448eb211c80319c-0000000000000001-01")
        #expect(try CloudEvent(outbox: record).encoded() == event.encoded())
        #expect(event.data?["task"]?["title"] == .string("x"))
    }

    @Test func refusesOversizedEvents() {
        let big = #"{"specversion":"1.0","id":"e","source":"s","type":"t","data":""# + String(repeating: "a", count: CloudEvent.maxEncodedSize) + #""}"#
        #expect(throws: CloudEventError.tooLarge(bytes: big.utf8.count, limit: CloudEvent.maxEncodedSize)) {
            _ = try CloudEvent(decoding: Array(big.utf8))
        }
    }

    /// Damaged copies of a valid event, from a fixed seed so a failure can be replayed: each is
    /// refused with a reason, or decodes to an event that encodes and decodes to itself.
    @Test func damagedEventsAreRefusedWithAReasonOrRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED_C10D_E7E7_0001)
        let pieces = Array(Self.valid.utf8)
        var refused = 0
        for _ in 0..<5_000 {
            var bytes = pieces
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            let event: CloudEvent
            do {
                event = try CloudEvent(decoding: bytes)
            } catch {
                refused += 1
                #expect(!error.description.isEmpty)
                continue
            }
            // What was accepted is a whole event: it encodes and decodes to itself.
            let again = try CloudEvent(decoding: event.encoded())
            #expect(again.encoded() == event.encoded(), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(refused > 1_000, "most random damage breaks the JSON or a required field")
    }
}
