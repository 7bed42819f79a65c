import Foundation
import Synchronization
import TodoCore
import TodoEvents
import TodoLog
import TodoStore

/// Fires each reminder once, within a second of its instant (DESIGN §7). The next due
/// reminders are kept in memory (`ReminderQueue`), loaded from the store and kept up to date
/// from `task-events`; one thread sleeps until the earliest is due, or until a change wakes it.
/// Only the holder of the `reminder-scheduler` lease fires (the relay's lease mechanism, in
/// `relay_leases`), so replicas never fire together; and the store's firing is unique by
/// (task, instant), so even a lease handed over mid-batch fires nothing twice. A reminder whose
/// instant passed while no scheduler ran fires as soon as one takes the lease, marked late.
final class ReminderScheduler: Sendable {
    struct Configuration: Sendable {
        var leaseName = "reminder-scheduler"
        var owner = OutboxRelay.Configuration.defaultOwner()
        /// A dead scheduler's lease is taken over after this long (at once when its process is gone from this host).
        var leaseTTL: TimeInterval = 5
        /// The leader reloads every unfired reminder this often: the events of another
        /// replica's consumers, split from this one's by the bus, are caught up on this way.
        var reloadInterval: TimeInterval = 60
        /// Reminders fired per transaction at most.
        var batchSize = 500
    }

    let configuration: Configuration
    private let store: any TaskStore
    private let metrics: EventMetrics
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let queue = Mutex(ReminderQueue())
    private let wake = WakeSignal()
    private let reloadRequested = Atomic<Bool>(true)
    private let loop = LoopThread()
    private let leading = Atomic<Bool>(false)

    /// With the Dapr bus: every reminder learnt from an event is also scheduled as a Dapr job.
    private let jobs: DaprReminderJobs?

    init(store: any TaskStore, metrics: EventMetrics, logger: Logger, clock: @escaping @Sendable () -> Date,
         jobs: DaprReminderJobs? = nil, configuration: Configuration = Configuration()) {
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        self.jobs = jobs
        self.configuration = configuration
    }

    var isLeader: Bool { leading.load(ordering: .relaxed) }

    func start() {
        loop.start(name: "reminder scheduler") { [self] in run() }
    }

    /// Stops after the batch in progress and gives the lease up, so a replica takes over at once.
    func stop() {
        guard loop.stop(wake: { wake.signal() }) else { return }
        if isLeader { try? store.eventLog.releaseLease(configuration.leaseName, owner: configuration.owner) }
        leading.store(false, ordering: .relaxed)
    }

    /// Follows one task change (`task-events`): its reminders are now the ones the event shows.
    func follow(_ event: CloudEvent) throws(NotificationInputError) {
        guard let type = TaskEventType(cloudEventType: event.type) else { return }
        guard let data = event.data, let taskJSON = data["task"], case .string(let userText)? = data["user_id"],
              let userID = UUID.parse(userText) else {
            throw NotificationInputError(eventID: event.id, type: event.type, reason: "data has no task or user_id")
        }
        // Most changes are of tasks without reminders: their id and version say all there is to
        // know (a reminder the task had is dropped), without reading the whole task.
        if type != .deleted, case .array(let reminders)? = taskJSON["reminders"], reminders.isEmpty,
           case .string(let idText)? = taskJSON["id"], let taskID = UUID.parse(idText), case .int(let version)? = taskJSON["version"] {
            queue.withLock { $0.update(taskID: taskID, userID: userID, version: Int(version), instants: []) }
            return
        }
        let task: TodoTask
        do { task = try TodoTask(apiJSON: taskJSON) } catch {
            throw NotificationInputError(eventID: event.id, type: event.type, reason: error.description)
        }
        let instants = type == .deleted ? [] : task.reminderInstants.map(Timestamp.milliseconds)
        queue.withLock { queue in
            if type == .deleted {
                queue.remove(taskID: task.id)
            } else {
                queue.update(taskID: task.id, userID: userID, version: task.version, instants: instants)
            }
        }
        // Only a new instant can come before the one the scheduler waits for; one dropped is
        // skipped when the scheduler wakes for it.
        if !instants.isEmpty { wake.signal() }
        if let jobs {
            let now = Timestamp.milliseconds(clock())
            for instant in instants where instant > now {
                jobs.schedule(DueReminder(taskID: task.id, userID: userID, dueAtMilliseconds: instant))
            }
        }
    }

    /// Fires one reminder now, whoever holds the lease: the Dapr job of its instant came due.
    func fire(_ reminder: DueReminder) throws {
        let now = clock()
        record(try store.fireReminders([reminder], now: now), of: [reminder], now: now)
    }

    /// Fires whatever is overdue now, from the database (the Dapr cron binding's safety net).
    func fireOverdue() {
        reloadRequested.store(true, ordering: .relaxed)
        wake.signal()
    }

