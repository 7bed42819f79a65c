import Foundation
import TodoCore

/// Dates written out in full, for confirmations that must say exactly what was stored:
/// "Thu 1 Jan 09:00", "Thu 1 Jan" (all day), "Fri 1 Jan 2027 09:00" (another year).
/// Listings use the shorter relative words of `RelativeDueFormatter` instead.
struct CalendarWording {
    /// The year that goes without saying.
    let currentYear: Int

    init(now: Date, localTimeZone: TimeZone) {
        currentYear = ZonedTime.civilDate(of: now, in: localTimeZone).year
    }

    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` as a wall time in `zone`; the day alone when `allDay`.
    func describe(_ date: Date, allDay: Bool, in zone: TimeZone) -> String {
        let day = ZonedTime.civilDate(of: date, in: zone)
        var text = "\(Self.weekdays[day.weekday - 1]) \(day.day) \(Self.months[day.month - 1])"
        if day.year != currentYear { text += " \(day.year)" }
        guard !allDay else { return text }
        let minutes = ZonedTime.secondOfDay(of: date, in: zone) / 60
        return text + " " + Self.twoDigits(minutes / 60) + ":" + Self.twoDigits(minutes % 60)
    }

    /// A reminder's lead in the largest whole unit: "30 minutes", "2 hours", "1 day", "1 week".
    static func lead(minutes: Int) -> String {
        let units: [(minutes: Int, name: String)] = [(10_080, "week"), (1_440, "day"), (60, "hour")]
        for unit in units where minutes >= unit.minutes && minutes % unit.minutes == 0 {
            return counted(minutes / unit.minutes, unit.name)
        }
        return counted(minutes, "minute")
    }

    private static func counted(_ count: Int, _ unit: String) -> String {
        "\(count) \(unit)\(count == 1 ? "" : "s")"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
