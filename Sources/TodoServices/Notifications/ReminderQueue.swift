import Foundation
import TodoStore

/// The reminders still to fire, earliest first: a binary min-heap of instants, and the current
/// instants of each task that has any, with the task version they come from. A task's change
/// replaces its instants; entries it made obsolete stay in the heap and are dropped when they
/// reach the top. Only tasks with reminders waiting are remembered, so memory follows the
/// reminders, not every task ever seen.
///
/// Events are delivered at least once and a restart replays some: a change older than the
/// version held is ignored, so a late event never takes a waiting reminder away. The other way
/// round — a late event bringing back the reminders of a task since completed or deleted — costs
/// one firing attempt that the store refuses (it checks the task as it is).
struct ReminderQueue: Sendable {
    private struct TaskReminders: Sendable {
        var version: Int
        var instants: Set<Int64>
    }

    private var heap: [DueReminder] = []
    private var tasks: [UUID: TaskReminders] = [:]

    /// The reminders waiting, as the tasks now are.
    var count: Int { tasks.values.reduce(0) { $0 + $1.instants.count } }

    /// Sets the task's reminders as of `version` (none for a completed task).
    mutating func update(taskID: UUID, userID: UUID, version: Int, instants: [Int64]) {
        if let known = tasks[taskID], known.version > version { return }
        guard !instants.isEmpty else {
            tasks[taskID] = nil
            return
        }
        tasks[taskID] = TaskReminders(version: version, instants: Set(instants))
        for instant in instants { push(DueReminder(taskID: taskID, userID: userID, dueAtMilliseconds: instant)) }
    }

    /// The task is gone: none of its reminders waits any more.
    mutating func remove(taskID: UUID) {
        tasks[taskID] = nil
    }

    /// The earliest instant still to fire, in milliseconds.
    mutating func nextDue() -> Int64? {
        dropObsoleteTop()
        return heap.first?.dueAtMilliseconds
    }

    /// Takes the reminders due at or before `now` (milliseconds), earliest first, at most
    /// `limit`; each is taken once, until a change of its task brings it back.
    mutating func takeDue(upTo now: Int64, limit: Int = .max) -> [DueReminder] {
        var due: [DueReminder] = []
        while due.count < limit {
            dropObsoleteTop()
            guard let top = heap.first, top.dueAtMilliseconds <= now else { break }
            popTop()
            tasks[top.taskID]?.instants.remove(top.dueAtMilliseconds)
            if tasks[top.taskID]?.instants.isEmpty == true { tasks[top.taskID] = nil }
            due.append(top)
        }
        return due
    }

    /// Puts back reminders taken but not fired (the database refused the batch).
    mutating func putBack(_ reminders: [DueReminder]) {
        for reminder in reminders {
            tasks[reminder.taskID, default: TaskReminders(version: .min, instants: [])].instants.insert(reminder.dueAtMilliseconds)
            push(reminder)
        }
    }

    // MARK: Heap

    private func isCurrent(_ reminder: DueReminder) -> Bool {
        tasks[reminder.taskID]?.instants.contains(reminder.dueAtMilliseconds) ?? false
    }

    private mutating func dropObsoleteTop() {
        while let top = heap.first, !isCurrent(top) { popTop() }
    }

    private mutating func push(_ reminder: DueReminder) {
        heap.append(reminder)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].dueAtMilliseconds < heap[parent].dueAtMilliseconds else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].dueAtMilliseconds < heap[smallest].dueAtMilliseconds { smallest = left }
            if right < heap.count, heap[right].dueAtMilliseconds < heap[smallest].dueAtMilliseconds { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
