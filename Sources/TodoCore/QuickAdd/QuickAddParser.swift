import Foundation

/// Reads one quick-add sentence ("Pay rent every month on the 1st #home !high") into task
/// fields, following DESIGN §6.1. Pure: `now` and `zone` say where and when the user typed.
/// Whatever is not understood stays in the title; quoted text is never parsed.
public struct QuickAddParser: Sendable {
    public var now: Date
    public var zone: TimeZone
    /// How numeric dates like `5/12` are read.
    public var dateOrder: DateOrder
    /// Sentences longer than this are taken as a plain title.
    public static let maxLength = 2_000

    public init(now: Date, zone: TimeZone, dateOrder: DateOrder = .monthFirst) {
        self.now = now
        self.zone = zone
        self.dateOrder = dateOrder
    }

    public func parse(_ text: String) -> QuickAddResult {
        let isControl = { (scalar: Unicode.Scalar) in scalar.value < 0x20 || scalar.value == 0x7F }
        let clean = text.unicodeScalars.contains(where: isControl)
            ? String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
            : text
        guard clean.utf16.count <= Self.maxLength else { return QuickAddResult(title: clean.trimmingWhitespace()) }
        let tokens = QuickAddTokenizer.tokens(of: clean)
        var state = ParseState(tokens: tokens, allWords: tokens.map(\.word), today: ZonedTime.civilDate(of: now, in: zone))
        var index = 0
        while index < state.tokens.count {
            let consumed = state.tokens[index].isQuoted ? 0 : recognize(at: index, &state)
            index += max(1, consumed)
        }
        return state.result(parser: self)
    }

    /// Tries every kind of phrase at `index`; returns how many tokens it consumed (0: none).
    private func recognize(at index: Int, _ state: inout ParseState) -> Int {
        let words = state.words(from: index, count: 8)
        guard let first = words.first else { return 0 }
        // A preposition belongs to the phrase after it, if one follows.
        if ["on", "by", "at", "due"].contains(first), words.count > 1 {
            let inner = recognizeDateOrTime(words: Array(words.dropFirst()), index: index + 1, allowBareHour: first == "at", &state)
            if inner > 0 { state.consume(index, 1, as: nil); return inner + 1 }
            return 0
        }
        if let tag = QuickAddVocabulary.tag(state.tokens[index].text) {
            state.consume(index, 1, as: .tag)
            if !state.tags.contains(tag) { state.tags.append(tag) }
            return 1
        }
        if let (priority, count) = QuickAddVocabulary.priority(words, raw: state.tokens[index].lowercasedText) {
            state.consume(index, count, as: .priority)
            state.priority = priority
            return count
        }
        if let (reminder, count) = QuickAddVocabulary.reminder(words) {
            state.consume(index, count, as: .reminder)
            state.reminders.append(reminder)
            return count
        }
        if let (recurrence, count) = QuickAddVocabulary.recurrence(words) {
            state.consume(index, count, as: .recurrence)
            if let rule = recurrence.rule { state.recurrence = rule }
            if recurrence.fromCompletion { state.fromCompletion = true }
            return count
        }
        return recognizeDateOrTime(words: words, index: index, allowBareHour: false, &state)
    }

    private func recognizeDateOrTime(words: [String], index: Int, allowBareHour: Bool, _ state: inout ParseState) -> Int {
        if let (date, count) = QuickAddVocabulary.date(words, today: state.today, now: now, zone: zone, dateOrder: dateOrder) {
            state.consume(index, count, as: .due)
            switch date {
            case .day(let day): state.day = day
            case .dayWithTime(let day, let seconds):
                state.day = day
                state.time = seconds
                state.evening = true
            case .instant(let instant): state.instant = instant
            }
            return count
        }
        if let (seconds, count) = QuickAddVocabulary.time(words, allowBare: allowBareHour, evening: state.evening) {
            state.consume(index, count, as: .time)
            state.time = seconds
            return count
        }
        return 0
    }
}

