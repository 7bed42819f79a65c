import Foundation

/// Reads one quick-add sentence ("Pay rent every month on the 1st #home !high") into task
/// fields, following DESIGN §6.1. Pure: `now` and `zone` say where and when the user typed.
/// Whatever is not understood stays in the title; quoted text is never parsed.
public struct QuickAddParser: Sendable {
    public var now: Date
    public var zone: TimeZone
    /// How numeric dates like `5/12` are read.
    public var dateOrder: DateOrder
    /// Whether dates and times are read. Off when the date comes from elsewhere (`todo add …
    /// --due`): the sentence's date words are then title ("Friday Black review"), not a date
    /// the option replaces. Repetitions, tags, priorities and reminders are still read.
    public var readsDates = true
    /// Sentences longer than this are taken as a plain title.
    public static let maxLength = 2_000

    public init(now: Date, zone: TimeZone, dateOrder: DateOrder = .monthFirst) {
        self.now = now
        self.zone = zone
        self.dateOrder = dateOrder
    }

    public func parse(_ text: String) -> QuickAddResult {
        read(text).result(parser: self)
    }

    /// The tokens of `text` and what each was understood as.
    func read(_ text: String) -> ParseState {
        // A control character in a sentence separates words, as a space would.
        let clean = text.containsControlCharacters()
            ? String(String.UnicodeScalarView(text.unicodeScalars.map { $0.isControlCharacter ? " " : $0 }))
            : text
        let tokens = clean.utf16.count <= Self.maxLength ? QuickAddTokenizer.tokens(of: clean) : []
        let fresh = ParseState(text: clean, tokens: tokens, allWords: tokens.map(\.word), today: ZonedTime.civilDate(of: now, in: zone))
        let state = read(fresh)
        // "Prepare Monday slides friday 5pm", "Send Friday report tomorrow at 9": of two days
        // said, one before a noun names the thing, and stays in the title (each day read took
        // the place of the one before, and both left the title). Read again with it kept.
        guard state.days.count > 1 else { return state }
        let modifiers = state.days.filter { Self.modifiesANoun(state, at: $0) }
        guard !modifiers.isEmpty, modifiers.count < state.days.count else { return state }
        var again = fresh
        again.kept = Set(modifiers)
        return read(again)
    }

    private func read(_ start: ParseState) -> ParseState {
        var state = start
        var index = 0
        while index < state.tokens.count {
            let consumed = state.tokens[index].isQuoted || state.isKept(index) ? 0 : recognize(at: index, &state)
            index += max(1, consumed)
        }
        return state
    }

    /// A weekday read alone as a due date, followed by a word of the title that is no date,
    /// preposition or joining word: "Monday slides", "Friday report".
    private static func modifiesANoun(_ state: ParseState, at index: Int) -> Bool {
        guard QuickAddVocabulary.weekdays[state.allWords[index]] != nil, index + 1 < state.tokens.count else { return false }
        let next = state.tokens[index + 1]
        guard !next.isUsed, !next.isQuoted, next.text.first?.isLetter == true else { return false }
        switch next.word {
        case "and", "or", "then", "to", "the", "a", "an", "with", "from", "after", "is", "at", "in": return false
        default: return !QuickAddVocabulary.isPreposition(next.word) && !QuickAddVocabulary.isDateWord(next.word)
        }
    }

