import Foundation

/// Tasks as an iCalendar object of VTODO components (RFC 5545 §3.6.2), and back.
///
/// A task's fields map to the standard properties calendar apps read (SUMMARY, DESCRIPTION,
/// DUE, STATUS, COMPLETED, PRIORITY, CATEGORIES, RRULE, VALARM); what has no standard
/// property (the task's zone when its due time does not carry one, counting the next
/// occurrence from completion) travels as `X-TODO-…` properties, which other apps ignore.
public enum VTodoCalendar {
    /// The product identifier of exported files (§3.7.3).
    public static func productID(version: String) -> String { "-//Todo Chatbot//todo \(version)//EN" }

    // MARK: - Export

    /// The whole `.ics` text, CRLF line ends, lines folded at 75 octets. A task with a UID in
    /// `sourceUIDs` (the one of the file it was imported from) is written under it.
    public static func write(_ tasks: [TodoTask], productVersion: String, sourceUIDs: [UUID: String] = [:]) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:\(productID(version: productVersion))", "CALSCALE:GREGORIAN"]
        // Every TZID used needs its VTIMEZONE (§3.6.5), valid over the years its times fall in.
        var years: [String: ClosedRange<Int>] = [:]
        for task in tasks {
            guard let due = task.dueAt, !task.allDay, task.timezone != "UTC", let zone = ZonedTime.zone(named: task.timezone) else { continue }
            let year = ZonedTime.civilDate(of: due, in: zone).year
            years[task.timezone] = years[task.timezone].map { min($0.lowerBound, year)...max($0.upperBound, year) } ?? year...year
        }
        for (name, range) in years.sorted(by: { $0.key < $1.key }) {
            lines += ICalendarTimeZone.lines(zoneNamed: name, covering: range) ?? []
        }
        for task in tasks { lines += vtodo(task, uid: sourceUIDs[task.id]) }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.folded).joined()
    }

    static func vtodo(_ task: TodoTask, uid: String? = nil) -> [String] {
        var lines = ["BEGIN:VTODO", "UID:\(ICalendarText.escape(uid ?? task.id.lowercasedString))", "DTSTAMP:\(utc(task.updatedAt))",
                     "CREATED:\(utc(task.createdAt))", "LAST-MODIFIED:\(utc(task.updatedAt))",
                     "SEQUENCE:\(max(0, task.version - 1))", "SUMMARY:\(ICalendarText.escape(task.title))"]
        if !task.description.isEmpty { lines.append("DESCRIPTION:\(ICalendarText.escape(task.description))") }
        if let priority = priorityValue(task.priority) { lines.append("PRIORITY:\(priority)") }
        if !task.tags.isEmpty { lines.append("CATEGORIES:" + task.tags.map(ICalendarText.escape).joined(separator: ",")) }
        switch task.status {
        case .pending:
            lines.append("STATUS:NEEDS-ACTION")
        case .completed:
            lines += ["STATUS:COMPLETED", "PERCENT-COMPLETE:100"]
            if let completed = task.completedAt { lines.append("COMPLETED:\(utc(completed))") }
        }
        lines.append("X-TODO-TIMEZONE:\(task.timezone)")
        if let due = task.dueAt {
            let value = dateValue(due, allDay: task.allDay, timezone: task.timezone)
            lines.append("DUE\(value)")
            if let rule = task.recurrence {
                if task.status == .pending {
                    // The recurrence set starts at DTSTART (§3.8.5.3): the due date, as apps expect.
                    lines += ["DTSTART\(value)", "RRULE:\(calendarRule(rule, allDay: task.allDay, timezone: task.timezone))"]
                } else {
                    // A done occurrence is not a series of its own: with an RRULE, apps would show
                    // one more series for every occurrence completed. Its rule stays for an import.
                    lines.append("X-TODO-RRULE:\(rule)")
                }
                if task.recurrenceFrom == .completion { lines.append("X-TODO-RECURRENCE-FROM:COMPLETION") }
            }
        }
        if let series = task.seriesID { lines.append("X-TODO-SERIES:\(series.lowercasedString)") }
        for reminder in task.reminders {
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:\(ICalendarText.escape(task.title))"]
            switch reminder {
            case .minutesBefore(let minutes):
                // A VTODO's end is its DUE (§3.8.6.3).
                lines.append("TRIGGER;RELATED=END:\(duration(minutes: -minutes))")
            case .at(let instant):
                lines.append("TRIGGER;VALUE=DATE-TIME:\(utc(instant))")
            }
            lines.append("END:VALARM")
        }
        lines.append("END:VTODO")
        return lines
    }

    /// `;VALUE=DATE:20261224`, `;TZID=Europe/Berlin:20261224T170000` or `:20261224T160000Z`.
    static func dateValue(_ date: Date, allDay: Bool, timezone: String) -> String {
        let zone = ZonedTime.zone(named: timezone)
        if allDay, let zone { return ";VALUE=DATE:" + basic(ZonedTime.civilDate(of: date, in: zone)) }
        guard let zone, timezone != "UTC" else { return ":" + utc(date) }
        let wall = ZonedTime.wallTime(of: date, in: zone)
        // A wall time the clocks show twice (the hour after they go back) means its first
        // instant (§3.3.5): the second one is written in UTC.
        let first = ZonedTime.instant(of: wall.day, hour: wall.secondOfDay / 3600, minute: wall.secondOfDay / 60 % 60,
                                      second: wall.secondOfDay % 60, in: zone)
        guard Int(first.timeIntervalSince1970) == Int(date.timeIntervalSince1970.rounded(.down)) else { return ":" + utc(date) }
        return ";TZID=\(timezone):" + basic(wall.day) + "T" + clock(wall.secondOfDay)
    }

    /// `rule` with its UNTIL in the form §3.3.10 wants beside DTSTART: a date beside a date, a
    /// UTC time beside a time (a date or a floating time is read in the task's zone, a date
    /// meaning its whole day).
    public static func calendarRule(_ rule: String, allDay: Bool, timezone: String) -> String {
        guard let zone = ZonedTime.zone(named: timezone) else { return rule }
        let parts = rule.split(separator: ";").map { part -> String in
            guard part.uppercased().hasPrefix("UNTIL=") else { return String(part) }
            let value = String(part.dropFirst(6)).uppercased()
            guard let date = try? ZoneResolver(calendar: ICalendarComponent(name: "VCALENDAR"))
                .read(ICalendarProperty("UNTIL", value: value), defaultZone: timezone) else { return String(part) }
            if allDay { return "UNTIL=" + basic(ZonedTime.civilDate(of: date.instant, in: zone)) }
            let end = date.isDate ? ZonedTime.startOfDay(ZonedTime.civilDate(of: date.instant, in: zone).adding(days: 1), in: zone)
                .addingTimeInterval(-1) : date.instant
            return "UNTIL=" + utc(end)
        }
        return parts.joined(separator: ";")
    }

    static func utc(_ date: Date) -> String {
        let wall = ZonedTime.wallTime(of: date, offsetSeconds: 0)
        return basic(wall.day) + "T" + clock(wall.secondOfDay) + "Z"
    }

    private static func basic(_ day: CivilDate) -> String {
        pad(day.year, 4) + pad(day.month, 2) + pad(day.day, 2)
    }

    private static func clock(_ secondOfDay: Int) -> String {
        pad(secondOfDay / 3600, 2) + pad(secondOfDay / 60 % 60, 2) + pad(secondOfDay % 60, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// RFC 5545 §3.8.1.9: 1–4 high, 5 medium, 6–9 low, 0 undefined.
    static func priorityValue(_ priority: Priority) -> Int? {
        switch priority {
        case .none: nil
        case .low: 9
        case .medium: 5
        case .high: 1
        }
    }

    static func priority(_ value: Int) -> Priority {
        switch value {
        case 1...4: .high
        case 5: .medium
        case 6...9: .low
        default: .none
        }
    }

    /// `-PT15M`, `-P1D`, `-P1DT2H30M` (§3.3.6).
    static func duration(minutes: Int) -> String {
        var rest = abs(minutes)
        var text = minutes < 0 ? "-P" : "P"
        if rest >= 1440 {
            let days = rest / 1440
            rest %= 1440
            text += days % 7 == 0 && rest == 0 ? "\(days / 7)W" : "\(days)D"
            if rest == 0 { return text }
        }
        text += "T"
        if rest >= 60 { text += "\(rest / 60)H"; rest %= 60 }
        if rest > 0 || text.hasSuffix("T") { text += "\(rest)M" }
        return text
    }

    // MARK: - Import

    /// Every VTODO of the file's calendars as a task draft, or why it cannot be one. Dates
    /// without a zone of their own (floating times, dates) are read in `timezone`.
    public static func read(_ text: String, timezone: String) throws(ICalendarSyntaxError) -> [ImportedItem] {
        let roots = try ICalendarText.parse(text)
        guard !roots.isEmpty else { throw ICalendarSyntaxError(line: 1, reason: "the file holds no BEGIN:VCALENDAR") }
        var items: [ImportedItem] = []
        for calendar in roots {
            guard calendar.name == "VCALENDAR" else {
                throw ICalendarSyntaxError(line: calendar.line, reason: "BEGIN:\(calendar.name) where BEGIN:VCALENDAR was expected")
            }
            let zones = ZoneResolver(calendar: calendar)
            // Google writes the calendar's zone once; its floating times are in it.
            let zone = calendar.property("X-WR-TIMEZONE").flatMap { zones.zoneName(forTZID: $0.text.trimmingWhitespace()) } ?? timezone
            for todo in calendar.components("VTODO") {
                let key = todo.property("UID")?.text.trimmingWhitespace() ?? ""
                var item = ImportedItem(place: "line \(todo.line)", key: key.isEmpty ? "VTODO " + ICalendarText.escape(todo.property("SUMMARY")?.text ?? "") : key,
                                        outcome: Result { () throws(ImportItemError) in try draft(from: todo, timezone: zone, zones: zones) })
                item.sourceUID = key.isEmpty ? nil : key
                item.modifiedAt = try? todo.property("LAST-MODIFIED").flatMap { property throws(ImportItemError) in
                    try zones.read(property, defaultZone: "UTC")?.instant
                }
                items.append(item)
            }
        }
        return items
    }

    static func draft(from todo: ICalendarComponent, timezone defaultZone: String, zones: ZoneResolver) throws(ImportItemError) -> TaskDraft {
        // A title is one line: its line breaks and tabs become one space.
        let summary = (todo.property("SUMMARY")?.text ?? "").split(omittingEmptySubsequences: true) { $0.isNewline || $0 == "\t" }
        let title = fitted(summary.map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: " "), to: TaskValidationError.maxTitleLength)
        guard !title.isEmpty else { throw ImportItemError(code: "no_title", "the VTODO has no SUMMARY") }
        if todo.property("RECURRENCE-ID") != nil {
            // One occurrence of a series changed on its own shares the series' UID; a task
            // stands for the whole series.
            throw ImportItemError(code: "instance_override",
                                  "\"\(title)\" is one changed occurrence of a repeating task (RECURRENCE-ID); the series is imported, not the change")
        }
        if todo.property("STATUS")?.value.uppercased() == "CANCELLED" {
            throw ImportItemError(code: "cancelled", "\"\(title)\" is cancelled (STATUS:CANCELLED)")
        }
        var draft = TaskDraft(title: title, timezone: defaultZone)
        draft.description = fitted(todo.property("DESCRIPTION")?.text ?? "", to: TaskValidationError.maxDescriptionLength)
        if todo.property("STATUS")?.value.uppercased() == "COMPLETED" || todo.property("COMPLETED") != nil {
            draft.status = .completed
            draft.completedAt = try todo.property("COMPLETED").flatMap { property throws(ImportItemError) in
                try zones.read(property, defaultZone: defaultZone)?.instant
            }
        }
        draft.seriesID = todo.property("X-TODO-SERIES").flatMap { UUID.parse($0.value.trimmingWhitespace()) }
        draft.createdAt = try todo.property("CREATED").flatMap { property throws(ImportItemError) in
            try zones.read(property, defaultZone: "UTC")?.instant
        }
        if let value = todo.property("PRIORITY").flatMap({ Int($0.value.trimmingWhitespace()) }) { draft.priority = priority(value) }
        draft.tags = todo.properties("CATEGORIES").flatMap(\.textList).compactMap(importedTag)
        var seen = Set<String>()
        draft.tags = draft.tags.filter { seen.insert($0).inserted }
        if let own = todo.property("X-TODO-TIMEZONE")?.text, ZonedTime.zone(named: own) != nil { draft.timezone = own }

        let rule = (todo.property("RRULE") ?? todo.property("X-TODO-RRULE"))?.value.trimmingWhitespace()
        var due: ReadDate?
        if let property = todo.property("DUE") {
            due = try zones.read(property, defaultZone: draft.timezone)
        } else if let start = todo.property("DTSTART"), let read = try zones.read(start, defaultZone: draft.timezone) {
            // A VTODO may say when it ends as DTSTART and DURATION (§3.6.2); a repeating one
            // without either is due at its start.
            if let length = todo.property("DURATION").flatMap({ durationSeconds($0.value) }) {
                if read.isDate, length % 86_400 == 0, let zone = ZonedTime.zone(named: read.zone ?? draft.timezone) {
                    // Days of a date are days of the calendar, 23 or 25 hours across a clock change.
                    let day = ZonedTime.civilDate(of: read.instant, in: zone).adding(days: length / 86_400)
                    due = ReadDate(instant: ZonedTime.startOfDay(day, in: zone), isDate: true, zone: read.zone)
                } else {
                    due = ReadDate(instant: read.instant.addingTimeInterval(TimeInterval(length)), isDate: false, zone: read.zone)
                }
            } else if rule != nil {
                due = read
            }
        }
        if let due {
            draft.dueAt = due.instant
            draft.allDay = due.isDate
            if let zone = due.zone, todo.property("X-TODO-TIMEZONE") == nil { draft.timezone = zone }
        }
        if let rule {
            draft.recurrence = rule
            if todo.property("X-TODO-RECURRENCE-FROM")?.value.uppercased() == "COMPLETION" { draft.recurrenceFrom = .completion }
        }
        let start = try todo.property("DTSTART").flatMap { property throws(ImportItemError) in try zones.read(property, defaultZone: draft.timezone) }
        for alarm in todo.components("VALARM") {
            guard draft.reminders.count < TaskValidationError.maxReminders,
                  let reminder = try reminder(of: alarm, due: due?.instant, start: start?.instant, zones: zones) else { continue }
            if !draft.reminders.contains(reminder) { draft.reminders.append(reminder) }
        }
        return draft
    }

    /// `text` cut to `limit` Unicode scalars (what the task rules count), ending in "…" when cut.
    static func fitted(_ text: String, to limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        var kept = ""
        var count = 0
        for character in text {
            let size = character.unicodeScalars.count
            guard count + size <= limit - 1 else { break }
            kept.append(character)
            count += size
        }
        return kept + "…"
    }

    /// A category as a tag: spaces become dashes ("Work Stuff" → "work-stuff"); one that is
    /// still not a tag is left out.
    static func importedTag(_ category: String) -> String? {
        let joined = category.trimmingWhitespace().split(whereSeparator: { $0.isWhitespace }).joined(separator: "-")
        return try? TagNormalizer.normalize(joined)
    }

    /// A VALARM's trigger as a reminder: before the due time, or at an instant. An alarm after
    /// the due time, or relative to a start the task does not have, is left out.
    static func reminder(of alarm: ICalendarComponent, due: Date?, start: Date?, zones: ZoneResolver) throws(ImportItemError) -> Reminder? {
        guard let trigger = alarm.property("TRIGGER") else { return nil }
        if trigger.parameter("VALUE")?.uppercased() == "DATE-TIME" || trigger.value.hasSuffix("Z") {
            return try zones.read(trigger, defaultZone: "UTC").map { .at($0.instant) }
        }
        guard let seconds = durationSeconds(trigger.value) else { return nil }
        let relatedToEnd = trigger.parameter("RELATED")?.uppercased() == "END"
        if relatedToEnd || start == nil || start == due {
            guard seconds <= 0, due != nil else { return nil }
            let minutes = -seconds / 60
            return minutes <= Reminder.maxMinutesBefore ? .minutesBefore(minutes) : nil
        }
        return start.map { .at($0.addingTimeInterval(TimeInterval(seconds))) }
    }

    /// `[+-]P[nW][nD][T[nH][nM][nS]]` in seconds; nil when malformed.
    static func durationSeconds(_ text: String) -> Int? {
        var characters = Substring(text.trimmingWhitespace().uppercased())
        var sign = 1
        if characters.first == "-" { sign = -1; characters.removeFirst() } else if characters.first == "+" { characters.removeFirst() }
        guard characters.first == "P" else { return nil }
        characters.removeFirst()
        var total = 0
        var number = ""
        var inTime = false
        var sawUnit = false
        for character in characters {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            if character == "T" { inTime = true; continue }
            guard let value = Int(number), number.count <= 9 else { return nil }
            number = ""
            sawUnit = true
            switch (character, inTime) {
            case ("W", false): total += value * 604_800
            case ("D", false): total += value * 86_400
            case ("H", true): total += value * 3_600
            case ("M", true): total += value * 60
            case ("S", true): total += value
            default: return nil
            }
        }
        guard number.isEmpty, sawUnit else { return nil }
        return sign * total
    }
}

