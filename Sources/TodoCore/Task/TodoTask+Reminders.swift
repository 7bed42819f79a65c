import Foundation

extension TodoTask {
    /// The instants the task's reminders fall on, without repeats and in order: a
    /// `minutes_before` reminder counts back from `dueAt` (none without a due time), an `at`
    /// reminder is its instant. Empty for a completed task, whose reminders never fire.
    public var reminderInstants: [Date] {
        guard status == .pending else { return [] }
        var instants: Set<Date> = []
        for reminder in reminders {
            switch reminder {
            case .minutesBefore(let minutes):
                if let dueAt { instants.insert(dueAt.addingTimeInterval(-Double(minutes) * 60)) }
            case .at(let date):
                instants.insert(date)
            }
        }
        return instants.sorted()
    }
}