    /// Tries every kind of phrase at `index`; returns how many tokens it consumed (0: none).
    private func recognize(at index: Int, _ state: inout ParseState) -> Int {
        let words = state.words(from: index, count: 10)
        guard let first = words.first else { return 0 }
        if index == 0, first == "remind", words.count > 3, words[1] == "me", words[2] == "to" {
            // "Remind me to call the vet tomorrow": the request, not the task.
            state.consume(0, 3, as: nil)
            return 3
        }
        if index > 0, first.utf8.count >= 6, first.hasASCIISuffix("day") || first == "weekend",
           QuickAddVocabulary.isNamedDay(state.tokens[index - 1].word, first) {
            // "Black Friday deals", "Easter Monday": the day of a name, which stays in the title.
            return 1
        }
        if Self.isNamePart(state.tokens, at: index) {
            // The name's words stay in the title, the weekday's among them.
            var end = index + 1
            while end < state.tokens.count, state.tokens[end].text.first?.isUppercase == true { end += 1 }
            return end - index
        }
        if let rule = state.recurrence, state.count == nil, let (count, used) = QuickAddVocabulary.occurrenceCount(words, rule: rule) {
            state.consume(index, used, as: .recurrence)
            state.count = count
            return used
        }
        if readsDates, first == "in", words.count >= 3, words[1] == "the", let seconds = QuickAddVocabulary.partOfDay(words[2]) {
            // "in the morning": a time without a date.
            state.consume(index, 3, as: .time)
            state.takePartOfDay(seconds)
            return 3
        }
        if readsDates, first == "first", words.count >= 2, words[1] == "thing", index == 0 || !Self.isDeterminer(state.allWords[index - 1]) {
            // "first thing tomorrow": the morning ("the first thing on the list" is a thing).
            state.consume(index, 2, as: .time)
            state.takePartOfDay(QuickAddVocabulary.partOfDay("morning")!)
            return 2
        }
        // Prepositions ("due on", "for") belong to the date after them, if one follows.
        // "no later than friday" is a deadline, as "by friday" is.
        var lead = words.count > 3 && (first == "no" || first == "not") && words[1] == "later" && words[2] == "than" ? 3 : 0
        while lead < min(2, words.count - 1), QuickAddVocabulary.isPreposition(words[lead]) { lead += 1 }
        if lead > 0, words.count >= lead + 4, words[lead] == "the",
           words[lead + 2] == "of" || words[lead + 2] == "and" || words[lead + 2] == "every" || words[lead + 2] == "each"
               || words.count >= lead + 5 && words[lead + 3] == "of",
           let (recurrence, count) = QuickAddVocabulary.recurrence(Array(words.dropFirst(lead))) {
            // "on the 1st of every month", "on the first monday of every month": the rule's.
            state.consume(index, lead, as: nil)
            return lead + state.takeRecurrence(recurrence, at: index + lead, count: count, isAdjective: false)
        }
        if lead > 0, readsDates {
            // "for Monday Night Football": a name after a preposition is still a name.
            if Self.isNamePart(state.tokens, at: index + lead) || state.isKept(index + lead) { return 0 }
            // "until march 1" may end a series rather than say when the task is due: the date
            // read is put aside, and `result` decides once it knows whether the task repeats.
            let isEnd = lead == 1 && (first == "until" || first == "till")
            // "by 6 tonight", "by 3 tomorrow": the day or part of the day after it makes the number an hour.
            let afterAt = words[lead - 1] == "at" || words[lead - 1] == "@"
                || words[lead - 1] == "by" && words.count > lead + 1 && (words[lead + 1] == "tonight" || words[lead + 1] == "tomorrow"
                    || words[lead + 1] == "this" && words.count > lead + 2 && QuickAddVocabulary.partOfDay(words[lead + 2]) != nil)
            // "by 5:30", "before 4:15": a deadline's h:mm is in the afternoon as one "at 5:30" is
            // (a bare "by 5" stays in the title: "increase by 5").
            let leadWord = words[lead - 1]
            let afterDeadline = leadWord == "by" || leadWord == "before" || leadWord == "due" || leadWord == "than"
            let saved = (state.day, state.time, state.instant, state.spans.count, state.timeIsSaid, state.timeIsFlexible)
            if isEnd { (state.day, state.time, state.instant) = (nil, nil, nil) }
            let inner = recognizeDateOrTime(words: Array(words.dropFirst(lead)), index: index + lead,
                                            allowBareHour: afterAt && !Self.isAddress(state.tokens, at: index + lead),
                                            afterDeadline: afterDeadline, afterPreposition: true, &state)
            if isEnd {
                if inner > 0 {
                    state.end = ParseState.End(day: state.day ?? state.instant.map { ZonedTime.civilDate(of: $0, in: zone) },
                                               time: state.time, instant: state.instant, spanIndex: saved.3)
                }
                (state.day, state.time, state.instant) = (saved.0, saved.1, saved.2)
                (state.timeIsSaid, state.timeIsFlexible) = (saved.4, saved.5)
            }
            if inner > 0 { state.consume(index, lead, as: nil); return inner + lead }
            if lead == 1, let (recurrence, count) = QuickAddVocabulary.pluralWeekdays(Array(words.dropFirst())) {
                // "on Tuesdays": the preposition goes with the rule.
                state.consume(index, 1, as: nil)
                return 1 + state.takeRecurrence(recurrence, at: index + 1, count: count, isAdjective: false)
            }
            return 0
        }
        if let tags = QuickAddVocabulary.tags(state.tokens[index].text) {
            state.consume(index, 1, as: .tag)
            for tag in tags where !state.tags.contains(tag) { state.tags.append(tag) }
            return 1
        }
        if let (priority, count) = QuickAddVocabulary.priority(words, raw: state.tokens[index].lowercasedText) {
            state.consume(index, count, as: .priority)
            state.priority = priority
            return count
        }
        if first == "remind" || first == "reminder",
           let (reminders, count) = QuickAddVocabulary.reminders(state.words(from: index, count: 40), readDay: { [today = state.today] words in
               guard let (date, count) = QuickAddVocabulary.date(words, today: today, now: now, zone: zone, dateOrder: dateOrder, afterPreposition: true),
                     case .day(let day) = date else { return nil }
               return (day, count)
           }) {
            state.consume(index, count, as: .reminder)
            state.reminders += reminders
            return count
        }
        if let (recurrence, count) = QuickAddVocabulary.recurrence(words) {
            return state.takeRecurrence(recurrence, at: index, count: count, isAdjective: QuickAddVocabulary.frequencyAdjective(first) != nil)
        }
        guard readsDates else { return 0 }
        if index > 0, words.count >= 2, Self.isDeterminer(state.allWords[index - 1]) {
            // "about the 3:30 slot", "the March 3 outage": a time or date between an article and
            // a noun describes the thing, and stays in the title.
            var probe = state
            let count = recognizeDateOrTime(words: words, index: index, allowBareHour: false, afterDeadline: false, afterPreposition: false, &probe)
            if count > 0, count < words.count, !QuickAddVocabulary.mayFollowDayOfMonth(words[count]) {
                return QuickAddVocabulary.isDeadlineWord(words[count])
                    ? { state = probe; state.consume(index + count, 1, as: nil); return count + 1 }()
                    : count
            }
            state = probe
            return count
        }
        // "Text June about the 21st", "Call Ana tomorrow about Friday": what the task is about,
        // not when it is due.
        if index > 0, ["about", "re", "regarding", "concerning"].contains(state.allWords[index - 1]) { return 0 }
        return recognizeDateOrTime(words: words, index: index, allowBareHour: false, afterDeadline: false, afterPreposition: false, &state)
    }

