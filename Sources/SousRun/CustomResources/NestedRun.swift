import SousLanguage

/// The resources a custom resource's action declares: a run of their own inside the run
/// (Chef's child run context), with their own collection and delayed notifications. In
/// unified mode (Chef 18's default) each runs as soon as it is declared, so the Ruby after it
/// sees what it did; otherwise all run once the action's block has declared them. Delayed
/// notifications among them fire at the action's end; one to a resource outside waits in
/// that resource's run.
final class NestedRun {
    let unified: Bool
    /// The collection of the run around this one, for notifications that leave it.
    let outerCollection: [Resource]
    let converger: Converger

    init(unified: Bool, outerCollection: [Resource], run: RunContext) {
        self.unified = unified
        self.outerCollection = outerCollection
        converger = Converger(run: run)
    }

    /// Runs a resource just declared (unified mode).
    func runNow(_ resource: Resource) throws {
        try converger.resolveNotifications(of: [resource])
        for action in resource.actions { try converger.runAction(resource, action) }
    }
}

extension RunContext {
    /// Runs `declare` (an action's block) as a nested run; returns whether any resource in it
    /// changed something, which marks the custom resource updated.
    func nestedRun(unified: Bool, _ declare: () throws -> Void) throws -> Bool {
        let savedCollection = collection, savedDelayed = delayedNotifications
        let nested = NestedRun(unified: unified, outerCollection: savedCollection, run: self)
        collection = []
        delayedNotifications = []
        nesting.append(nested)
        events.nestingChanged(by: 1)
        defer {
            events.nestingChanged(by: -1)
            nesting.removeLast()
        }
        var outward: [Notification] = []
        do {
            try declare()
            if !unified {
                try nested.converger.resolveNotifications()
                for resource in collection {
                    for action in resource.actions { try nested.converger.runAction(resource, action) }
                }
            }
            // Delayed notifications: the nested ones now, the ones to outer resources later.
            var index = 0
            while index < delayedNotifications.count {
                let notification = delayedNotifications[index]
                index += 1
                guard let target = notification.resolved else { continue }
                guard collection.contains(where: { $0 === target }) else {
                    outward.append(notification)
                    continue
                }
                logger.info("\(notification.notifier.identity) sending \(notification.action) action to \(target.identity) (delayed)")
                try nested.converger.runAction(target, notification.action)
            }
        } catch {
            retiredResources += collection
            collection = savedCollection
            delayedNotifications = savedDelayed
            throw error
        }
        retiredResources += collection  // notifications that left refer to them
        collection = savedCollection
        delayedNotifications = savedDelayed
        for notification in outward where !delayedNotifications.contains(where: {
            $0.action == notification.action && $0.resolved === notification.resolved
        }) {
            delayedNotifications.append(notification)
        }
        return nested.converger.anyUpdated
    }
}
