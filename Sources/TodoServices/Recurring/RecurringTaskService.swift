import Foundation
import Synchronization
import TodoCore
import TodoEvents

/// The recurring-task service (issue 13 item 1, group `recurring-task-service`): consumes
/// `task-events` and, for each completion of a recurring task, creates the next task of its
/// series once (`CompletionHandler`).
final class RecurringTaskService: Service {
    let name = ServiceName.recurring
    private let dependencies: ServiceDependencies
    private let handler: CompletionHandler
    private let subscription = Mutex<(any EventSubscription)?>(nil)

    init(_ dependencies: ServiceDependencies) {
        self.dependencies = dependencies
        handler = CompletionHandler(store: dependencies.store, group: name.consumerGroup, metrics: dependencies.events.metrics,
                                    logger: dependencies.logger, clock: dependencies.clock)
    }

    func start() throws {
        let handler = self.handler
        // Only a completion can continue a series: the other task events are skipped undecoded.
        let started = try dependencies.subscribe(name, to: EventTopic.taskEvents, types: [TaskEventType.completed.cloudEventType]) { event in
            try handler.handle(event)
        }
        subscription.withLock { $0 = started }
    }

    func stop() {
        subscription.withLock { $0 }?.stop()
    }
}