/// A DATE or DATE-TIME value read: the instant, whether it was a date, and the IANA zone its TZID named.
struct ReadDate {
    var instant: Date
    var isDate: Bool
    var zone: String?
}

/// Reads DATE and DATE-TIME values, finding the IANA zone a TZID means: the name itself, a
/// name with a vendor prefix ("/mozilla.org/20050126_1/Europe/Berlin"), the X-LIC-LOCATION of
/// the file's VTIMEZONE of that TZID, or a Windows zone name ("W. Europe Standard Time").
struct ZoneResolver {
    private var locations: [String: String] = [:]

    init(calendar: ICalendarComponent) {
        for timezone in calendar.components("VTIMEZONE") {
            if let id = timezone.property("TZID")?.value, let location = timezone.property("X-LIC-LOCATION")?.value {
                locations[id] = location
            }
        }
    }

    func zoneName(forTZID tzid: String) -> String? {
        for candidate in [tzid, locations[tzid], WindowsZoneNames.iana[tzid]].compactMap({ $0 }) {
            if ZonedTime.zone(named: candidate) != nil { return candidate }
            let parts = candidate.split(separator: "/")
            for start in parts.indices.dropLast() {
                let name = parts[start...].joined(separator: "/")
                if ZonedTime.zone(named: name) != nil { return name }
            }
        }
        return nil
    }