    /// How many reminders wait in memory.
    var waiting: Int { queue.withLock { $0.count } }

    private func run() {
        var lastRenewal = Date.distantPast
        var lastReload = Date.distantPast
        var failures = 0
        while !loop.isStopping {
            let seen = wake.current
            do {
                if !isLeader || clock().timeIntervalSince(lastRenewal) > configuration.leaseTTL / 3 {
                    let won = try renewLease()
                    lastRenewal = clock()
                    if !won {
                        wake.wait(after: seen, timeout: configuration.leaseTTL / 3)
                        continue
                    }
                }
                if reloadRequested.exchange(false, ordering: .relaxed) || clock().timeIntervalSince(lastReload) > configuration.reloadInterval {
                    try reload()
                    lastReload = clock()
                }
                try fireDue()
                failures = 0
            } catch {
                failures += 1
                metrics.increment("todo_reminder_scheduler_errors_total")
                let backoff = min(2, 0.05 * pow(2, Double(min(failures, 10))))
                logger.log(failures == 1 ? .error : .warning, "reminder scheduler cannot reach the database, retrying",
                           [("attempt", String(failures)), ("retry_in_ms", String(Int(backoff * 1000))), ("error", String(describing: error))])
                wake.wait(after: wake.current, timeout: backoff)
                continue
            }
            let untilRenewal = configuration.leaseTTL / 3 - clock().timeIntervalSince(lastRenewal)
            let untilDue = queue.withLock { $0.nextDue() }.map { Double($0 - Timestamp.milliseconds(clock())) / 1000 } ?? .infinity
            let timeout = max(0, min(untilRenewal, untilDue))
            if timeout > 0 { wake.wait(after: seen, timeout: timeout) }
        }
    }

    /// Takes or renews the lease; a holder whose process is gone from this host (killed) is
    /// taken over at once. On taking it, every unfired reminder is loaded again.
    private func renewLease() throws -> Bool {
        let leases = store.eventLog
        let now = clock()
        var won = try leases.acquireLease(configuration.leaseName, owner: configuration.owner, ttl: configuration.leaseTTL, now: now)
        if !won, let holder = try leases.leaseHolder(configuration.leaseName), OutboxRelay.isDeadProcessOnThisHost(holder.owner) {
            won = try leases.takeOverLease(configuration.leaseName, from: holder.owner, owner: configuration.owner,
                                           ttl: configuration.leaseTTL, now: now)
        }
        if won != isLeader {
            logger.info(won ? "reminder scheduler took the lease" : "reminder scheduler lost the lease", [("owner", configuration.owner)])
            if won { reloadRequested.store(true, ordering: .relaxed) }
        }
        leading.store(won, ordering: .relaxed)
        return won
    }

    private func reload() throws {
        let tasks = try store.unfiredReminders()
        queue.withLock { queue in
            for task in tasks {
                guard let first = task.reminders.first else { continue }
                queue.update(taskID: first.taskID, userID: first.userID, version: task.taskVersion,
                             instants: task.reminders.map(\.dueAtMilliseconds))
            }
        }
    }

    /// Fires every reminder due by now, a batch per transaction; a batch the database refused
    /// goes back into the queue and is tried again.
    private func fireDue() throws {
        while !loop.isStopping {
            let now = clock()
            let due = queue.withLock { $0.takeDue(upTo: Timestamp.milliseconds(now), limit: configuration.batchSize) }
            guard !due.isEmpty else { return }
            let firings: [ReminderFiring]
            do {
                firings = try store.fireReminders(due, now: now)
            } catch {
                queue.withLock { $0.putBack(due) }
                throw error
            }
            record(firings, of: due, now: now)
        }
    }

    private func record(_ firings: [ReminderFiring], of due: [DueReminder], now: Date) {
        for (firing, reminder) in zip(firings, due) {
            let fields = [("task_id", reminder.taskID.lowercasedString), ("user_id", reminder.userID.lowercasedString),
                          ("due_at", RFC3339.format(reminder.dueAt))]
            switch firing {
            case .fired(let notification):
                metrics.increment("todo_reminders_fired_total", [("late", notification.late ? "true" : "false")])
                if notification.late {
                    logger.info("reminder fired late", fields + [("late_ms", String(Int(now.timeIntervalSince(reminder.dueAt) * 1000)))])
                }
            case .alreadyFired:
                metrics.increment("todo_reminders_skipped_total", [("reason", "already_fired")])
            case .stale(let reason):
                metrics.increment("todo_reminders_skipped_total", [("reason", reason)])
                logger.info("reminder not fired", fields + [("reason", reason)])
            }
        }
    }
}

/// An event the notification service cannot read: logged and counted, then acknowledged, since
/// delivering it again would not make it readable.
struct NotificationInputError: Error, CustomStringConvertible {
    var eventID: String
    var type: String
    var reason: String

    var description: String { "event \(eventID) (\(type)) cannot be read: \(reason)" }
}
