import Foundation

extension TodoTask {
    /// Field names and values exactly as the API shows them (DESIGN §6 "Task"), in order.
    /// Used for JSON output and for the `changes` of events, so both always agree.
    public var fields: [(name: String, value: JSONValue)] {
        let zone = ZonedTime.zone(named: timezone)
        func instant(_ date: Date?, local: Bool = false) -> JSONValue {
            guard let date else { return .null }
            if local, let zone { return .string(RFC3339.format(date, in: zone)) }
            return .string(RFC3339.format(date))
        }
        return [
            ("id", .string(id.uuidString.lowercased())),
            ("number", .int(Int64(number))),
            ("title", .string(title)),
            ("description", .string(description)),
            ("status", .string(status.rawValue)),
            ("priority", .string(priority.rawValue)),
            ("tags", .array(tags.map { .string($0) })),
            ("due_at", instant(dueAt, local: true)),
            ("all_day", .bool(allDay)),
            ("timezone", .string(timezone)),
            ("recurrence", recurrence.map { .string($0) } ?? .null),
            ("recurrence_from", .string(recurrenceFrom.rawValue)),
            ("series_id", seriesID.map { .string($0.uuidString.lowercased()) } ?? .null),
            ("reminders", .array(reminders.map { $0.jsonValue(in: zone) })),
            ("created_at", instant(createdAt)),
            ("updated_at", instant(updatedAt)),
            ("completed_at", instant(completedAt)),
            ("version", .int(Int64(version))),
        ]
    }

    /// Writes the task as its API JSON object.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        for field in fields {
            writer.key(field.name)
            field.value.write(to: &writer)
        }
        writer.endObject()
    }

    /// The fields that differ from `old`, as `{"field": {"from": …, "to": …}}` members.
    /// Bookkeeping fields (`updated_at`, `version`) are left out: they change every time.
    public func changes(from old: TodoTask) -> [(String, JSONValue)] {
        let before = old.fields
        return zip(before, fields).compactMap { previous, current in
            guard current.name != "updated_at", current.name != "version", previous.value != current.value else { return nil }
            return (current.name, .object([("from", previous.value), ("to", current.value)]))
        }
    }
}

extension Reminder {
    func jsonValue(in zone: TimeZone?) -> JSONValue {
        switch self {
        case .minutesBefore(let minutes):
            .object([("minutes_before", .int(Int64(minutes)))])
        case .at(let date):
            .object([("at", .string(zone.map { RFC3339.format(date, in: $0) } ?? RFC3339.format(date)))])
        }
    }
}
