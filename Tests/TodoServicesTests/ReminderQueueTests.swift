import Foundation
import Testing
import TodoStore
@testable import TodoServices

/// The scheduler's queue: earliest first, following each task's newest change only.
@Suite struct ReminderQueueTests {
    let task = UUID(), other = UUID(), user = UUID()

    @Test func dueRemindersComeEarliestFirstAndOnce() {
        var queue = ReminderQueue()
        queue.update(taskID: task, userID: user, version: 1, instants: [300, 100])
        queue.update(taskID: other, userID: user, version: 1, instants: [200])
        #expect(queue.nextDue() == 100)
        #expect(queue.takeDue(upTo: 250, limit: 1).map(\.dueAtMilliseconds) == [100])
        #expect(queue.takeDue(upTo: 250).map(\.dueAtMilliseconds) == [200])
        #expect(queue.takeDue(upTo: 250).isEmpty)
        #expect(queue.nextDue() == 300)
    }

    @Test func anOlderChangeDeliveredLateIsIgnored() {
        var queue = ReminderQueue()
        queue.update(taskID: task, userID: user, version: 3, instants: [500])
        queue.update(taskID: task, userID: user, version: 2, instants: [100])
        #expect(queue.takeDue(upTo: 1000).map(\.dueAtMilliseconds) == [500])
    }

    @Test func aChangeReplacesTheTasksInstantsAndADeletionRemovesThem() {
        var queue = ReminderQueue()
        queue.update(taskID: task, userID: user, version: 1, instants: [100])
        queue.update(taskID: task, userID: user, version: 2, instants: [150])
        #expect(queue.nextDue() == 150)
        queue.remove(taskID: task)
        #expect(queue.nextDue() == nil)
        #expect(queue.count == 0)
    }

    @Test func onlyTasksWithRemindersWaitingAreRemembered() {
        var queue = ReminderQueue()
        queue.update(taskID: task, userID: user, version: 1, instants: [])
        queue.update(taskID: other, userID: user, version: 1, instants: [100])
        _ = queue.takeDue(upTo: 100)
        #expect(queue.count == 0 && queue.nextDue() == nil)
        // Taken reminders that are put back wait again, even once their task was forgotten.
        queue.putBack([DueReminder(taskID: other, userID: user, dueAtMilliseconds: 100)])
        #expect(queue.count == 1)
    }

    @Test func remindersPutBackAreTakenAgain() {
        var queue = ReminderQueue()
        queue.update(taskID: task, userID: user, version: 1, instants: [100])
        let taken = queue.takeDue(upTo: 100)
        queue.putBack(taken)
        #expect(queue.takeDue(upTo: 100) == taken)
    }
}