    private func recognizeDateOrTime(words: [String], index: Int, allowBareHour: Bool, afterDeadline: Bool, afterPreposition: Bool,
                                     _ state: inout ParseState) -> Int {
        if var (date, count) = QuickAddVocabulary.date(words, today: state.today, now: now, zone: zone, dateOrder: dateOrder,
                                                       afterPreposition: afterPreposition),
           count > 1 || !Self.isUnitAddress(state.tokens, at: index) {
            if case .day(let day) = date, count < words.count, let seconds = QuickAddVocabulary.partOfDay(words[count]) {
                // "friday morning", "tomorrow night".
                date = .dayWithTime(day, seconds)
                count += 1
            }
            guard !Self.isFraction(words, taken: count) else { return 0 }
            state.consume(index, count, as: .due)
            switch date {
            case .day(let day):
                if count == 1 { state.days.append(index) }
                state.day = day
            case .dayWithTime(let day, let seconds):
                state.day = day
                state.takePartOfDay(seconds)
            case .wallTime(let day, let seconds):
                state.day = day
                state.takeTime(QuickAddVocabulary.TimePhrase(seconds: seconds, count: count))
            case .instant(let instant): state.instant = instant
            }
            return count
        }
        if let time = QuickAddVocabulary.time(words, allowBare: allowBareHour, afterDeadline: afterDeadline, meridiem: state.meridiem) {
            var count = time.count, isRange = time.isRange
            // "2pm - 3pm", "from 9am to 5pm": due when the slot starts; its end leaves the title
            // too. After "to" the end is no bare number ("at 5 to 6" may be 17:54).
            let joint = count + 1 < words.count ? words[count] : ""
            if !isRange, joint == "-" || joint == "–" || (joint == "to" || joint == "until" || joint == "till")
                && !words[count + 1].utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
               let end = QuickAddVocabulary.time(Array(words.dropFirst(count + 1)), allowBare: true, meridiem: state.meridiem) {
                count += 1 + end.count
                isRange = true
            }
            // "at 10am sharp": the word goes with the time.
            if count < words.count, words[count] == "sharp" { count += 1 }
            let from = isRange && index > 0 && state.allWords[index - 1] == "from" ? 1 : 0
            state.consume(index - from, count + from, as: .time)
            state.takeTime(time)
            if time.isEndOfDay { state.endOfDayIsPast = ZonedTime.secondOfDay(of: now, in: zone) >= time.seconds }
            return count
        }
        return 0
    }

