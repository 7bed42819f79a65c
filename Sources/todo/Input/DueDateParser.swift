import Foundation
import TodoCore

/// Reads the WHEN of `--due`: the one place the CLI turns text into a due date.
///
/// Accepts an RFC 3339 time, `YYYY-MM-DD` (all-day), `YYYY-MM-DD HH:MM[:SS]` or
/// `YYYY-MM-DDTHH:MM[:SS]` (a wall time in the task's zone), and `today` / `tomorrow`, alone
/// (all-day) or followed by `HH:MM`. The natural-language parser of TodoCore replaces this once
/// it exists.
struct DueDateParser {
    /// A due date as the task stores it.
    struct DueDate: Equatable {
        var date: Date
        var allDay: Bool
    }

    /// The task's zone: dates and wall times are read in it.
    var timeZone: TimeZone
    var now: Date

    /// What `parse` accepts, for help and errors.
    static let acceptedForms = "2026-12-05, \"2026-12-05 17:00\", 2026-12-05T17:00:00Z, today, tomorrow or \"tomorrow 09:30\""

    func parse(_ text: String) -> DueDate? {
        let text = text.trimmingWhitespace()
        if let instant = RFC3339.parse(text) { return DueDate(date: instant, allDay: false) }

        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if let first = words.first, let day = relativeDay(first) ?? RFC3339.parseDate(first) {
            switch words.count {
            case 1: return DueDate(date: ZonedTime.startOfDay(day, in: timeZone), allDay: true)
            case 2: return wallTime(words[1], on: day)
            default: return nil
            }
        }
        // `2026-12-05T17:00` without an offset is a wall time in the task's zone.
        if text.utf8.count >= 16, text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: 10)] == UInt8(ascii: "T") {
            let separator = text.index(text.startIndex, offsetBy: 10)
            guard let day = RFC3339.parseDate(String(text[..<separator])) else { return nil }
            return wallTime(String(text[text.index(after: separator)...]), on: day)
        }
        return nil
    }

    private func relativeDay(_ word: String) -> CivilDate? {
        let today = ZonedTime.civilDate(of: now, in: timeZone)
        switch word.lowercased() {
        case "today": return today
        case "tomorrow": return today.adding(days: 1)
        default: return nil
        }
    }

    /// `HH:MM` or `HH:MM:SS` on `day`.
    private func wallTime(_ text: String, on day: CivilDate) -> DueDate? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60
        else { return nil }
        let second = parts.count == 3 ? Int(parts[2]) ?? 60 : 0
        guard second < 60 else { return nil }
        let instant = ZonedTime.instant(of: day, hour: hour, minute: minute, second: second, in: timeZone)
        return DueDate(date: instant, allDay: false)
    }
}
