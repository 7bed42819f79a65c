import Foundation

/// The phrases quick-add understands, each a function from the words at a position to what
/// they mean and how many words they take (DESIGN §6.1).
enum QuickAddVocabulary {
    enum DatePhrase {
        case day(CivilDate)
        /// "tonight", "friday morning": a day and a part of the day, which stands for a time
        /// (`partOfDay`) unless one is said.
        case dayWithTime(CivilDate, Int)
        /// `2026-12-05T17:00`: a wall time on a day.
        case wallTime(CivilDate, Int)
        case instant(Date)
    }

    enum ReminderPhrase: Hashable, Sendable {
        case minutesBefore(Int)
        /// At this second of the due date's day.
        case at(Int)
        /// At this second of the day this many days before the due date's ("the day before at 6pm").
        case daysBeforeAt(Int, Int)
        /// At this second of a day said ("tomorrow at 9am", "on friday at 5pm").
        case onDayAt(CivilDate, Int)
    }

    struct RecurrencePhrase {
        var rule: String?
        var fromCompletion: Bool
        /// "every thursday night": the time of the part of the day said (`partOfDay`).
        var partOfDay: Int?
    }

    static let weekdays: [String: Int] = [
        "mon": 1, "monday": 1, "tue": 2, "tues": 2, "tuesday": 2, "wed": 3, "weds": 3, "wednesday": 3,
        "thu": 4, "thur": 4, "thurs": 4, "thursday": 4, "fri": 5, "friday": 5, "sat": 6, "saturday": 6, "sun": 7, "sunday": 7,
    ]
    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]
    static let numberWords: [String: Int] = ["a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                                             "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12]
    static let weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    /// Which weekday of a month ("the third wednesday", "the last sunday").
    static let ordinalWords: [String: Int] = ["first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1]

    /// Words that tie a date to the sentence ("due on friday", "for May 3"): they leave the title
    /// with the date after them. (A switch: every word of every sentence is asked, and hashing
    /// it for a Set costs more than comparing it.)
    static func isPreposition(_ word: String) -> Bool {
        switch word {
        case "on", "by", "at", "@", "due", "for", "until", "till", "before", "starting": true
        default: false
        }
    }

    /// One-word frequencies. As adjectives they often name the task ("Daily standup notes
    /// every friday"), so an "every" phrase in the same sentence wins over them.
    static func frequencyAdjective(_ word: String) -> String? {
        // Five letters up: shorter words are turned away before any string is compared.
        guard word.utf8.count >= 5 else { return nil }
        return switch word {
        case "hourly": "FREQ=HOURLY"
        case "daily": "FREQ=DAILY"
        case "weekly": "FREQ=WEEKLY"
        // "biweekly" is read as every two weeks, its usual sense in task lists (docs/decisions.md).
        case "biweekly", "fortnightly": "FREQ=WEEKLY;INTERVAL=2"
        case "monthly": "FREQ=MONTHLY"
        case "quarterly": "FREQ=MONTHLY;INTERVAL=3"
        case "yearly", "annually": "FREQ=YEARLY"
        default: nil
        }
    }

    // MARK: Tags and priorities

    /// `#work` → `[work]`; `#groceries,#food` → both (tags glued by commas); nil when any part
    /// is no tag.
    static func tags(_ raw: String) -> [String]? {
        guard raw.utf8.first == UInt8(ascii: "#") else { return nil }
        guard raw.utf8.contains(UInt8(ascii: ",")) else { return tag(raw).map { [$0] } }
        let parts = raw.split(separator: ",", omittingEmptySubsequences: true)
        let tags = parts.compactMap { tag(String($0)) }
        return tags.count == parts.count ? tags : nil
    }

    /// `#work` → `work`; `#123` is not a tag (an issue number).
    static func tag(_ raw: String) -> String? {
        guard raw.utf8.first == UInt8(ascii: "#") else { return nil }
        var text = Substring(raw)
        while let last = text.last, ",.;:?!".contains(last) { text = text.dropLast() }
        guard text.hasPrefix("#"), text.count > 1, !text.dropFirst().allSatisfy(\.isNumber) else { return nil }
        return try? TagNormalizer.normalize(String(text))
    }

    /// `raw` is the token lower-cased but with its punctuation (`!!`).
    static func priority(_ words: [String], raw: String) -> (Priority, Int)? {
        // Every word passes here: its first byte turns most away before any string is compared.
        switch raw.utf8.first {
        case UInt8(ascii: "!"), UInt8(ascii: "p"), UInt8(ascii: "u"), UInt8(ascii: "a"), UInt8(ascii: "i"), UInt8(ascii: "h"),
             UInt8(ascii: "m"), UInt8(ascii: "l"), UInt8(ascii: "("), UInt8(ascii: "["):
            break
        default:
            return nil
        }
        switch raw {
        case "!high", "!!!", "p1": return (.high, 1)
        case "!medium", "!!", "p2": return (.medium, 1)
        case "!low", "!", "p3": return (.low, 1)
        case "p4": return (.none, 1)
        default: break
        }
        switch words[0] {
        case "urgent", "asap", "a.s.a.p": return (.high, 1)
        case "important": return (.medium, 1)
        case "high", "medium", "low":
            guard words.count > 1, words[1] == "priority" else { return nil }
            return (words[0] == "high" ? .high : words[0] == "medium" ? .medium : .low, 2)
        default: return nil
        }
    }

    // MARK: Reminders

    /// `remind me 30 minutes before`, `remind me 1 hour before`, `remind me at 9am`, `remind me the
    /// day before at 6pm`, `reminder 1 hour before`, and several joined by "and" or commas:
    /// `remind me 2 hours before and 15 minutes before`.
    /// `readDay` reads a day at the start of words ("tomorrow", "friday", "March 3"): how many
    /// words it took.
    static func reminders(_ words: [String], readDay: ([String]) -> (CivilDate, Int)? = { _ in nil }) -> ([ReminderPhrase], Int)? {
        guard words.count >= 2 else { return nil }
        var used: Int
        if words[0] == "remind", words[1] == "me" { used = 2 } else if words[0] == "reminder" { used = 1 } else { return nil }
        var phrases: [ReminderPhrase] = []
        while used < words.count {
            let joined = !phrases.isEmpty && (words[used] == "and" || words[used] == "&") ? 1 : 0
            guard let (phrase, count) = reminder(Array(words.dropFirst(used + joined)), readDay: readDay) else { break }
            phrases.append(phrase)
            used += joined + count
        }
        return phrases.isEmpty ? nil : (phrases, used)
    }

    /// One reminder after "remind me": `at 9am`, `30 minutes before`, `1 hour and 15 minutes
    /// before`, or days before the due date at a time of their own: `the day before at 6pm`,
    /// `2 days before at 9am` (the time is the reminder's, never the task's).
    private static func reminder(_ words: [String], readDay: ([String]) -> (CivilDate, Int)?) -> (ReminderPhrase, Int)? {
        guard let first = words.first else { return nil }
        if first == "at", let time = time(Array(words.dropFirst()), allowBare: true, meridiem: nil) {
            return (.at(time.seconds), 1 + time.count)
        }
        // "tomorrow at 9am", "on friday at 5pm", "friday 9am": a day of its own, and its time.
        let on = first == "on" ? 1 : 0
        if words.count > on, let (day, used) = readDay(Array(words.dropFirst(on))) {
            let at = words.count > on + used && words[on + used] == "at" ? 1 : 0
            if let time = time(Array(words.dropFirst(on + used + at)), allowBare: at == 1, meridiem: nil) {
                return (.onDayAt(day, time.seconds), on + used + at + time.count)
            }
        }
        if words.count >= 2, words[1] == "before", let (amount, minutes) = gluedAmount(first) {
            return (.minutesBefore(amount * minutes), 2)
        }
        if let (minutes, count) = elapsedMinutes(words), count < words.count, words[count] == "before" {
            return (.minutesBefore(minutes), count + 1)
        }
        var amount: Int, minutes: Int
        if words.count >= 3, first == "the", words[1] == "day" {
            (amount, minutes) = (1, 1440)
        } else if words.count >= 3, let n = number(first), let unit = unitMinutes(words[1]) {
            (amount, minutes) = (n, unit)
        } else {
            return nil
        }
        guard words[2] == "before" else { return nil }
        if minutes == 1440, words.count > 4, words[3] == "at", let time = time(Array(words.dropFirst(4)), allowBare: true, meridiem: nil) {
            return (.daysBeforeAt(amount, time.seconds), 4 + time.count)
        }
        return (.minutesBefore(amount * minutes), 3)
    }

    /// "30m", "1h", "2d", "45min" → (amount, minutes in its unit).
    static func gluedAmount(_ word: String) -> (Int, Int)? {
        let digits = word.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < word.count, let amount = Int(digits), amount <= 10_000 else { return nil }
        let unit = String(word.dropFirst(digits.count))
        if unit == "m" { return (amount, 1) }
        if unit == "d" { return (amount, 1440) }
        return unitMinutes(unit).map { (amount, $0) }
    }

    static func unitMinutes(_ word: String) -> Int? {
        switch word {
        case "minute", "minutes", "min", "mins": 1
        case "hour", "hours", "hr", "hrs", "h": 60
        case "day", "days": 1440
        case "week", "weeks": 10_080
        default: nil
        }
    }

    static func number(_ word: String) -> Int? {
        if let value = Int(word), value >= 0, value <= 10_000 { return value }
        return numberWords[word]
    }

    // MARK: Recurrence

    static func recurrence(_ words: [String]) -> (RecurrencePhrase, Int)? {
        if words[0] == "nightly", words.count == 1 || isDateWord(words[1]) {
            // "Back up nightly at 2am": every day, at night unless a time is said ("the nightly
            // build" names a thing).
            return (RecurrencePhrase(rule: "FREQ=DAILY", fromCompletion: false, partOfDay: partOfDay("night")), 1)
        }
        if let rule = frequencyAdjective(words[0]) {
            // "monthly on the last friday", "weekly on mon and thu", "yearly on March 3": the
            // details make it a rule, not an adjective.
            if let (details, count) = frequencyDetails(rule, Array(words.dropFirst())) {
                return (RecurrencePhrase(rule: rule + details, fromCompletion: false), 1 + count)
            }
            // "Quarterly report", "biweekly newsletter": these name a thing before a noun; they
            // are a rule only after the task ("Change air filter quarterly").
            if words.count > 1, rule.utf8.contains(UInt8(ascii: ";")), !isDateWord(words[1]) { return nil }
            return (RecurrencePhrase(rule: rule, fromCompletion: false), 1)
        }
        switch words[0] {
        case "the" where words.count >= 4:
            // "the 1st of every month", "the first of each month", "the 1st and 15th of each month",
            // "the first monday of every month", "the 1st every month" (not "… of the month": one
            // day of this month), "the end of every month".
            if let count = endOfEveryMonth(words, at: 1) { return (RecurrencePhrase(rule: "FREQ=MONTHLY;BYMONTHDAY=-1", fromCompletion: false), 1 + count) }
            guard let (part, count) = ordinalsOfEveryMonth(words, at: 1) else { return nil }
            return (RecurrencePhrase(rule: "FREQ=MONTHLY;" + part, fromCompletion: false), 1 + count)
        case let first where first.utf8.first.map(isDigit) == true && words.count >= 3
            && (words[1] == "of" || words[1] == "and" || words[1] == "every" || words[1] == "each"):
            // "1st of each month", "1st and 15th of every month", "5th every month".
            guard let (part, count) = ordinalsOfEveryMonth(words, at: 0) else { return nil }
            return (RecurrencePhrase(rule: "FREQ=MONTHLY;" + part, fromCompletion: false), count)
        case "end" where words.count >= 4:
            return endOfEveryMonth(words, at: 0).map { (RecurrencePhrase(rule: "FREQ=MONTHLY;BYMONTHDAY=-1", fromCompletion: false), $0) }
        case "after" where words.count > 1 && words[1] == "completion":
            return (RecurrencePhrase(rule: nil, fromCompletion: true), 2)
        case let first where words.count >= 4 && words[2] == "of" && (weekdays[words[1]] != nil || words[1] == "day")
            && weekdayOrdinal(first) != nil:
            // "last thursday of every month", "2nd tuesday of each month", "last day of every month".
            guard let (part, count) = ordinalsOfEveryMonth(words, at: 0) else { return nil }
            return (RecurrencePhrase(rule: "FREQ=MONTHLY;" + part, fromCompletion: false), count)
        case let first where isPluralDayWord(first) || first == "weekends":
            return pluralWeekdays(words)
        // "each year on Mar 3", "each monday": as "every" (a noun after it is no unit: "each item").
        case "every", "every!", "each":
            let fromCompletion = words[0] == "every!"
            guard let (rule, count) = everyPhrase(Array(words.dropFirst())) else { return nil }
            // "every thursday night", "every night": the part of the day is the series' time.
            if 1 + count < words.count, let seconds = partOfDay(words[1 + count]) {
                return (RecurrencePhrase(rule: rule, fromCompletion: fromCompletion, partOfDay: seconds), 2 + count)
            }
            return (RecurrencePhrase(rule: rule, fromCompletion: fromCompletion), 1 + count)
        default: return nil
        }
    }

    /// "Thursdays", "mondays and thursdays": a weekday in the plural is every one of them ("Yoga
    /// Thursdays at 7pm" was due today at 19:00, "Thursdays" in its title). The words taken.
    static func pluralWeekdays(_ words: [String]) -> (RecurrencePhrase, Int)? {
        if words[0] == "weekdays" || words[0] == "weekends" {
            // "Swim squad 5:45am weekdays", "on weekends": as "every weekday" ("weekdays menu"
            // names a thing).
            guard words.count == 1 || isDateWord(words[1]), let (rule, _) = everyPhrase([words[0]]) else { return nil }
            return (RecurrencePhrase(rule: rule, fromCompletion: false), 1)
        }
        func weekday(_ word: String) -> Int? {
            guard isPluralDayWord(word) else { return nil }
            return weekdays[String(word.dropLast())]
        }
        guard let first = weekday(words[0]) else { return nil }
        var days = [first]
        var count = 1
        // "mondays and thursdays", "mondays wednesdays and fridays", "Mondays, Wednesdays" (the
        // comma is not a word of its own).
        while count < words.count {
            let joined = count + 1 < words.count && (words[count] == "and" || words[count] == "&" || words[count] == ",")
            guard let next = weekday(words[count + (joined ? 1 : 0)]) else { break }
            if !days.contains(next) { days.append(next) }
            count += joined ? 2 : 1
        }
        let byDay = days.sorted().map { weekdayCodes[$0 - 1] }.joined(separator: ",")
        if count < words.count, let seconds = partOfDay(words[count]) {
            // "Fridays evening" is rare, "thursdays night" rarer; read as "every thursday night".
            return (RecurrencePhrase(rule: "FREQ=WEEKLY;BYDAY=" + byDay, fromCompletion: false, partOfDay: seconds), count + 1)
        }
        return (RecurrencePhrase(rule: "FREQ=WEEKLY;BYDAY=" + byDay, fromCompletion: false), count)
    }

    /// Seven letters or more ending in "days" (every word passes here: bytes, not strings).
    static func isPluralDayWord(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { bytes in
            bytes.count >= 7 && bytes[bytes.count - 4] == UInt8(ascii: "d") && bytes[bytes.count - 3] == UInt8(ascii: "a")
                && bytes[bytes.count - 2] == UInt8(ascii: "y") && bytes[bytes.count - 1] == UInt8(ascii: "s")
        }
    }

    /// What may follow a one-word frequency: "on the last friday" after "monthly" → ";BYDAY=-1FR".
    static func frequencyDetails(_ rule: String, _ words: [String]) -> (String, Int)? {
        switch rule {
        case "FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2":
            return weekdayList(words, needsOn: true).map { (";BYDAY=" + $0.0, $0.1) }
        case "FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=3":
            return monthPart(words).map { (";" + $0.0, $0.1) }
        case "FREQ=YEARLY":
            return yearDay(words).map { (";BYMONTH=\($0.0);BYMONTHDAY=\($0.1)", $0.2) }
        default:
            return nil
        }
    }

    /// "for 5 times", "5 times", "for 10 days" after "every day": how many occurrences a series
    /// has (COUNT), and the words said. A length in days, weeks, months or years counts only in
    /// the rule's own unit, one occurrence a unit ("every tuesday for 5 weeks").
    static func occurrenceCount(_ words: [String], rule: String) -> (Int, Int)? {
        let lead = words.first == "for" ? 1 : 0
        guard words.count >= lead + 2, let n = number(words[lead]), n >= 1 else { return nil }
        switch words[lead + 1] {
        case "times", "time", "occurrences":
            return (n, lead + 2)
        case let unit where lead == 1:
            let units = ["FREQ=DAILY": ["day", "days"], "FREQ=WEEKLY": ["week", "weeks"], "FREQ=MONTHLY": ["month", "months"],
                         "FREQ=YEARLY": ["year", "years"]]
            let parts = rule.split(separator: ";")
            guard let frequency = parts.first, units[String(frequency)]?.contains(unit) == true,
                  !parts.contains(where: { $0.hasPrefix("INTERVAL=") || $0.hasPrefix("BYDAY=") && $0.contains(",") }) else { return nil }
            return (n, 3)
        default:
            return nil
        }
    }

    /// Ordinals from `start` ("1st", "1st and 15th", "first and third monday"), then "of every
    /// month" or "of each month" → "BYMONTHDAY=1,15" or "BYDAY=1MO,3MO" and the words taken from
    /// `start`. An ordinal in digits needs its suffix ("the 1 of every month" is no day).
    static func ordinalsOfEveryMonth(_ words: [String], at start: Int) -> (String, Int)? {
        guard start < words.count, words[start].utf8.count > 2, let (ordinals, count) = ordinalList(words, at: start) else { return nil }
        var end = start + count
        var part = "BYMONTHDAY=" + ordinals.map(String.init).joined(separator: ",")
        if end < words.count, let day = weekdays[words[end]] {
            guard ordinals.allSatisfy({ $0 <= 5 }) else { return nil }
            part = "BYDAY=" + ordinals.map { "\($0)" + weekdayCodes[day - 1] }.joined(separator: ",")
            end += 1
        } else if end < words.count, words[end] == "day" {
            // "the last day of every month", "the 1st day of each month".
            end += 1
        } else if ordinals.contains(-1) {
            return nil
        }
        guard let tail = phraseLength(Array(words.dropFirst(end)), ["of", "every", "month"], ["of", "each", "month"], ["every", "month"],
                                      ["each", "month"]) else { return nil }
        return (part, end + tail - start)
    }

    /// "end of every month", "end of each month" from `start`: the words taken.
    static func endOfEveryMonth(_ words: [String], at start: Int) -> Int? {
        guard start < words.count, words[start] == "end" else { return nil }
        return phraseLength(Array(words.dropFirst(start + 1)), ["of", "every", "month"], ["of", "each", "month"]).map { $0 + 1 }
    }

    /// "2nd and 4th", "1st, 15th", "first and the third", "last" from `start` → the numbers
    /// (-1 for "last") and the words taken.
    static func ordinalList(_ words: [String], at start: Int) -> ([Int], Int)? {
        func ordinal(_ word: String) -> Int? {
            if let n = ordinalWords[word] ?? dayOrdinalWords[word] { return n }
            // Digits need their suffix: "1st", not "1".
            return word.utf8.count > 2 && word.utf8.last.map(isDigit) == false ? dayNumber(word) : nil
        }
        var ordinals: [Int] = []
        var index = start
        while index < words.count, let n = ordinal(words[index]) {
            if !ordinals.contains(n) { ordinals.append(n) }
            index += 1
            guard index + 1 < words.count, words[index] == "and" || words[index] == "&" || words[index] == "," else { continue }
            let next = words[index + 1] == "the" && index + 2 < words.count ? index + 2 : index + 1
            guard ordinal(words[next]) != nil else { break }
            index = next
        }
        return ordinals.isEmpty ? nil : (ordinals, index - start)
    }

    /// After "every", a list of ordinals: "2nd and 4th tuesday" (weekdays of each month), "1st
    /// and 15th" (days of each month), "2nd day", "3rd week" (an interval).
    static func everyOrdinals(_ words: [String]) -> (String, Int)? {
        guard let first = words.first, first.utf8.count > 2, let (ordinals, count) = ordinalList(words, at: 0) else { return nil }
        let next = count < words.count ? words[count] : ""
        if let day = weekdays[next] {
            guard ordinals.count > 1, ordinals.allSatisfy({ $0 <= 5 }) else { return nil }
            let tail = ofTheMonth(Array(words.dropFirst(count + 1))) ?? 0
            return ("FREQ=MONTHLY;BYDAY=" + ordinals.map { "\($0)" + weekdayCodes[day - 1] }.joined(separator: ","), count + 1 + tail)
        }
        if ordinals.count == 1, let n = ordinals.first {
            // "every 2nd day", "every 3rd week on monday": as "every 2 days", "every 3 weeks on monday".
            if n >= 2, next == "day" || next == "week" || next == "month" || next == "year" { return everyPhrase([String(n)] + words.dropFirst()) }
            // "every 25th": that day of every month, as "the 25th of every month" says; in digits,
            // and not before a word that makes it part of a longer date ("every 1st of May").
            guard (1...31).contains(n), first.utf8.first.map(isDigit) == true, next != "of", months[next] == nil,
                  !["day", "days", "week", "weeks", "month", "months", "year", "years"].contains(next) else { return nil }
            return ("FREQ=MONTHLY;BYMONTHDAY=\(n)", count)
        }
        guard ordinals.count > 1, !ordinals.contains(-1) else { return nil }
        let tail = ofTheMonth(Array(words.dropFirst(count))) ?? 0
        return ("FREQ=MONTHLY;BYMONTHDAY=" + ordinals.map(String.init).joined(separator: ","), count + tail)
    }

    /// What follows "every": the rule and the words it took.
    static func everyPhrase(_ words: [String]) -> (String, Int)? {
        guard let first = words.first else { return nil }
        if first == "half", let count = phraseLength(words, ["half", "hour"], ["half", "an", "hour"]) {
            return ("FREQ=MINUTELY;INTERVAL=30", count)
        }
        if let (part, count) = monthlyWeekday(words) { return ("FREQ=MONTHLY;" + part, count) }
        // "every 1st of the month", "every last day of the month".
        if let tail = ofTheMonth(Array(words.dropFirst())), first.count > 2, let day = dayNumber(first) {
            return ("FREQ=MONTHLY;BYMONTHDAY=\(day)", 1 + tail)
        }
        if words.count >= 2, first == "last", words[1] == "day", let tail = ofTheMonth(Array(words.dropFirst(2))) {
            return ("FREQ=MONTHLY;BYMONTHDAY=-1", 2 + tail)
        }
        if let phrase = everyOrdinals(words) { return phrase }
        var interval = 1, used = 0
        if first == "other" || first == "alternate" {
            // "every alternate day": Indian English for every other day.
            (interval, used) = (2, 1)
        } else if first == "couple", words.count > 2, words[1] == "of" {
            // "every couple of days", as "in a couple of days" is two.
            (interval, used) = (2, 2)
        } else if let n = number(first), n >= 2, words.count > 1 { interval = n; used = 1 }
        guard used < words.count else { return nil }
        let unit = words[used]
        let intervalPart = interval > 1 ? ";INTERVAL=\(interval)" : ""
        switch unit {
        case "minute", "minutes", "min", "mins": return ("FREQ=MINUTELY" + intervalPart, used + 1)
        case "hour", "hours", "hr", "hrs": return ("FREQ=HOURLY" + intervalPart, used + 1)
        case "day", "days": return ("FREQ=DAILY" + intervalPart, used + 1)
        case "fortnight", "fortnights", "quarter", "quarters":
            // Two weeks and three months.
            let isFortnight = unit.hasPrefix("f")
            let frequency = (isFortnight ? "FREQ=WEEKLY;INTERVAL=" : "FREQ=MONTHLY;INTERVAL=") + "\(interval * (isFortnight ? 2 : 3))"
            if isFortnight, let (days, count) = weekdayList(Array(words.dropFirst(used + 1)), needsOn: true) {
                return (frequency + ";BYDAY=" + days, used + 1 + count)
            }
            return (frequency, used + 1)
        case "morning", "afternoon", "evening", "night":
            // "every night": daily, at the part of the day, which `recurrence` reads after the rule.
            return used == 0 ? ("FREQ=DAILY", 0) : nil
        case "weekday", "weekdays":
            return interval == 1 ? ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", used + 1) : nil
        case "weekend", "weekends":
            return interval == 1 ? ("FREQ=WEEKLY;BYDAY=SA,SU", used + 1) : nil
        case "week", "weeks":
            if let (days, count) = weekdayList(Array(words.dropFirst(used + 1)), needsOn: true) {
                return ("FREQ=WEEKLY" + intervalPart + ";BYDAY=" + days, used + 1 + count)
            }
            return ("FREQ=WEEKLY" + intervalPart, used + 1)
        case "month", "months":
            if let (part, count) = monthPart(Array(words.dropFirst(used + 1))) {
                return ("FREQ=MONTHLY" + intervalPart + ";" + part, used + 1 + count)
            }
            return ("FREQ=MONTHLY" + intervalPart, used + 1)
        case "year", "years":
            if let (month, day, count) = yearDay(Array(words.dropFirst(used + 1))) {
                return ("FREQ=YEARLY" + intervalPart + ";BYMONTH=\(month);BYMONTHDAY=\(day)", used + 1 + count)
            }
            return ("FREQ=YEARLY" + intervalPart, used + 1)
        default:
            if let (month, day, count) = monthAndDay(words), day <= CivilDate.daysIn(month: month, year: 2024) {
                // "every 12 March", "every March 12th", "every 1st of May": once a year.
                return ("FREQ=YEARLY;BYMONTH=\(month);BYMONTHDAY=\(day)", count)
            }
            if interval == 1 || used == 1, let (days, count) = weekdayList(Array(words.dropFirst(used)), needsOn: false) {
                return ("FREQ=WEEKLY" + intervalPart + ";BYDAY=" + days, used + count)
            }
            return nil
        }
    }

    /// "of the month", "of every month", "of each month" after a day of the month: its words.
    static func ofTheMonth(_ words: [String]) -> Int? {
        phraseLength(words, ["of", "the", "month"], ["of", "every", "month"], ["of", "each", "month"])
    }

    /// How many words `words` starts with, when it starts with one of `phrases`.
    static func phraseLength(_ words: [String], _ phrases: [String]...) -> Int? {
        for phrase in phrases where words.count >= phrase.count && words.starts(with: phrase) { return phrase.count }
        return nil
    }

    /// After "every": "first friday", "last sunday of the month", "2nd tuesday of every month"
    /// → `BYDAY=1FR`.
    static func monthlyWeekday(_ words: [String]) -> (String, Int)? {
        guard words.count >= 2, let ordinal = weekdayOrdinal(words[0]), let day = weekdays[words[1]] else { return nil }
        var used = 2
        if let tail = ofTheMonth(Array(words.dropFirst(2))) { used += tail }
        return ("BYDAY=\(ordinal)" + weekdayCodes[day - 1], used)
    }

    /// "first"…"fifth", "1st"…"5th", "last" → 1…5, -1: which weekday of a month.
    static func weekdayOrdinal(_ word: String) -> Int? {
        if let n = ordinalWords[word] { return n }
        guard word.count > 2, let n = dayNumber(word), n <= 5 else { return nil }
        return n
    }

    /// "monday", "mon and thu", "tue, thu" (after "on" when `needsOn`) → "MO,TH".
    static func weekdayList(_ words: [String], needsOn: Bool) -> (String, Int)? {
        var index = 0
        if needsOn {
            guard words.first == "on" else { return nil }
            index = 1
        }
        var days: [Int] = []
        while index < words.count {
            var word = words[index]
            if word.hasASCIISuffix("s"), weekdays[String(word.dropLast())] != nil { word.removeLast() }
            if let day = weekdays[word] {
                if !days.contains(day) { days.append(day) }
                index += 1
                if index < words.count, words[index] == "and" || words[index] == "&", index + 1 < words.count,
                   weekdays[words[index + 1]] != nil || weekdays[String(words[index + 1].dropLast())] != nil {
                    index += 1
                }
            } else {
                break
            }
        }
        guard !days.isEmpty else { return nil }
        return (days.sorted().map { weekdayCodes[$0 - 1] }.joined(separator: ","), index)
    }

    /// After "every month": "on the 1st", "on the 10th and 25th", "on the last day", "on the
    /// last friday", "on the third wednesday", "on the first and third monday".
    static func monthPart(_ words: [String]) -> (String, Int)? {
        guard words.count >= 3, words[0] == "on", words[1] == "the" else { return nil }
        // A list of ordinals ("10th, 20th and the 30th"), then "day", a weekday or nothing.
        var ordinals: [Int] = []
        var index = 2
        while index < words.count {
            let ordinal = ordinalWords[words[index]] ?? dayNumber(words[index])
            guard let ordinal else { break }
            if !ordinals.contains(ordinal) { ordinals.append(ordinal) }
            index += 1
            guard index + 1 < words.count, words[index] == "and" || words[index] == "&" else { continue }
            let next = words[index + 1] == "the" && index + 2 < words.count ? index + 2 : index + 1
            guard ordinalWords[words[next]] != nil || dayNumber(words[next]) != nil else { break }
            index = next
        }
        guard !ordinals.isEmpty else { return nil }
        if index < words.count, let day = weekdays[words[index]] {
            guard ordinals.allSatisfy({ $0 <= 5 }) else { return nil }
            return ("BYDAY=" + ordinals.map { "\($0)" + weekdayCodes[day - 1] }.joined(separator: ","), index + 1)
        }
        if index < words.count, words[index] == "day" { return ("BYMONTHDAY=" + ordinals.map(String.init).joined(separator: ","), index + 1) }
        // "last" alone is not a day ("on the last" of what?).
        guard !ordinals.contains(-1) else { return nil }
        return ("BYMONTHDAY=" + ordinals.map(String.init).joined(separator: ","), index)
    }

    /// After "every year": "on March 3", "on the 3rd of May", "on 3 May" → (month, day, words).
    static func yearDay(_ words: [String]) -> (Int, Int, Int)? {
        guard words.count >= 3, words[0] == "on" else { return nil }
        let article = words[1] == "the" ? 1 : 0
        guard let (month, day, count) = monthAndDay(Array(words.dropFirst(1 + article))),
              day <= CivilDate.daysIn(month: month, year: 2024) else { return nil }
        return (month, day, 1 + article + count)
    }

    /// "5", "5th", "1st", "22nd", "3rd" → the day number 1…31.
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func dayNumber(_ word: String) -> Int? {
        guard word.utf8.first.map(isDigit) == true else { return nil }
        var digits = Substring(word)
        for suffix in ["st", "nd", "rd", "th"] where digits.hasASCIISuffix(suffix) { digits = digits.dropLast(2) }
        guard !digits.isEmpty, digits.count <= 2, let n = Int(digits), (1...31).contains(n) else { return nil }
        return n
    }

    // MARK: Dates

    /// `afterPreposition`: the words follow "on", "by", "for"…, where "the 20th" is a date.
    static func date(_ words: [String], today: CivilDate, now: Date, zone: TimeZone, dateOrder: DateOrder,
                     afterPreposition: Bool = false) -> (DatePhrase, Int)? {
        let word = words[0]
        if let (day, count) = weekdayOfMonth(words, today: today) { return (.day(day), count) }
        switch word {
        case "the" where words.count >= 2:
            // "the day after tomorrow", "the weekend", "the 3rd of May", "on the 20th": the
            // article leaves the title with its date.
            let rest = Array(words.dropFirst())
            if let (day, count) = weekdayOfMonth(rest, today: today) { return (.day(day), count + 1) }
            if ["day", "weekend", "end"].contains(words[1]) || monthAndDay(rest) != nil,
               let (date, count) = self.date(rest, today: today, now: now, zone: zone, dateOrder: dateOrder), case .day = date {
                // "the March 3 outage", "the weekend trip": a date before a noun describes the
                // thing ("by the March 3 deadline" still says when).
                if count + 1 < words.count, !mayFollowDayOfMonth(words[count + 1]) {
                    return isDeadlineWord(words[count + 1]) ? (date, count + 2) : nil
                }
                return (date, count + 1)
            }
            if afterPreposition, let day = dayOfMonth(words[1], today: today) {
                // "on the 1st of the month": this coming 1st.
                let ofTheMonth = words.count >= 5 && words[2] == "of" && words[3] == "the" && words[4] == "month"
                // "for the 2nd bedroom", "on the 5th floor": an ordinal before a noun counts things.
                guard ofTheMonth || words.count == 2 || mayFollowDayOfMonth(words[2]) else { return nil }
                return (.day(day), ofTheMonth ? 5 : 2)
            }
            // "Pay verizon bill the 20th", "… the 20th #bills": an ordinal in digits ending the
            // sentence is its date without a preposition ("the 3rd chapter" counts things).
            if !afterPreposition, let day = dayOfMonth(words[1], today: today),
               words.count == 2 || words[2].utf8.first == UInt8(ascii: "#") || words[2].utf8.first == UInt8(ascii: "!") {
                return (.day(day), 2)
            }
            if words.count >= 4, words[2] == "of", let month = months[words[3]], let number = dayOrdinalWords[words[1]] {
                // "the first of May", as "the 1st of May".
                return dateWithoutYear(month: month, day: number, today: today).map { (.day($0), 4) }
            }
            // "on the first", "by the fifteenth": an ordinal in letters only where the sentence
            // or the date ends with it ("on the second floor" is no date).
            if afterPreposition, let number = dayOrdinalWords[words[1]],
               words.count == 2 || isPreposition(words[2]) || words[2].utf8.first == UInt8(ascii: "#") || words[2].utf8.first == UInt8(ascii: "!") {
                return nextDay(ofMonth: number, from: today).map { (.day($0), 2) }
            }
            return nil
        case "over" where words.count >= 3 && words[2] == "weekend":
            // "over the weekend", as "at the weekend" ("over the weekend trip" describes the trip).
            return date(Array(words.dropFirst()), today: today, now: now, zone: zone, dateOrder: dateOrder).map { ($0.0, $0.1 + 1) }
        case "today": return (.day(today), 1)
        case "yesterday": return (.day(today.adding(days: -1)), 1)
        case "tonight": return (.dayWithTime(today, 20 * 3600), 1)
        case "tomorrow", "tmr", "tmrw", "tmw", "2moro", "2morrow":
            // "tomorrow week": a week after tomorrow.
            if words.count >= 2, words[1] == "week", words.count == 2 || endsADate(words[2]) { return (.day(today.adding(days: 8)), 2) }
            return (.day(today.adding(days: 1)), 1)
        case "a" where words.count >= 3 && words[1] == "week" && (words[2] == "today" || words[2] == "tomorrow"):
            // "a week tomorrow", "a week today": a week after that day.
            return (.day(today.adding(days: words[2] == "today" ? 7 : 8)), 3)
        case "a" where words.count >= 4 && words[1] == "week" && words[2] == "on" && weekdays[words[3]] != nil:
            // "a week on Friday": a week after the coming Friday.
            return (.day(nextWeekday(weekdays[words[3]]!, after: today).adding(days: 7)), 4)
        case "day" where words.count >= 3 && words[1] == "after" && words[2] == "tomorrow": return (.day(today.adding(days: 2)), 3)
        case "weekend": return (.day(comingSaturday(today)), 1)
        case "this" where words.count >= 2:
            if words[1] == "weekend" { return (.day(comingSaturday(today)), 2) }
            if let seconds = partOfDay(words[1]) { return (.dayWithTime(today, seconds), 2) }
            guard let target = weekdays[words[1]] else { return nil }
            let monday = today.adding(days: -(today.weekday - 1))
            let inThisWeek = monday.adding(days: target - 1)
            return (.day(inThisWeek >= today ? inThisWeek : nextWeekday(target, after: today)), 2)
        case "next" where words.count >= 2:
            let monday = today.adding(days: 8 - today.weekday)
            if words[1] == "week" || words[1] == "wk" { return (.day(monday), 2) }
            // As "next saturday": the weekend of next week.
            if words[1] == "weekend" { return (.day(monday.adding(days: 5)), 2) }
            if words[1] == "month" {
                let month = today.month == 12 ? CivilDate(year: today.year + 1, month: 1, day: 1) : CivilDate(year: today.year, month: today.month + 1, day: 1)
                return (.day(month), 2)
            }
            if words[1] == "year" { return (.day(CivilDate(year: today.year + 1, month: 1, day: 1)), 2) }
            guard let target = weekdays[words[1]] else { return nil }
            // "next Friday 20th": the date after the weekday wins, as after a weekday alone.
            if let (day, count) = dateAfterWeekday(Array(words.dropFirst()), today: today) { return (.day(day), 2 + count) }
            return (.day(monday.adding(days: target - 1)), 2)
        case "end" where words.count >= 3 && words[1] == "of":
            let offset = words[2] == "the" ? 1 : 0
            guard words.count >= 3 + offset else { return nil }
            let what = words[2 + offset]
            if what == "month" { return (.day(lastDay(ofMonth: today.month, year: today.year)), 3 + offset) }
            if what == "year" { return (.day(CivilDate(year: today.year, month: 12, day: 31)), 3 + offset) }
            if what == "week" { return (.day(endOfWeek(today)), 3 + offset) }
            if what == "next", words.count >= 4 + offset {
                // "end of next week": the Friday of the week "next week" starts.
                let monday = today.adding(days: 8 - today.weekday)
                if words[3 + offset] == "week" { return (.day(monday.adding(days: 4)), 4 + offset) }
                if words[3 + offset] == "month" {
                    let month = today.month % 12 + 1
                    return (.day(lastDay(ofMonth: month, year: month == 1 ? today.year + 1 : today.year)), 4 + offset)
                }
                return nil
            }
            // "end of April": that month's last day, this year's unless it is over.
            guard let month = months[what] else { return nil }
            return (.day(lastDay(ofMonth: month, year: month < today.month ? today.year + 1 : today.year)), 3 + offset)
        // Abbreviations of the end of the week and of the month, as "EOD" is of the day.
        case "eow": return (.day(endOfWeek(today)), 1)
        case "eom": return (.day(lastDay(ofMonth: today.month, year: today.year)), 1)
        // "within 2 days": by then, as "in 2 days".
        case "in" where words.count >= 3, "within" where words.count >= 3:
            if let (minutes, count) = elapsedMinutes(Array(words.dropFirst())), minutes > 0 {
                return (.instant(now.addingTimeInterval(TimeInterval(minutes * 60))), 1 + count)
            }
            // "in 3 days", "in a couple of weeks".
            return calendarOffset(words, at: 1, from: today).map { (.day($0.0), 1 + $0.1) }
        default:
            break
        }
        // "a week from today", "2 weeks from now", "a couple of days from tomorrow". (Lengths
        // first: every word of every sentence passes here.)
        if words.count >= 4, words[2].utf8.count == 4 && words[2] == "from" || words.count >= 6 && words[1].utf8.count == 6 && words[1] == "couple",
           let (later, count) = calendarOffset(words, at: 0, from: today), count + 1 < words.count, words[count] == "from" {
            switch words[count + 1] {
            case "today", "now": return (.day(later), count + 2)
            case "tomorrow": return (.day(later.adding(days: 1)), count + 2)
            default: return nil
            }
        }
        if let weekday = weekdays[word] {
            if words.count >= 2, isWeekdayCompound(weekday, words[1]) { return nil }
            // "Wednesday the 18th", "Mon 16th", "Monday 16 March": the date after the weekday
            // says which one, and wins when the two disagree.
            if let (day, count) = dateAfterWeekday(words, today: today) { return (.day(day), 1 + count) }
            if words.count >= 2, words[1] == "week", words.count == 2 || endsADate(words[2]) {
                // "Wednesday week": British for a week after the coming Wednesday ("Monday week 3
                // report" names a week).
                return (.day(nextWeekday(weekday, after: today).adding(days: 7)), 2)
            }
            return (.day(nextWeekday(weekday, after: today)), 1)
        }
        if word.utf8.count == 10, let day = RFC3339.parseDate(word) { return (.day(day), 1) }
        if let phrase = dateTime(word) { return (phrase, 1) }
        if let (day, count) = monthDay(words, today: today) { return (.day(day), count) }
        if afterPreposition, let day = dayOfMonth(word, today: today), words.count == 1 || mayFollowDayOfMonth(words[1]) {
            // "by 25th", "on 18th": as "on the 18th" ("on 2nd floor" counts floors).
            return (.day(day), 1)
        }
        if let day = numericDate(word, today: today, dateOrder: dateOrder) { return (.day(day), 1) }
        return nil
    }

    /// "Black Friday", "Cyber Monday", "Easter Sunday", "Easter weekend", "Labor Day weekend",
    /// "Labour weekend", "Queen's Birthday weekend":
    /// a weekday or weekend a word before it makes a name (of a sale, a holiday); "deals",
    /// "sale" or a date may follow it, not be it.
    static func isNamedDay(_ previous: String, _ weekday: String) -> Bool {
        switch (previous, weekday) {
        case ("black", "friday"), ("good", "friday"), ("cyber", "monday"), ("easter", "sunday"), ("easter", "monday"),
             ("whit", "sunday"), ("whit", "monday"), ("palm", "sunday"), ("ash", "wednesday"), ("shrove", "tuesday"),
             ("maundy", "thursday"), ("holy", "thursday"), ("giving", "tuesday"), ("super", "tuesday"), ("bowl", "sunday"),
             ("mothering", "sunday"), ("small", "saturday"), ("easter", "weekend"), ("holiday", "weekend"), ("day", "weekend"),
             ("thanksgiving", "weekend"), ("bank", "weekend"), ("labour", "weekend"), ("labor", "weekend"), ("birthday", "weekend"),
             ("anzac", "weekend"), ("waitangi", "weekend"), ("matariki", "weekend"): true
        default: false
        }
    }

    /// "Sunday school", "Sunday service", "Sunday best": a weekday and a noun that name a thing,
    /// not a day ("Sunday school lesson plan" is prepared on any day). A short list on purpose:
    /// "Sunday lunch" and "Friday drinks" are meant on that day and stay dates.
    static func isWeekdayCompound(_ weekday: Int, _ next: String) -> Bool {
        guard weekday == 7 else { return false }
        switch next {
        case "school", "service", "services", "best": return true
        default: return false
        }
    }

    /// What may follow the weekday `words` start with to name its date: "the 18th", "16th",
    /// "16 March", "March 16th" → the date and the words after the weekday it took.
    static func dateAfterWeekday(_ words: [String], today: CivilDate) -> (CivilDate, Int)? {
        guard words.count >= 2 else { return nil }
        let article = words[1] == "the" && words.count >= 3 ? 1 : 0
        // Most weekdays are followed by something else ("friday 7am"): no copy for them.
        let next = words[1 + article]
        guard dayNumber(next) != nil || months[next] != nil || dayOrdinalWords[next] != nil else { return nil }
        let rest = Array(words.dropFirst(1 + article))
        if let (day, count) = monthDay(rest, today: today) { return (day, article + count) }
        let day = dayOfMonth(next, today: today) ?? dayOrdinalWords[next].flatMap { nextDay(ofMonth: $0, from: today) }
        return day.map { ($0, article + 1) }
    }

    /// "3 days", "a week", "2 months", "a couple of days" at `start` → that date counted from
    /// `day` (a shorter month's last day for a month's 31st), and the words used.
    static func calendarOffset(_ words: [String], at start: Int, from day: CivilDate) -> (CivilDate, Int)? {
        var amount = 0, used = start
        if words.count > start + 1, words[start] == "couple" || words[start + 1] == "couple" {
            // "a couple of days", "couple of weeks".
            used += words[start] == "couple" ? 1 : 2
            guard used < words.count, words[used] == "of" else { return nil }
            amount = 2
            used += 1
        } else if let n = number(words[start]), n > 0 {
            amount = n
            used += 1
        }
        guard amount > 0, used < words.count else { return nil }
        let unit = words[used]
        switch unit {
        case "day", "days": return (day.adding(days: amount), used + 1 - start)
        case "week", "weeks", "wk", "wks": return (day.adding(days: 7 * amount), used + 1 - start)
        case "fortnight", "fortnights": return (day.adding(days: 14 * amount), used + 1 - start)
        case "month", "months", "year", "years":
            let months = day.year * 12 + day.month - 1 + amount * (unit.hasPrefix("year") ? 12 : 1)
            let year = months / 12, month = months % 12 + 1
            return (CivilDate(year: year, month: month, day: min(day.day, CivilDate.daysIn(month: month, year: year))), used + 1 - start)
        default: return nil
        }
    }

    /// "dec 5", "december 5th", "5 december", "5th of dec", optionally followed by a year.
    /// A month name alone ("Call May", "March report") is not a date.
    static func monthDay(_ words: [String], today: CivilDate) -> (CivilDate, Int)? {
        guard let (month, day, used) = monthAndDay(words) else { return nil }
        if used < words.count, let year = Int(words[used]), (1970...2200).contains(year), words[used].count == 4 {
            let date = CivilDate(year: year, month: month, day: day)
            return date.isValid ? (date, used + 1) : nil
        }
        return dateWithoutYear(month: month, day: day, today: today).map { ($0, used) }
    }

    /// "dec 5", "december 5th", "5 december", "5th of dec" → (month, day, words); the day may
    /// not exist in that month (Feb 30).
    static func monthAndDay(_ words: [String]) -> (Int, Int, Int)? {
        guard words.count >= 2 else { return nil }
        if let month = months[words[0]], let day = dayNumber(words[1]) ?? firstDayOfRange(words[1]) { return (month, day, 2) }
        if let day = dayNumber(words[0]) {
            if let month = months[words[1]] { return (month, day, 2) }
            if words.count >= 3, words[1] == "of", let month = months[words[2]] { return (month, day, 3) }
            return nil
        }
        // "23-24 April", not "chapters 1-3 of May's report".
        guard let day = firstDayOfRange(words[0]), let month = months[words[1]] else { return nil }
        return (month, day, 2)
    }

    /// "23-24" in "23-24 April", "March 25-27": an event of several days is due on its first.
    static func firstDayOfRange(_ word: String) -> Int? {
        guard word.utf8.first.map(isDigit) == true, let (from, to) = dashed(word), let first = dayNumber(from),
              let last = dayNumber(to), first < last else { return nil }
        return first
    }

    /// "the 20th" after a preposition ("on the 20th"): the next 20th, today included; months
    /// without one are skipped. The ordinal suffix is required: "on the 2 sides" is no date.
    static func dayOfMonth(_ word: String, today: CivilDate) -> CivilDate? {
        guard word.count > 2, !word.last!.isNumber, let day = dayNumber(word) else { return nil }
        return nextDay(ofMonth: day, from: today)
    }

    /// "last friday of the month", "first monday of next month", "last day of this month": that
    /// day of this month ("of the month": of the next once this month's has passed) or of the next.
    static func weekdayOfMonth(_ words: [String], today: CivilDate) -> (CivilDate, Int)? {
        // Every word of a sentence passes here: "of" in third place turns nearly all away.
        guard words.count >= 5, words[2] == "of", words[4] == "month", let ordinal = weekdayOrdinal(words[0]) else { return nil }
        let weekday = weekdays[words[1]]
        guard weekday != nil || words[1] == "day" && (ordinal == 1 || ordinal == -1) else { return nil }
        func day(in first: CivilDate) -> CivilDate? {
            let length = CivilDate.daysIn(month: first.month, year: first.year)
            guard let weekday else { return ordinal == 1 ? first : CivilDate(year: first.year, month: first.month, day: length) }
            if ordinal == -1 {
                let last = CivilDate(year: first.year, month: first.month, day: length)
                return last.adding(days: -((last.weekday - weekday + 7) % 7))
            }
            let number = 1 + (weekday - first.weekday + 7) % 7 + 7 * (ordinal - 1)
            return number <= length ? CivilDate(year: first.year, month: first.month, day: number) : nil
        }
        let thisMonth = CivilDate(year: today.year, month: today.month, day: 1)
        let nextMonth = thisMonth.month == 12 ? CivilDate(year: thisMonth.year + 1, month: 1, day: 1)
            : CivilDate(year: thisMonth.year, month: thisMonth.month + 1, day: 1)
        switch words[3] {
        case "the":
            guard let candidate = day(in: thisMonth) else { return day(in: nextMonth).map { ($0, 5) } }
            return (candidate >= today ? candidate : day(in: nextMonth)).map { ($0, 5) }
        case "this": return day(in: thisMonth).map { ($0, 5) }
        case "next": return day(in: nextMonth).map { ($0, 5) }
        default: return nil
        }
    }

    /// The next `day` of a month, today included; months without one are skipped.
    static func nextDay(ofMonth day: Int, from today: CivilDate) -> CivilDate? {
        var month = CivilDate(year: today.year, month: today.month, day: 1)
        for _ in 0..<12 {
            let candidate = CivilDate(year: month.year, month: month.month, day: day)
            if candidate.isValid, candidate >= today { return candidate }
            month = month.month == 12 ? CivilDate(year: month.year + 1, month: 1, day: 1) : CivilDate(year: month.year, month: month.month + 1, day: 1)
        }
        return nil
    }

    /// "first" … "thirty-first": the days of a month in letters.
    static let dayOrdinalWords: [String: Int] = {
        let units = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
        var words: [String: Int] = [
            "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
            "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "thirty-first": 31,
        ]
        for (index, unit) in units.enumerated() {
            words[unit] = index + 1
            words["twenty-" + unit] = 21 + index
        }
        return words
    }()

    /// "12/05" (in `dateOrder`, unless the first number cannot be a month), optionally "/2027".
    static func numericDate(_ word: String, today: CivilDate, dateOrder: DateOrder) -> CivilDate? {
        guard let (month, day, year) = numericMonthDay(word, dateOrder: dateOrder) else { return nil }
        guard let year else { return dateWithoutYear(month: month, day: day, today: today) }
        let date = CivilDate(year: year, month: month, day: day)
        return date.isValid ? date : nil
    }

    /// "12/05", "12/05/2027", "15.06.2026" → (month 1–12, day 1–31, year if written); the day
    /// may not exist in that month (`4/31`).
    static func numericMonthDay(_ word: String, dateOrder: DateOrder) -> (Int, Int, Int?)? {
        guard word.utf8.first.map(isDigit) == true else { return nil }
        if word.utf8.contains(UInt8(ascii: ".")) {
            // "15.06.2026": day first, as everywhere dots are written; only with its year, so
            // that versions ("3.10") and amounts stay in the title.
            let parts = word.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 4,
                  parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
                  let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
                  (1...12).contains(month), (1...31).contains(day) else { return nil }
            return (month, day, year)
        }
        // "14-07-2026": as with slashes, but only with its year ("pages 40-60", "555-1234").
        let isDashed = word.utf8.contains(UInt8(ascii: "-"))
        let parts = word.split(separator: isDashed ? "-" : "/", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 2 && !isDashed, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        // "2026/04/17": the year first, as ISO writes it with dashes (and South Africa with slashes).
        if parts.count == 3, !isDashed, parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
           let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) {
            return (1...12).contains(month) && (1...31).contains(day) ? (month, day, year) : nil
        }
        guard parts[0].count <= 2, parts[1].count <= 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        var (month, day) = dateOrder == .dayFirst ? (b, a) : (a, b)
        if month > 12, day <= 12 { (month, day) = (day, month) }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        guard parts.count == 3 else { return (month, day, nil) }
        // "3/9/26": two digits of the year are this century's; with slashes only (dashed numbers
        // are also page ranges and phone numbers).
        if parts[2].count == 2, !isDashed, let year = Int(parts[2]) { return (month, day, 2000 + year) }
        guard parts[2].count == 4, let year = Int(parts[2]) else { return nil }
        return (month, day, year)
    }

    /// After "in": "30 minutes", "2 hours", "1.5 hours", "an hour and a half", "2 and a half
    /// hours", "1 hour and 15 minutes", "half an hour", "a quarter of an hour" → (minutes, words).
    static func elapsedMinutes(_ words: [String]) -> (Int, Int)? {
        if let count = phraseLength(words, ["half", "an", "hour"], ["a", "half", "hour"], ["half", "hour"]) { return (30, count) }
        if let count = phraseLength(words, ["a", "quarter", "of", "an", "hour"], ["quarter", "of", "an", "hour"], ["a", "quarter", "hour"]) {
            return (15, count)
        }
        if let count = phraseLength(words, ["three", "quarters", "of", "an", "hour"]) { return (45, count) }
        if words.count >= 2, words[0].utf8.contains(UInt8(ascii: ".")), let amount = Double(words[0]), amount > 0, amount <= 10_000,
           let unit = elapsedUnit(words[1]) {
            // "1.5 hours": whole minutes.
            return (Int((amount * Double(unit)).rounded()), 2)
        }
        guard words.count >= 2, let amount = number(words[0]) else { return nil }
        var used = 1
        var half = false
        if let count = phraseLength(Array(words.dropFirst(used)), ["and", "a", "half"]) { half = true; used += count }
        guard used < words.count, let unit = elapsedUnit(words[used]) else { return nil }
        used += 1
        var minutes = amount * unit
        if !half, let count = phraseLength(Array(words.dropFirst(used)), ["and", "a", "half"]) { half = true; used += count }
        if half { minutes += unit / 2 }
        let and = words.count > used && words[used] == "and" ? 1 : 0
        if !half, unit == 60, words.count >= used + and + 2, let more = number(words[used + and]), elapsedUnit(words[used + and + 1]) == 1,
           more < 60 {
            minutes += more
            used += and + 2
        }
        return (minutes, used)
    }

    /// Minutes in a unit of elapsed time (hours and minutes; days and longer are calendar dates).
    static func elapsedUnit(_ word: String) -> Int? {
        switch word {
        case "minute", "minutes", "min", "mins": 1
        case "hour", "hours", "hr", "hrs": 60
        default: nil
        }
    }

    /// `2026-12-05T17:00[:00]` (a wall time in the zone) or `2026-12-05T17:00:00Z` (an instant).
    static func dateTime(_ word: String) -> DatePhrase? {
        let bytes = word.utf8
        // The date part is ASCII when it is one at all: then byte 10 is also character 10.
        guard bytes.count >= 16, bytes.prefix(11).allSatisfy({ $0 < 0x80 }),
              bytes[bytes.index(bytes.startIndex, offsetBy: 10)] == UInt8(ascii: "t") else { return nil }
        if let instant = RFC3339.parse(word) { return .instant(instant) }
        let separator = word.index(word.startIndex, offsetBy: 10)
        guard let day = RFC3339.parseDate(String(word[..<separator])),
              let seconds = time([String(word[word.index(after: separator)...])], allowBare: false, meridiem: nil)?.seconds,
              word.contains(":") else { return nil }
        return .wallTime(day, seconds)
    }

    /// A date in `words` that names a day its month does not have (`2026-02-30`, `Feb 30`,
    /// `29 February 2027`, `4/31`, `31/4`) → (month, day, year if given): for an error that
    /// says so.
    static func impossibleDate(_ words: [String], dateOrder: DateOrder) -> (Int, Int, Int?)? {
        for (index, word) in words.enumerated() {
            let parts = word.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
               let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day),
               !CivilDate(year: year, month: month, day: day).isValid {
                return (month, day, year)
            }
            if let (month, day, year) = numericMonthDay(word, dateOrder: dateOrder) {
                if !CivilDate(year: year ?? 2024, month: month, day: day).isValid { return (month, day, year) }
                continue
            }
            guard let (month, day, used) = monthAndDay(Array(words[index...])) else { continue }
            let yearWord = index + used < words.count ? words[index + used] : ""
            if yearWord.count == 4, let year = Int(yearWord) {
                if !CivilDate(year: year, month: month, day: day).isValid { return (month, day, year) }
            } else if day > CivilDate.daysIn(month: month, year: 2024) {
                return (month, day, nil)
            }
        }
        return nil
    }

    /// This year's date, or next year's when it is past; nil for Feb 30 and the like.
    static func dateWithoutYear(month: Int, day: Int, today: CivilDate) -> CivilDate? {
        let thisYear = CivilDate(year: today.year, month: month, day: day)
        if thisYear.isValid, thisYear >= today { return thisYear }
        let nextYear = CivilDate(year: today.year + 1, month: month, day: day)
        if nextYear.isValid { return nextYear }
        // Feb 29 in a year that has none: the next leap year's.
        for offset in 2...8 {
            let later = CivilDate(year: today.year + offset, month: month, day: day)
            if later.isValid { return later }
        }
        return nil
    }

    static func nextWeekday(_ weekday: Int, after day: CivilDate) -> CivilDate {
        let ahead = (weekday - day.weekday + 7) % 7
        return day.adding(days: ahead == 0 ? 7 : ahead)
    }

    /// The working week's end: this week's Friday, or the coming one at the weekend.
    static func endOfWeek(_ today: CivilDate) -> CivilDate {
        let friday = today.adding(days: 5 - today.weekday)
        return friday >= today ? friday : nextWeekday(5, after: today)
    }

    static func lastDay(ofMonth month: Int, year: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))
    }

    static func comingSaturday(_ today: CivilDate) -> CivilDate {
        today.adding(days: (6 - today.weekday + 7) % 7)
    }

    /// Units an amount like "3/4" measures ("3/4 cup sugar").
    static func isMeasure(_ word: String) -> Bool {
        switch word {
        case "cup", "cups", "tsp", "tbsp", "teaspoon", "teaspoons", "tablespoon", "tablespoons", "lb", "lbs", "pound", "pounds", "oz",
             "ounce", "ounces", "kg", "g", "l", "ml", "litre", "liter", "inch", "inches", "mile", "miles", "km", "hour", "hours", "day",
             "days", "page", "pages", "pint", "pints", "gallon", "gallons", "stick", "sticks", "can", "cans", "share", "shares", "price", "off": true
        default: false
        }
    }

    /// "deadline", "cutoff": a noun after a date that still makes it the due date.
    static func isDeadlineWord(_ word: String) -> Bool {
        switch word {
        case "deadline", "deadlines", "cutoff", "cut-off", "due", "latest": true
        default: false
        }
    }

    /// What may follow "on the 20th" for it to be a date: a date word, or a word that starts no
    /// noun phrase ("on the 20th with Bob", "by the 15th to sign"); a noun makes the ordinal count
    /// things ("on the 2nd floor").
    static func mayFollowDayOfMonth(_ word: String) -> Bool {
        guard let first = word.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return true }
        if isDateWord(word) { return true }
        switch word {
        case "with", "to", "about", "re", "from", "so", "then", "or", "but", "if", "as", "when", "because", "after", "via", "please",
             "pls", "latest", "sharp", "again", "too", "also", "remind", "reminder", "asap", "urgent", "important", "eod", "cob", "end",
             "first", "starting":
            return true
        default:
            return false
        }
    }

    /// A word that may follow a date and is no part of it: a preposition, a tag or a priority.
    static func endsADate(_ word: String) -> Bool {
        isPreposition(word) || word.utf8.first == UInt8(ascii: "#") || word.utf8.first == UInt8(ascii: "!")
    }

    /// A word that may belong to a date phrase: after a capitalised weekday, only such words
    /// keep it a date ("Friday Morning", "Monday At 9").
    static func isDateWord(_ word: String) -> Bool {
        if endsADate(word) || weekdays[word] != nil || months[word] != nil || partOfDay(word) != nil { return true }
        if let first = word.utf8.first, isDigit(first) { return true }
        switch word {
        case "and", "&", "every", "next", "this", "the", "in", "noon", "midnight", "today", "tomorrow", "tonight", "remind": return true
        default: return false
        }
    }

    /// "friday morning", "this evening", "tomorrow night": the hour a part of the day stands for
    /// (docs/decisions.md), when no time is said. Its half of the day (`Meridiem`) is the one
    /// of an hour said without am/pm.
    static func partOfDay(_ word: String) -> Int? {
        switch word {
        case "morning": 9 * 3600
        // "arvo": Australian for the afternoon.
        case "afternoon", "arvo": 14 * 3600
        case "evening": 18 * 3600
        case "night": 20 * 3600
        default: nil
        }
    }

    // MARK: Times

    /// Which half of the day a part of the day ("tomorrow morning", "tonight") puts an hour
    /// said without am/pm in.
    enum Meridiem {
        case am, pm
    }

    /// A time of day that was read: its second of the day, the words it took, and whether its
    /// hour was said without am/pm (1–11, no leading zero), so that a part of the day said
    /// after it ("at 6 tonight", "at 5 tomorrow morning") decides which half of the day it is.
    struct TimePhrase {
        var seconds: Int
        var count: Int
        var isFlexible = false
        /// "EOD", "by close of business": 17:00, or all-day today when said after it.
        var isEndOfDay = false
        /// "2-3pm": the start of a slot, its end taken with it.
        var isRange = false
    }

    /// "5pm", "5 pm", "5:30pm", "8.15am", "17:00", "17:00:30", "noon", "midnight", "half past 3",
    /// "quarter to 5", "5 o'clock", "EOD". A bare hour ("5") only after "at" (`allowBare`) or
    /// before "o'clock": 1–7 mean afternoon, 8–11 morning, and so do the hours of h:mm after
    /// "at" ("at 3:30" = 15:30); a part of the day said before it (`meridiem`: "tonight",
    /// "tomorrow morning") puts any hour without am/pm, colon times included, in its half of the
    /// day. A dot separates hours and minutes before am/pm, or after "at" (`allowBare`), where
    /// it is read as a colon is ("at 9.30" = "at 9:30"): amounts without "at" ("Pay 3.50 at the
    /// shop") and versions stay in the title; so does "17h30" (24-hour) without "at". After "by"
    /// or "before" (`afterDeadline`) an h:mm takes the rule of "at" too ("by 5:30" = 17:30).
    static func time(_ words: [String], allowBare: Bool, afterDeadline: Bool = false, meridiem: Meridiem?) -> TimePhrase? {
        guard let word = words.first, let initial = word.utf8.first else { return nil }
        // Every word of a title passes here: its first byte turns most away before any string
        // is compared.
        switch initial {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "n"), UInt8(ascii: "m"), UInt8(ascii: "h"), UInt8(ascii: "q"),
             UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "c"), UInt8(ascii: "t"):
            break
        default:
            return nil
        }
        switch word {
        case "noon", "midday": return TimePhrase(seconds: 12 * 3600, count: 1)
        case "midnight": return TimePhrase(seconds: 0, count: 1)
        case "half" where words.count >= 3 && words[1] == "past":
            return pastOrTo(words, minutes: 30, meridiem: meridiem)
        case "half" where allowBare && words.count >= 2:
            // "at half 10": British for half past ten.
            return pastOrTo(["half", "past"] + words.dropFirst(), minutes: 30, meridiem: meridiem).map {
                TimePhrase(seconds: $0.seconds, count: $0.count - 1, isFlexible: $0.isFlexible) }
        case "quarter" where words.count >= 3 && (words[1] == "past" || words[1] == "to"):
            return pastOrTo(words, minutes: words[1] == "past" ? 15 : -15, meridiem: meridiem)
        case "a" where words.count >= 4 && words[1] == "quarter":
            return time(Array(words.dropFirst()), allowBare: allowBare, meridiem: meridiem).map { TimePhrase(
                seconds: $0.seconds, count: $0.count + 1, isFlexible: $0.isFlexible) }
        case "eod", "cob", "eob":
            return TimePhrase(seconds: 17 * 3600, count: 1, isEndOfDay: true)
        case "end" where words.count >= 3 && words[1] == "of", "close" where words.count >= 3 && words[1] == "of":
            // "end of day", "end of the day", "end of business", "close of business".
            let article = words[2] == "the" ? 1 : 0
            guard words.count > 2 + article else { return nil }
            let what = words[2 + article]
            guard what == "business" || what == "day" && word == "end" else { return nil }
            return TimePhrase(seconds: 17 * 3600, count: 3 + article, isEndOfDay: true)
        case "the" where words.count >= 4 && words[1] == "end":
            // "by the end of the day".
            guard let phrase = time(Array(words.dropFirst()), allowBare: false, meridiem: nil), phrase.isEndOfDay else { return nil }
            return TimePhrase(seconds: phrase.seconds, count: phrase.count + 1, isEndOfDay: true)
        default: break
        }
        // Every other form starts with a digit: most words leave here, cheaply.
        guard word.utf8.first.map(isDigit) == true else { return nil }
        if allowBare, words.count >= 3, words[1] == "past", let minutes = Int(word), (1...29).contains(minutes) {
            // "at 5 past 2", "at 20 past 7" (not "5 to 6": a slot as often as 17:55).
            return pastOrTo(words, minutes: minutes, meridiem: meridiem)
        }
        if let phrase = range(words, allowBare: allowBare, meridiem: meridiem) { return phrase }
        if allowBare, let phrase = hourWithH(word) { return phrase }
        var text = Substring(word)
        var suffix: String?
        for marker in ["am", "pm", "a.m", "p.m", "a.m.", "p.m."] where text.hasASCIISuffix(marker) && text.count > marker.count {
            suffix = marker.hasPrefix("a") ? "am" : "pm"
            text = text.dropLast(marker.count)
        }
        let dotted = text.utf8.contains(UInt8(ascii: "."))
        let parts = text.split(separator: dotted ? "." : ":", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= (dotted ? 2 : 3), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              parts[0].count <= 2, let hour = Int(parts[0]) else { return nil }
        var minute = 0, second = 0
        if parts.count >= 2 {
            guard parts[1].count == 2, let m = Int(parts[1]), m < 60 else { return nil }
            minute = m
        }
        if parts.count == 3 {
            guard suffix == nil, parts[2].count == 2, let s = Int(parts[2]), s < 60 else { return nil }
            second = s
        }
        var used = 1
        if suffix == nil, words.count > 1, words[1] == "am" || words[1] == "pm" || words[1] == "a.m" || words[1] == "p.m" {
            suffix = words[1].hasPrefix("a") ? "am" : "pm"
            used = 2
        }
        if dotted, suffix == nil, !allowBare || parts.count < 2 { return nil }
        if let suffix {
            guard (1...12).contains(hour) else { return nil }
            let h = suffix == "am" ? hour % 12 : hour % 12 + 12
            return TimePhrase(seconds: h * 3600 + minute * 60, count: used)
        }
        // "07:30" says its half of the day; "7:30" and "7" do not.
        let isFlexible = (1...11).contains(hour) && parts[0].utf8.first != UInt8(ascii: "0")
        // After "at" (or before "o'clock") an hour of 1–7 is afternoon, with its minutes too; after
        // "by" only an h:mm gets here (a bare hour or a dotted one is no time there).
        let afternoon = isFlexible && (meridiem == .pm || meridiem == nil && (allowBare || afterDeadline) && hour <= 7)
        if parts.count >= 2 {
            guard hour < 24 else { return nil }
            return TimePhrase(seconds: (afternoon ? hour + 12 : hour) * 3600 + minute * 60 + second, count: used, isFlexible: isFlexible)
        }
        // "5 o'clock": a bare hour without "at" too.
        let oClock = used == 1 && words.count > 1 && (words[1] == "o'clock" || words[1] == "o’clock" || words[1] == "oclock")
        guard allowBare || oClock, hour <= (oClock ? 12 : 23) else { return nil }
        let h = afternoon || meridiem == nil && (1...7).contains(hour) ? hour + 12 : hour
        return TimePhrase(seconds: h * 3600, count: used + (oClock ? 1 : 0), isFlexible: isFlexible)
    }

    /// "11am-12pm", "2-3pm", "10:00–12:00": a task is due when its slot starts. The start takes
    /// the end's am/pm when it has none, unless that would put it after the end ("11-1pm" is
    /// 11:00). Both ends must be times: "pages 40-60", "2-3 bags" and "555-1234" are no range.
    private static func range(_ words: [String], allowBare: Bool, meridiem: Meridiem?) -> TimePhrase? {
        guard let (startText, endText) = dashed(words[0]), let end = time([endText] + words.dropFirst(), allowBare: allowBare, meridiem: meridiem) else { return nil }
        let said = end.count > 1 ? words[1] : endText
        let endMeridiem = said.hasASCIISuffix("am") || said.hasASCIISuffix("a.m") ? "am" : said.hasASCIISuffix("pm") || said.hasASCIISuffix("p.m") ? "pm" : nil
        var start = time([startText], allowBare: allowBare, meridiem: meridiem)
        if let endMeridiem, startText.utf8.last.map(isDigit) == true, let same = time([startText + endMeridiem], allowBare: false, meridiem: nil) {
            start = same.seconds <= end.seconds ? same : time([startText + (endMeridiem == "am" ? "pm" : "am")], allowBare: false, meridiem: nil)
        }
        return start.map { TimePhrase(seconds: $0.seconds, count: end.count, isFlexible: $0.isFlexible, isRange: true) }
    }

    /// "2-3pm" → ("2", "3pm"): the two sides of a hyphen or an en dash (E2 80 93), if any.
    static func dashed(_ word: String) -> (String, String)? {
        let bytes = word.utf8
        guard let dash = bytes.firstIndex(where: { $0 == UInt8(ascii: "-") || $0 == 0xE2 }) else { return nil }
        let isHyphen = bytes[dash] == UInt8(ascii: "-")
        guard isHyphen || bytes[dash...].starts(with: [0xE2, 0x80, 0x93]) else { return nil }
        return (String(word[..<dash]), String(word[bytes.index(dash, offsetBy: isHyphen ? 1 : 3)...]))
    }

    /// "half past 3", "quarter to 5" (`minutes` -15), "quarter past 10 pm" → the time, the hour's
    /// half of the day decided as for a bare hour after "at".
    private static func pastOrTo(_ words: [String], minutes: Int, meridiem: Meridiem?) -> TimePhrase? {
        var hourWord = Substring(words[2]), suffix = words.count > 3 ? words[3] : nil, used = 1
        if hourWord.hasASCIISuffix("am") || hourWord.hasASCIISuffix("pm") {
            // "quarter past 8pm".
            (suffix, used) = (String(hourWord.suffix(2)), 0)
            hourWord = hourWord.dropLast(2)
        }
        guard let hour = Int(hourWord), (1...12).contains(hour) else { return nil }
        let day = 24 * 3600
        if let (h, _) = self.meridiem(hour, suffix) {
            return TimePhrase(seconds: ((h % 24) * 3600 + minutes * 60 + day) % day, count: 3 + used)
        }
        let h = meridiem == .am || meridiem == nil && hour >= 8 ? hour : hour % 12 + 12
        return TimePhrase(seconds: ((h % 24) * 3600 + minutes * 60 + day) % day, count: 3, isFlexible: hour < 12)
    }

    /// "17h30", "9h" (after "at"): a 24-hour time written the French way.
    private static func hourWithH(_ word: String) -> TimePhrase? {
        guard let h = word.utf8.firstIndex(of: UInt8(ascii: "h")) else { return nil }
        let hourDigits = word.utf8[..<h], minuteDigits = word.utf8[word.utf8.index(after: h)...]
        guard (1...2).contains(hourDigits.count), minuteDigits.isEmpty || minuteDigits.count == 2,
              hourDigits.allSatisfy(isDigit), minuteDigits.allSatisfy(isDigit),
              let hour = Int(Substring(hourDigits)), hour < 24 else { return nil }
        let minute = minuteDigits.isEmpty ? 0 : Int(Substring(minuteDigits)) ?? 60
        guard minute < 60 else { return nil }
        return TimePhrase(seconds: hour * 3600 + minute * 60, count: 1)
    }

    private static func meridiem(_ hour: Int, _ word: String?) -> (Int, Int)? {
        guard let word, word == "am" || word == "pm" else { return nil }
        return (word == "am" ? hour % 12 : hour % 12 + 12, 1)
    }
}