    /// "1/2 of the bill", "3/4 cup sugar": a number that only looks like a date (DESIGN §6.1).
    /// A numeric date without a year is an amount when "of" follows it, or when it is a proper
    /// fraction of a small denominator followed by a measure.
    static func isFraction(_ words: [String], taken: Int) -> Bool {
        guard taken == 1, words.count > 1 else { return false }
        let parts = words[0].split(separator: "/")
        guard parts.count == 2, let numerator = Int(parts[0]), let denominator = Int(parts[1]) else { return false }
        if words[1] == "of" { return true }
        return numerator < denominator && denominator <= 8 && QuickAddVocabulary.isMeasure(words[1])
    }

    /// "Watch Friday Night Lights", "Prepare the Monday Board Meeting", "Read the Daily Mail",
    /// "Watch Tomorrow Never Dies": a capitalised weekday, frequency, "Today" or "Tomorrow"
    /// inside a sentence, followed by capitalised words of which one is no date word, is part of
    /// a name (DESIGN §6.1: names that only look like dates stay in the title); so is a
    /// capitalised "Yesterday" ("Watch Yesterday"), and a capitalised "The" before a capitalised
    /// date word ("Watch The Day After Tomorrow").
    static func isNamePart(_ tokens: [QuickAddToken], at index: Int) -> Bool {
        // Bytes first: every token of every sentence is asked, and weekdays are ASCII.
        guard index > 0, let initial = tokens[index].text.utf8.first, (65...90).contains(initial) else { return false }
        let word = tokens[index].word
        switch word {
        case "yesterday":
            return true
        case "the":
            guard tokens[index].text == "The", index + 1 < tokens.count, !tokens[index + 1].isQuoted,
                  tokens[index + 1].text.first?.isUppercase == true else { return false }
            let next = tokens[index + 1].word
            return next == "day" || next == "weekend" || next == "end" || QuickAddVocabulary.isDateWord(next)
        case "today", "tomorrow":
            break
        default:
            guard QuickAddVocabulary.weekdays[word] != nil || QuickAddVocabulary.frequencyAdjective(word) != nil else { return false }
        }
        var next = index + 1
        while next < tokens.count, !tokens[next].isQuoted, tokens[next].text.first?.isUppercase == true {
            if !QuickAddVocabulary.isDateWord(tokens[next].word) { return true }
            next += 1
        }
        return false
    }

    /// "at 10 Downing Street", "at 5 Main St": a bare number after "at" followed by a
    /// capitalised word that is no date word is a house number, not an hour.
    static func isAddress(_ tokens: [QuickAddToken], at index: Int) -> Bool {
        guard index + 1 < tokens.count, !tokens[index + 1].isQuoted, let initial = tokens[index + 1].text.utf8.first,
              (65...90).contains(initial), tokens[index].text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return false }
        switch tokens[index + 1].word {
        case "am", "pm", "a.m", "p.m", "o'clock", "o’clock", "oclock": return false
        case let word: return !QuickAddVocabulary.isDateWord(word)
        }
    }

    /// "Apartment 5/12 Bondi Rd": unit 5 of number 12 (Australian), not a date, when a name and a
    /// kind of street follow it.
    static func isUnitAddress(_ tokens: [QuickAddToken], at index: Int) -> Bool {
        guard index + 2 < tokens.count, tokens[index].text.utf8.contains(UInt8(ascii: "/")),
              let initial = tokens[index + 1].text.utf8.first, (65...90).contains(initial) else { return false }
        switch tokens[index + 2].word {
        // Kinds of street that are no everyday word ("Sarah's place", "Test drive" are not).
        case "rd", "road", "st", "street", "ave", "avenue", "ln", "lane", "pde", "parade", "hwy", "highway", "cres", "crescent",
             "pl", "tce", "terrace", "ct", "blvd", "boulevard", "esp", "esplanade":
            return true
        default:
            return false
        }
    }

    /// "the", "a", "my"…: before "first thing", they make it a thing, not a time.
    static func isDeterminer(_ word: String) -> Bool {
        switch word {
        case "the", "a", "an", "my", "your", "our", "their", "his", "her", "its", "this", "that", "one", "every", "each": true
        default: false
        }
    }
}

