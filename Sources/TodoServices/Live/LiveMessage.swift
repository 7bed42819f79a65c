import Foundation
import TodoCore
import TodoEvents

/// One live message, as clients receive it over a WebSocket or SSE:
/// `{"type": "task.created|…|notification", "sequence": N, "task": {…}}` (a notification also
/// carries `"notification": {…}`), where `sequence` is the user's event sequence (so a client
/// resumes from the last one it saw).
struct LiveMessage: Sendable, Equatable {
    var userID: UUID
    var sequence: Int64
    /// The JSON text sent.
    var json: String

    /// The message of an event on `task-updates`; nil for types clients are not shown.
    init?(event: CloudEvent) throws(LiveMessageError) {
        let type: String
        if let taskEvent = TaskEventType(cloudEventType: event.type) {
            type = "task." + taskEvent.rawValue
        } else if event.type == "com.todo.notification.delivered" {
            type = "notification"
        } else {
            return nil
        }
        guard let sequence = event.sequence else { throw .missingSequence(eventID: event.id) }
        let data = event.data
        guard let user = (event.partitionKey ?? data?["user_id"].flatMap { if case .string(let text) = $0 { text } else { nil } })
            .flatMap(UUID.parse) else { throw .missingUser(eventID: event.id) }
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("type")
        writer.value(type)
        writer.key("sequence")
        writer.value(sequence)
        writer.key("task")
        (data?["task"] ?? .null).write(to: &writer)
        if type == "notification" {
            // The notification itself, as `GET /api/v1/notifications` lists it: the event's
            // whole data repeated the user and the task inside it.
            writer.key("notification")
            (data?["notification"] ?? .null).write(to: &writer)
        }
        writer.endObject()
        self.init(userID: user, sequence: sequence, json: writer.string)
    }

    init(userID: UUID, sequence: Int64, json: String) {
        self.userID = userID
        self.sequence = sequence
        self.json = json
    }
}

/// Why an event on `task-updates` cannot become a message (it goes to the dead-letter topic).
enum LiveMessageError: Error, CustomStringConvertible {
    case missingSequence(eventID: String)
    case missingUser(eventID: String)

    var description: String {
        switch self {
        case .missingSequence(let id): "event \(id) has no sequence: a live message is ordered and resumed by it"
        case .missingUser(let id): "event \(id) names no user (partition key or data.user_id)"
        }
    }
}
