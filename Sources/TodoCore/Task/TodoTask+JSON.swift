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
            ("id", .string(id.lowercasedString)),
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
            ("series_id", seriesID.map { .string($0.lowercasedString) } ?? .null),
            ("reminders", .array(reminders.map { $0.jsonValue(in: zone) })),
            ("created_at", instant(createdAt)),
            ("updated_at", instant(updatedAt)),
            ("completed_at", instant(completedAt)),
            ("version", .int(Int64(version))),
        ]
    }

    /// Writes the task as its API JSON object: the same members as `fields`, written directly
    /// because this runs for every task of every listing.
    public func write(to writer: inout JSONWriter) {
        let zone = ZonedTime.zone(named: timezone)
        func instant(_ date: Date?, local: Bool = false) {
            guard let date else { return writer.null() }
            writer.value(instant: date, offsetSeconds: local ? zone?.secondsFromGMT(for: date) ?? 0 : 0)
        }
        writer.beginObject()
        writer.key("id")
        writer.value(uuid: id)
        writer.key("number")
        writer.value(number)
        writer.key("title")
        writer.value(title)
        writer.key("description")
        writer.value(description)
        writer.key("status")
        writer.value(status.rawValue)
        writer.key("priority")
        writer.value(priority.rawValue)
        writer.key("tags")
        writer.beginArray()
        for tag in tags { writer.value(tag) }
        writer.endArray()
        writer.key("due_at")
        instant(dueAt, local: true)
        writer.key("all_day")
        writer.value(allDay)
        writer.key("timezone")
        writer.value(timezone)
        writer.key("recurrence")
        writer.value(recurrence)
        writer.key("recurrence_from")
        writer.value(recurrenceFrom.rawValue)
        writer.key("series_id")
        if let seriesID { writer.value(uuid: seriesID) } else { writer.null() }
        writer.key("reminders")
        writer.beginArray()
        for reminder in reminders { reminder.jsonValue(in: zone).write(to: &writer) }
        writer.endArray()
        writer.key("created_at")
        instant(createdAt)
        writer.key("updated_at")
        instant(updatedAt)
        writer.key("completed_at")
        instant(completedAt)
        writer.key("version")
        writer.value(version)
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
    /// The one JSON form of a reminder (task JSON, API bodies, parse results, event changes):
    /// `at` in `zone`'s offset, or in UTC without one.
    func jsonValue(in zone: TimeZone?) -> JSONValue {
        switch self {
        case .minutesBefore(let minutes):
            .object([("minutes_before", .int(Int64(minutes)))])
        case .at(let date):
            .object([("at", .string(zone.map { RFC3339.format(date, in: $0) } ?? RFC3339.format(date)))])
        }
    }
}