/// The parse so far: tokens (with what each was understood as) and the fields found.
struct ParseState {
    /// The sentence, control characters made spaces.
    let text: String
    var tokens: [QuickAddToken]
    /// `tokens`' words, once.
    let allWords: [String]
    let today: CivilDate
    var day: CivilDate?
    var time: Int?
    /// `time` was said as a time of day ("at 9pm"), not as a part of the day ("tonight").
    var timeIsSaid = false
    /// `time`'s hour was said without am/pm ("at 6"): a part of the day said after it decides.
    var timeIsFlexible = false
    /// The half of the day of a part of the day said ("tonight", "tomorrow morning"): the one of
    /// an hour said without am/pm.
    var meridiem: QuickAddVocabulary.Meridiem?
    /// "EOD" was said after 17:00: with no day named, it means the rest of today (all-day).
    var endOfDayIsPast = false
    var instant: Date?
    var recurrence: String?
    /// Where a one-word frequency ("daily") was taken as the rule: it gives way to an "every"
    /// phrase and goes back to the title.
    var adjectiveRecurrence: Int?
    var fromCompletion = false
    /// "for 5 times": the series' COUNT.
    var count: Int?
    /// A date after "until": a repeating task's last day, else its due date.
    var end: End?
    var priority: Priority = .none
    var tags: [String] = []
    var reminders: [QuickAddVocabulary.ReminderPhrase] = []
    var spans: [QuickAddResult.Span] = []
    /// Where a one-word day was read as the due date ("Friday"), in order: when several were,
    /// one may name the thing instead.
    var days: [Int] = []
    /// Tokens read again as title words, whatever they look like.
    var kept: Set<Int> = []

    /// Whether the token at `index` is kept as a title word (nearly always no set to look in).
    func isKept(_ index: Int) -> Bool { !kept.isEmpty && kept.contains(index) }

    /// Lower-cased words from `index` on, stopping at quoted tokens.
    func words(from index: Int, count: Int) -> [String] {
        var end = index
        while end < tokens.count, end - index < count, !tokens[end].isQuoted { end += 1 }
        return Array(allWords[index..<end])
    }

    /// A time of day said ("at 9pm", "at 6"): it wins over a part of the day, before or after it.
    mutating func takeTime(_ phrase: QuickAddVocabulary.TimePhrase) {
        time = phrase.seconds
        timeIsSaid = true
        timeIsFlexible = phrase.isFlexible && meridiem == nil
    }

    /// A part of the day ("tonight", "tomorrow morning", "in the evening", DESIGN §6.1): its
    /// time when none was said, else the half of the day of an hour said without am/pm ("at 6
    /// tonight" = 18:00, "at 5 tomorrow morning" = 05:00); a time with am/pm or on a 24-hour
    /// clock stays as said ("at 9pm tonight" = 21:00, not the night's 20:00).
    mutating func takePartOfDay(_ seconds: Int) {
        let half: QuickAddVocabulary.Meridiem = seconds >= 12 * 3600 ? .pm : .am
        meridiem = half
        guard timeIsSaid else {
            time = seconds
            return
        }
        if timeIsFlexible, let said = time {
            time = said % (12 * 3600) + (half == .pm ? 12 * 3600 : 0)
            timeIsFlexible = false
        }
    }

    /// What "until …" said, and where its span (read as a due date) was recorded.
    struct End {
        var day: CivilDate?
        var time: Int?
        var instant: Date?
        var spanIndex: Int
    }

