import Foundation

/// A wall-clock time: a calendar day and the seconds since its midnight.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var day: CivilDate
    public var secondOfDay: Int

    public init(day: CivilDate, secondOfDay: Int) {
        self.day = day
        self.secondOfDay = secondOfDay
    }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        (a.day.daysSinceEpoch, a.secondOfDay) < (b.day.daysSinceEpoch, b.secondOfDay)
    }

    public var description: String {
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T\(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))"
    }
}

extension RecurrenceRule {
    /// The occurrences from `start` (DTSTART, itself the first when it matches the rule), in
    /// `zone`'s wall-clock time: "every day at 09:00" stays at 09:00 across DST changes, and a
    /// wall time in a DST gap moves forward by the gap (RFC 5545 §3.3.5).
    public func occurrences(from start: Date, in zone: TimeZone) -> RecurrenceOccurrences {
        RecurrenceOccurrences(rule: self, start: start, zone: zone, horizon: nil)
    }

    /// The occurrences before the wall-clock time `horizon`: a bounded walk however rare the
    /// rule's matches are (29 February on a Monday at midnight, minutely, comes every 28 years).
    public func occurrences(from start: Date, in zone: TimeZone, before horizon: LocalDateTime) -> RecurrenceOccurrences {
        RecurrenceOccurrences(rule: self, start: start, zone: zone, horizon: horizon)
    }

    /// The first occurrence strictly after `instant`, or nil when the rule has ended.
    public func nextOccurrence(after instant: Date, start: Date, in zone: TimeZone) -> Date? {
        occurrences(from: start, in: zone).first { $0 > instant }
    }

    /// The occurrences as wall-clock times from a wall-clock start (what the engine computes
    /// before time zones come in; tests compare these with other implementations).
    public func localOccurrences(from start: LocalDateTime, until: LocalDateTime? = nil) -> LocalRecurrenceSequence {
        LocalRecurrenceSequence(rule: self, start: start, localUntil: until)
    }
}

/// The occurrences of a rule as instants, lazily.
public struct RecurrenceOccurrences: Sequence, Sendable {
    let rule: RecurrenceRule
    let start: Date
    let zone: TimeZone
    let horizon: LocalDateTime?

    public func makeIterator() -> Iterator {
        let startLocal = LocalDateTime(day: ZonedTime.civilDate(of: start, in: zone), secondOfDay: ZonedTime.secondOfDay(of: start, in: zone))
        var localUntil: LocalDateTime?
        var instantUntil: Date?
        switch rule.until {
        case .date(let day)?: localUntil = LocalDateTime(day: day, secondOfDay: 86_399)
        case .local(let day, let seconds)?: localUntil = LocalDateTime(day: day, secondOfDay: seconds)
        case .instant(let instant)?: instantUntil = instant
        case nil: break
        }
        if let horizon { localUntil = Swift.min(localUntil ?? horizon, horizon) }
        return Iterator(local: LocalRecurrenceSequence(rule: rule, start: startLocal, localUntil: localUntil).makeIterator(),
                        zone: zone, instantUntil: instantUntil, last: nil)
    }

    public struct Iterator: IteratorProtocol {
        var local: LocalRecurrenceSequence.Iterator
        let zone: TimeZone
        let instantUntil: Date?
        /// The last instant given: a wall time moved forward out of a DST gap can land on or
        /// before one the rule gives next (HOURLY 02:30 → 03:30, then 03:30 itself), and a set
        /// holds each instant once, in order.
        var last: Date?

        public mutating func next() -> Date? {
            while let wall = local.next() {
                let seconds = wall.secondOfDay
                let instant = ZonedTime.instant(of: wall.day, hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60, in: zone)
                if let instantUntil, instant > instantUntil {
                    local.finish()
                    return nil
                }
                if let last, instant <= last { continue }
                last = instant
                return instant
            }
            return nil
        }
    }
}

/// The occurrences of a rule as wall-clock times, lazily and in order. Every loop is bounded:
/// a rule that can never match (BYMONTH=2;BYMONTHDAY=30) ends after 400 years of empty periods.
public struct LocalRecurrenceSequence: Sequence, Sendable {
    let rule: RecurrenceRule
    let start: LocalDateTime
    let localUntil: LocalDateTime?

    public func makeIterator() -> Iterator { Iterator(sequence: self) }