/// The parse so far: tokens (with what each was understood as) and the fields found.
struct ParseState {
    var tokens: [QuickAddToken]
    /// `tokens`' words, once.
    let allWords: [String]
    let today: CivilDate
    var day: CivilDate?
    var time: Int?
    var instant: Date?
    /// "tonight" was said: a bare hour means pm.
    var evening = false
    var recurrence: String?
    var fromCompletion = false
    var priority: Priority = .none
    var tags: [String] = []
    var reminders: [QuickAddVocabulary.ReminderPhrase] = []
    var spans: [QuickAddResult.Span] = []

    /// Lower-cased words from `index` on, stopping at quoted tokens.
    func words(from index: Int, count: Int) -> [String] {
        var end = index
        while end < tokens.count, end - index < count, !tokens[end].isQuoted { end += 1 }
        return Array(allWords[index..<end])
    }

    mutating func consume(_ index: Int, _ count: Int, as kind: QuickAddResult.SpanKind?) {
        for i in index..<min(tokens.count, index + count) { tokens[i].isUsed = true }
        guard let kind, count > 0 else { return }
        let last = tokens[min(tokens.count, index + count) - 1]
        let text = tokens[index...min(tokens.count - 1, index + count - 1)].map(\.text).joined(separator: " ")
        spans.append(QuickAddResult.Span(kind: kind, start: tokens[index].start, end: last.end, text: text))
    }

    func result(parser: QuickAddParser) -> QuickAddResult {
        var title = tokens.filter { !$0.isUsed }.map(\.text).joined(separator: " ")
        while let last = title.split(separator: " ").last, ["on", "by", "at", "due", "-", "–"].contains(last.lowercased()) {
            title = String(title.dropLast(last.count)).trimmingWhitespace()
        }
        var result = QuickAddResult(title: title.trimmingWhitespace())
        result.priority = priority
        result.tags = tags
        result.spans = spans.sorted { $0.start < $1.start }
        result.recurrenceFrom = fromCompletion ? .completion : .due
        let zone = parser.zone
        if let recurrence, let rule = try? RecurrenceRule(parsing: recurrence) {
            result.recurrence = rule.canonicalText
            // The first occurrence on or after now (today counts).
            let startDay = day ?? today
            let seconds = time ?? 0
            let start = ZonedTime.instant(of: startDay, hour: seconds / 3600, minute: seconds / 60 % 60, in: zone)
            let notBefore = time == nil ? ZonedTime.startOfDay(today, in: zone) : parser.now
            if let first = rule.occurrences(from: start, in: zone).lazy.prefix(10_000).first(where: { $0 >= notBefore }) {
                result.dueAt = first
                result.allDay = time == nil
            }
        } else if let instant {
            result.dueAt = instant
        } else if let day {
            if let time {
                result.dueAt = ZonedTime.instant(of: day, hour: time / 3600, minute: time / 60 % 60, in: zone)
            } else {
                result.dueAt = ZonedTime.startOfDay(day, in: zone)
                result.allDay = true
            }
        } else if let time {
            var instant = ZonedTime.instant(of: today, hour: time / 3600, minute: time / 60 % 60, in: zone)
            if instant <= parser.now { instant = ZonedTime.instant(of: today.adding(days: 1), hour: time / 3600, minute: time / 60 % 60, in: zone) }
            result.dueAt = instant
        }
        for reminder in reminders {
            switch reminder {
            case .minutesBefore(let minutes):
                if !result.reminders.contains(.minutesBefore(minutes)) { result.reminders.append(.minutesBefore(minutes)) }
            case .at(let seconds):
                let reminderDay = result.dueAt.map { ZonedTime.civilDate(of: $0, in: zone) } ?? today
                result.reminders.append(.at(ZonedTime.instant(of: reminderDay, hour: seconds / 3600, minute: seconds / 60 % 60, in: zone)))
            }
        }
        if result.title.isEmpty { result.title = tokens.map(\.text).joined(separator: " ").trimmingWhitespace() }
        return result
    }
}