    /// Takes a recurrence phrase at `index`; returns the tokens used. A one-word frequency
    /// yields to an "every" phrase, before or after it, and stays in the title.
    mutating func takeRecurrence(_ phrase: QuickAddVocabulary.RecurrencePhrase, at index: Int, count: Int, isAdjective: Bool) -> Int {
        if isAdjective {
            guard recurrence == nil else { return 0 }
            adjectiveRecurrence = index
        } else if phrase.rule != nil, let adjective = adjectiveRecurrence {
            tokens[adjective].isUsed = false
            spans.removeAll { $0.kind == .recurrence && $0.start == tokens[adjective].start }
            adjectiveRecurrence = nil
        }
        consume(index, count, as: .recurrence)
        if let rule = phrase.rule { recurrence = rule }
        if phrase.fromCompletion { fromCompletion = true }
        if let seconds = phrase.partOfDay { takePartOfDay(seconds) }
        return count
    }

    /// A recurring task's first due date (DESIGN §6.1): its first occurrence on or after now,
    /// today counting for an all-day rule. The first matching day is found with the rule at
    /// interval 1: "every 2 weeks on wednesday" said on a Thursday starts next Wednesday, not
    /// a fortnight later. "every 2 hours" without a time starts now (to the next whole minute);
    /// with one ("every 2 hours at 9am") it keeps its interval, counted from that time.
    func firstOccurrence(of rule: RecurrenceRule, now: Date, zone: TimeZone) -> Date? {
        let notBefore: Date, start: Date
        if let time {
            notBefore = now
            start = ZonedTime.instant(of: day ?? today, hour: time / 3600, minute: time / 60 % 60, second: time % 60, in: zone)
        } else if rule.isSubDaily {
            let seconds = Int(now.timeIntervalSince1970.rounded(.up))
            notBefore = Date(timeIntervalSince1970: TimeInterval((seconds + 59) / 60 * 60))
            start = day.map { max(notBefore, ZonedTime.startOfDay($0, in: zone)) } ?? notBefore
        } else {
            notBefore = ZonedTime.startOfDay(today, in: zone)
            start = ZonedTime.startOfDay(day ?? today, in: zone)
        }
        var firstMatching = rule
        if !rule.isSubDaily { firstMatching.interval = 1 }
        return firstMatching.occurrences(from: start, in: zone).lazy.prefix(10_000).first { $0 >= notBefore }
    }

    mutating func consume(_ index: Int, _ count: Int, as kind: QuickAddResult.SpanKind?) {
        for i in index..<min(tokens.count, index + count) { tokens[i].isUsed = true }
        guard let kind, count > 0 else { return }
        let last = tokens[min(tokens.count, index + count) - 1]
        let text = tokens[index...min(tokens.count - 1, index + count - 1)].map(\.text).joined(separator: " ")
        spans.append(QuickAddResult.Span(kind: kind, start: tokens[index].start, end: last.end, text: text))
    }

    /// What was said about the date, when anything was.
    var typedDate: TypedDate? {
        if endOfDayIsPast, day == nil, instant == nil { return TypedDate(day: today, secondOfDay: nil, instant: nil) }
        return day == nil && time == nil && instant == nil
            ? nil : TypedDate(day: day, secondOfDay: time, instant: instant, halfOfDayIsOpen: time != nil && timeIsFlexible)
    }

    /// A reminder's instant: `seconds` into `day` (whole minutes) in `zone`.
    private static func instant(of day: CivilDate, at seconds: Int, in zone: TimeZone) -> Date {
        ZonedTime.instant(of: day, hour: seconds / 3600, minute: seconds / 60 % 60, in: zone)
    }