    public struct Iterator: IteratorProtocol {
        private let rule: RecurrenceRule
        private let start: LocalDateTime
        private let localUntil: LocalDateTime?
        /// The rule's BY parts with RFC 5545's defaults from DTSTART filled in.
        private let byMonth: [Int], byMonthDay: [Int], byDay: [RecurrenceRule.WeekdayNumber]
        private let times: [Int]
        /// The first day of the current period (days since the epoch) and, for months and years,
        /// its calendar fields.
        private var periodYear: Int, periodMonth: Int, periodDay: Int
        /// For HOURLY and MINUTELY: the period's start within `periodDay`, in seconds.
        private var periodSecond = 0
        /// For HOURLY and MINUTELY: consecutive days that passed the day filters yet gave no
        /// occurrence, and whether the current day has given one.
        private var barrenDays = 0
        private var dayHadOccurrence = false
        private var dayMatched = false
        private var pending: [LocalDateTime] = []
        private var pendingIndex = 0
        private var emitted = 0
        private var emptyPeriods = 0
        private var done = false
        private let maxEmptyPeriods: Int

        init(sequence: LocalRecurrenceSequence) {
            rule = sequence.rule
            start = sequence.start
            localUntil = sequence.localUntil
            var byMonth = rule.byMonth, byMonthDay = rule.byMonthDay, byDay = rule.byDay
            if rule.byWeekNo.isEmpty, rule.byYearDay.isEmpty, rule.byMonthDay.isEmpty, rule.byDay.isEmpty {
                switch rule.frequency {
                case .yearly:
                    if byMonth.isEmpty { byMonth = [start.day.month] }
                    byMonthDay = [start.day.day]
                case .monthly: byMonthDay = [start.day.day]
                case .weekly: byDay = [.init(start.day.weekday)]
                default: break
                }
            }
            self.byMonth = byMonth
            self.byMonthDay = byMonthDay
            self.byDay = byDay
            let hours = Self.distinctSorted(rule.byHour, orElse: start.secondOfDay / 3600)
            let minutes = Self.distinctSorted(rule.byMinute, orElse: start.secondOfDay / 60 % 60)
            let seconds = Self.distinctSorted(rule.bySecond, orElse: start.secondOfDay % 60)
            var times: [Int] = []
            times.reserveCapacity(hours.count * minutes.count * seconds.count)
            for h in hours { for m in minutes { for s in seconds { times.append(h * 3600 + m * 60 + s) } } }
            self.times = times
            periodYear = start.day.year
            periodMonth = start.day.month
            switch rule.frequency {
            case .weekly:
                let back = (start.day.weekday - rule.weekStart + 7) % 7
                periodDay = start.day.daysSinceEpoch - back
            default:
                periodDay = start.day.daysSinceEpoch
            }
            switch rule.frequency {
            case .hourly: periodSecond = start.secondOfDay / 3600 * 3600
            case .minutely: periodSecond = start.secondOfDay / 60 * 60
            default: break
            }
            // 400 years of periods: the calendar repeats itself after that. Sub-daily rules skip
            // non-matching days in one step, so their bound counts mostly days.
            maxEmptyPeriods = switch rule.frequency {
            case .yearly: 400
            case .monthly: 4_800
            case .weekly: 20_871
            case .daily: 146_097
            case .hourly: 146_097 * 24
            default: 2_000_000
            }
            // SECONDLY is accepted but not expanded.
            done = rule.frequency == .secondly || times.isEmpty
            if rule.frequency == .hourly || rule.frequency == .minutely, !rule.bySetPos.isEmpty {
                // An hour (minute) holds at most this many candidates: a BYSETPOS beyond it
                // can never choose one.
                let perPeriod = (rule.frequency == .hourly ? Swift.max(1, Set(rule.byMinute).count) : 1) * Swift.max(1, Set(rule.bySecond).count)
                if rule.bySetPos.allSatisfy({ abs($0) > perPeriod }) { done = true }
            }
        }

        /// `values` sorted, each once; `[fallback]` when there are none (the part of DTSTART a
        /// rule without that BY part repeats). Without a `Set`: iterators are made for every
        /// quick-add sentence that repeats, and three sets were a quarter of making one.
        private static func distinctSorted(_ values: [Int], orElse fallback: Int) -> [Int] {
            guard values.count > 1 else { return values.isEmpty ? [fallback] : values }
            var distinct: [Int] = []
            for value in values.sorted() where distinct.last != value { distinct.append(value) }
            return distinct
        }