    func read(_ property: ICalendarProperty, defaultZone: String) throws(ImportItemError) -> ReadDate? {
        let value = property.value.trimmingWhitespace()
        let digits = value.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }.count
        let bytes = Array(value.utf8)
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
        guard bytes.count >= 8, let year = number(0..<4), let month = number(4..<6), let day = number(6..<8) else {
            throw ImportItemError(code: "invalid_date", "\(property.name) \"\(value)\" is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS)")
        }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { throw ImportItemError(code: "invalid_date", "\(property.name) \"\(value)\" is not a day of the calendar") }
        let zoneID: String
        if let tzid = property.parameter("TZID") {
            guard let name = self.zoneName(forTZID: tzid) else {
                throw ImportItemError(code: "unknown_time_zone", "\(property.name) is in the time zone \"\(tzid)\", which names no IANA zone")
            }
            zoneID = name
        } else {
            zoneID = defaultZone
        }
        guard let zone = ZonedTime.zone(named: value.hasSuffix("Z") ? "UTC" : zoneID) else {
            throw ImportItemError(code: "unknown_time_zone", "the time zone \"\(zoneID)\" is unknown")
        }
        if bytes.count == 8 && digits == 8 {
            guard let named = ZonedTime.zone(named: zoneID) else { return nil }
            return ReadDate(instant: ZonedTime.startOfDay(date, in: named), isDate: true, zone: property.parameter("TZID") == nil ? nil : zoneID)
        }
        guard bytes.count >= 15, bytes[8] == UInt8(ascii: "T"), let hour = number(9..<11), let minute = number(11..<13),
              let second = number(13..<15), hour < 24, minute < 60, second < 61,
              bytes.count == 15 || (bytes.count == 16 && bytes[15] == UInt8(ascii: "Z")) else {
            throw ImportItemError(code: "invalid_date", "\(property.name) \"\(value)\" is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS)")
        }
        let instant = ZonedTime.instant(of: date, hour: hour, minute: minute, second: min(second, 59), in: zone)
        return ReadDate(instant: instant, isDate: false, zone: property.parameter("TZID") == nil ? nil : zoneID)
    }
}