    func result(parser: QuickAddParser) -> QuickAddResult {
        guard !tokens.isEmpty else { return QuickAddResult(title: text.trimmingWhitespace()) }
        var state = self
        var until: Date?
        if day != nil, let recurrence, tokens.count > 1, tokens[0].isUsed, !tokens[1].isUsed,
           tokens[0].word == "weekend" || QuickAddVocabulary.weekdays[tokens[0].word] != nil, recurrence.utf8.count > 6,
           let span = state.spans.firstIndex(where: { $0.kind == .due && $0.start == tokens[0].start && $0.end == tokens[0].end }),
           recurrence.contains("BYDAY=") {
            // "Weekend brunch every saturday and sunday", "Friday drinks every friday": the rule
            // says the days, so the day word before a noun names the thing. A date said after it
            // ("… starting March 20") took its place in `day` and stays.
            state.tokens[0].isUsed = false
            state.spans.remove(at: span)
            if !state.spans.contains(where: { $0.kind == .due }) { state.day = nil }
        }
        if let end, let endDay = end.day {
            if recurrence != nil {
                // The series' last day: through its end, in the task's zone (UNTIL in UTC, inclusive).
                if end.spanIndex < state.spans.count { state.spans[end.spanIndex].kind = .recurrence }
                until = ZonedTime.startOfDay(endDay.adding(days: 1), in: parser.zone).addingTimeInterval(-1)
            } else if typedDate == nil {
                (state.day, state.time, state.instant) = (end.day, end.time, end.instant)
            }
        }
        return state.result(parser: parser, until: until)
    }

    /// The fields, once "until …" is settled: `until` ends the series.
    private func result(parser: QuickAddParser, until: Date?) -> QuickAddResult {
        // An "and" between two phrases that were both taken joined them ("remind me 1 hour before
        // and remind me 1 day before"), not two words of the title.
        var titleTokens = tokens.indices.filter { index in
            guard !tokens[index].isUsed else { return false }
            let joinsTaken = index > 0 && index + 1 < tokens.count && tokens[index - 1].isUsed && tokens[index + 1].isUsed
            return !(joinsTaken && ["and", "&"].contains(tokens[index].lowercasedText))
        }.map { tokens[$0] }
        // A preposition or dash left at the end announced a phrase that was taken ("Call mom at").
        while let last = titleTokens.last, ["on", "by", "at", "@", "due", "-", "–"].contains(last.lowercasedText) { titleTokens.removeLast() }
        var title = titleTokens.map(\.text).joined(separator: " ").trimmingWhitespace()
        // The comma before a phrase that was taken ("Call the garage, urgent!").
        while titleTokens.count < tokens.count, let last = title.utf8.last, last == UInt8(ascii: ",") || last == UInt8(ascii: ";") {
            title.removeLast()
        }
        var result = QuickAddResult(title: title)
        result.priority = priority
        result.tags = tags
        result.spans = spans.sorted { $0.start < $1.start }
        result.recurrenceFrom = fromCompletion ? .completion : .due
        let zone = parser.zone
        if let recurrence, var rule = try? RecurrenceRule(parsing: recurrence) {
            if let count, rule.count == nil, rule.until == nil { rule.count = count }
            if let until, rule.count == nil { rule.until = .instant(until) }
            result.recurrence = rule.canonicalText
            if let first = firstOccurrence(of: rule, now: parser.now, zone: zone) {
                result.dueAt = first
                result.allDay = time == nil && !rule.isSubDaily
            }
        } else if let due = typedDate?.dueDate(now: parser.now, in: zone) {
            result.dueAt = due.date
            result.allDay = due.allDay
        }
        for reminder in reminders {
            switch reminder {
            case .minutesBefore(let minutes):
                if !result.reminders.contains(.minutesBefore(minutes)) { result.reminders.append(.minutesBefore(minutes)) }
            case .at(let seconds):
                let reminderDay = result.dueAt.map { ZonedTime.civilDate(of: $0, in: zone) } ?? today
                var instant = Self.instant(of: reminderDay, at: seconds, in: zone)
                // "remind me at 5pm" with no due date, said at 6pm: tomorrow's 5pm, not a past one.
                if result.dueAt == nil, instant <= parser.now { instant = Self.instant(of: today.adding(days: 1), at: seconds, in: zone) }
                result.reminders.append(.at(instant))
            case .onDayAt(let day, let seconds):
                result.reminders.append(.at(Self.instant(of: day, at: seconds, in: zone)))
            case .daysBeforeAt(let days, let seconds):
                // "the day before at 6pm": counted from the due date; without one there is no "before".
                guard let dueAt = result.dueAt else { continue }
                let reminderDay = ZonedTime.civilDate(of: dueAt, in: zone).adding(days: -days)
                result.reminders.append(.at(Self.instant(of: reminderDay, at: seconds, in: zone)))
            }
        }
        if result.title.isEmpty { result.title = tokens.map(\.text).joined(separator: " ").trimmingWhitespace() }
        return result
    }
}