        /// Ends the sequence (an UNTIL met after conversion to an instant).
        mutating func finish() { done = true }

        public mutating func next() -> LocalDateTime? {
            while !done {
                if pendingIndex < pending.count {
                    let candidate = pending[pendingIndex]
                    pendingIndex += 1
                    if candidate < start { continue }
                    if let localUntil, localUntil < candidate {
                        done = true
                        return nil
                    }
                    emitted += 1
                    if let count = rule.count, emitted >= count { done = true }
                    return candidate
                }
                fillNextPeriod()
            }
            return nil
        }

        /// Computes the candidates of the current period, then moves to the next period.
        private mutating func fillNextPeriod() {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            if rule.frequency == .hourly || rule.frequency == .minutely {
                fillSubDailyPeriod()
                return
            }
            let first: Int, length: Int
            switch rule.frequency {
            case .yearly:
                first = CivilDate(year: periodYear, month: 1, day: 1).daysSinceEpoch
                length = CivilDate.isLeap(periodYear) ? 366 : 365
            case .monthly:
                first = CivilDate(year: periodYear, month: periodMonth, day: 1).daysSinceEpoch
                length = CivilDate.daysIn(month: periodMonth, year: periodYear)
            case .weekly:
                first = periodDay
                length = 7
            default:
                first = periodDay
                length = 1
            }
            var days: [CivilDate] = []
            for offset in 0..<length {
                let day = CivilDate(daysSinceEpoch: first + offset)
                if matches(day) { days.append(day) }
            }
            if rule.bySetPos.isEmpty {
                for day in days { for time in times { pending.append(LocalDateTime(day: day, secondOfDay: time)) } }
            } else {
                let total = days.count * times.count
                var chosen = Set<Int>()
                for position in rule.bySetPos {
                    let index = position > 0 ? position - 1 : total + position
                    if index >= 0, index < total { chosen.insert(index) }
                }
                for index in chosen.sorted() {
                    pending.append(LocalDateTime(day: days[index / times.count], secondOfDay: times[index % times.count]))
                }
            }
            if pending.isEmpty {
                emptyPeriods += 1
                if emptyPeriods > maxEmptyPeriods { done = true }
            } else {
                emptyPeriods = 0
            }
            advance()
            if periodYear > 9999 { done = pending.isEmpty ? true : done }
            if let localUntil, localUntil.day.daysSinceEpoch < first, pending.isEmpty { done = true }
        }

        /// One hour or minute: the day must match the day filters, the hour (and minute) theirs;
        /// the candidates are its minutes and seconds. A day that does not match is skipped whole.
        private mutating func fillSubDailyPeriod() {
            let unit = rule.frequency == .hourly ? 3600 : 60
            let step = unit * rule.interval
            let day = CivilDate(daysSinceEpoch: periodDay)
            let dayMatches = matches(day)
            if dayMatches {
                dayMatched = true
                let hour = periodSecond / 3600, minute = periodSecond / 60 % 60
                if rule.byHour.isEmpty || rule.byHour.contains(hour),
                   rule.frequency == .hourly || rule.byMinute.isEmpty || rule.byMinute.contains(minute) {
                    let minutes = rule.frequency == .minutely ? [minute]
                        : (rule.byMinute.isEmpty ? [start.secondOfDay / 60 % 60] : Array(Set(rule.byMinute)).sorted())
                    let seconds = rule.bySecond.isEmpty ? [start.secondOfDay % 60] : Array(Set(rule.bySecond)).sorted()
                    var candidates: [LocalDateTime] = []
                    for m in minutes { for s in seconds { candidates.append(LocalDateTime(day: day, secondOfDay: hour * 3600 + m * 60 + s)) } }
                    if rule.bySetPos.isEmpty {
                        pending = candidates
                    } else {
                        var chosen = Set<Int>()
                        for position in rule.bySetPos {
                            let index = position > 0 ? position - 1 : candidates.count + position
                            if index >= 0, index < candidates.count { chosen.insert(index) }
                        }
                        pending = chosen.sorted().map { candidates[$0] }
                    }
                }
                periodSecond += step
            } else {
                // Skip to the first period of the next day (periods stay aligned to the start).
                let left = 86_400 - periodSecond
                periodSecond += (left + step - 1) / step * step
            }
            if !pending.isEmpty { dayHadOccurrence = true }
            if periodSecond >= 86_400 {
                // A day ends. Whether a matching day yields anything depends only on where the
                // periods fall in it, which repeats within INTERVAL days: 20 000 barren
                // matching days in a row mean it never will.
                if dayMatched { barrenDays = dayHadOccurrence ? 0 : barrenDays + 1 }
                if barrenDays > 20_000 { done = true }
                dayMatched = false
                dayHadOccurrence = false
            }
            while periodSecond >= 86_400 {
                periodSecond -= 86_400
                periodDay += 1
            }
            if pending.isEmpty {
                emptyPeriods += 1
                if emptyPeriods > maxEmptyPeriods { done = true }
            } else {
                emptyPeriods = 0
            }
            if let localUntil, localUntil.day.daysSinceEpoch < periodDay - 1, pending.isEmpty { done = true }
            if CivilDate(daysSinceEpoch: periodDay).year > 9999 { done = true }
        }

        private mutating func advance() {
            switch rule.frequency {
            case .yearly:
                periodYear += rule.interval
            case .monthly:
                let months = periodYear * 12 + (periodMonth - 1) + rule.interval
                periodYear = months / 12
                periodMonth = months % 12 + 1
            case .weekly:
                periodDay += 7 * rule.interval
                periodYear = CivilDate(daysSinceEpoch: periodDay).year
            default:
                periodDay += rule.interval
                periodYear = CivilDate(daysSinceEpoch: periodDay).year
            }
        }

        private func matches(_ day: CivilDate) -> Bool {
            if !byMonth.isEmpty, !byMonth.contains(day.month) { return false }
            if !rule.byWeekNo.isEmpty, !matchesWeekNumber(day) { return false }
            if !rule.byYearDay.isEmpty {
                let yearLength = CivilDate.isLeap(day.year) ? 366 : 365
                let dayOfYear = day.daysSinceEpoch - CivilDate(year: day.year, month: 1, day: 1).daysSinceEpoch + 1
                guard rule.byYearDay.contains(where: { $0 > 0 ? $0 == dayOfYear : yearLength + 1 + $0 == dayOfYear }) else { return false }
            }
            if !byMonthDay.isEmpty {
                let monthLength = CivilDate.daysIn(month: day.month, year: day.year)
                guard byMonthDay.contains(where: { $0 > 0 ? $0 == day.day : monthLength + 1 + $0 == day.day }) else { return false }
            }
            if !byDay.isEmpty {
                let weekday = day.weekday
                let matched = byDay.contains { entry in
                    guard entry.weekday == weekday else { return false }
                    guard let ordinal = entry.ordinal else { return true }
                    // The nth of the month (MONTHLY, or YEARLY with BYMONTH), else of the year.
                    let inMonth = rule.frequency == .monthly || !rule.byMonth.isEmpty
                    let position: Int, length: Int
                    if inMonth {
                        position = day.day
                        length = CivilDate.daysIn(month: day.month, year: day.year)
                    } else {
                        position = day.daysSinceEpoch - CivilDate(year: day.year, month: 1, day: 1).daysSinceEpoch + 1
                        length = CivilDate.isLeap(day.year) ? 366 : 365
                    }
                    return ordinal > 0 ? (position - 1) / 7 + 1 == ordinal : -((length - position) / 7 + 1) == ordinal
                }
                if !matched { return false }
            }
            return true
        }

        /// Week numbers per RFC 5545: weeks start on WKST; week 1 is the first with at least
        /// four days in the year; a day of late December may be in week 1 of the next year.
        private func matchesWeekNumber(_ day: CivilDate) -> Bool {
            func firstWeekStart(_ year: Int) -> Int {
                let january1 = CivilDate(year: year, month: 1, day: 1)
                var start = january1.daysSinceEpoch - (january1.weekday - rule.weekStart + 7) % 7
                if january1.daysSinceEpoch - start > 3 { start += 7 }
                return start
            }
            var weekYear = day.year
            var weekOne = firstWeekStart(weekYear)
            if day.daysSinceEpoch < weekOne {
                weekYear -= 1
                weekOne = firstWeekStart(weekYear)
            } else if day.daysSinceEpoch >= firstWeekStart(weekYear + 1) {
                weekYear += 1
                weekOne = firstWeekStart(weekYear)
            }
            let number = (day.daysSinceEpoch - weekOne) / 7 + 1
            let weeks = (firstWeekStart(weekYear + 1) - weekOne) / 7
            return rule.byWeekNo.contains { $0 > 0 ? $0 == number : weeks + 1 + $0 == number }
        }
    }
}
