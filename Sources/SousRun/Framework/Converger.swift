import SousSupport

/// The converge phase, with Chef's ordering (lib/chef/runner.rb):
/// - resources run in declaration order, each of its actions in order;
/// - `:before` notifications run when a why-run of the notifying action shows it will change;
/// - `:immediately` notifications run right after the notifying action changed something;
/// - `:delayed` ones are queued once per (action, resource) in first-queued order and run at
///   the end, including when a resource failed: then they still all run, and every failure
///   is reported (`Chef::Exceptions::MultipleFailures`).
public final class Converger {
    let run: RunContext
    private var updatedResources = Set<ObjectIdentifier>()
    /// Whether any resource this converger ran changed something.
    var anyUpdated: Bool { !updatedResources.isEmpty }

    public init(run: RunContext) {
        self.run = run
    }

    /// Converges the whole collection; returns how many resources were updated.
    @discardableResult
    public func converge() throws -> Int {
        let started = MonotonicClock.seconds()
        try resolveNotifications()
        run.events.convergeStarted(resourceCount: run.collection.count)
        var failures: [ResourceFailure] = []
        do {
            for resource in run.collection {
                for action in resource.actions { try runAction(resource, action) }
            }
        } catch let failure as ResourceFailure {
            run.logger.info("Running queued delayed notifications before re-raising exception")
            failures.append(failure)
        }
        // Delayed notifications queued while these run are run too, each pair once.
        var index = 0
        while index < run.delayedNotifications.count {
            let notification = run.delayedNotifications[index]
            index += 1
            guard let target = notification.resolved else { continue }
            run.logger.info("\(notification.notifier.identity) sending \(notification.action) action to \(target.identity) (delayed)")
            do {
                try runAction(target, notification.action)
            } catch let failure as ResourceFailure {
                failures.append(failure)
            }
        }
        let seconds = MonotonicClock.seconds() - started
        if failures.isEmpty {
            run.events.convergeCompleted(updated: updatedResources.count, total: run.collection.count,
                                         seconds: seconds, whyRun: run.whyRun)
            return updatedResources.count
        }
        run.events.convergeFailed(updated: updatedResources.count, total: run.collection.count,
                                  seconds: seconds, whyRun: run.whyRun)
        if failures.count == 1 { throw failures[0] }
        throw MultipleFailures(failures: failures)
    }

    /// Turns `'type[name]'` references into resources now that the collection is complete.
    /// A `notifies` whose target does not exist is an error before anything runs (as in
    /// Chef); a `subscribes` to a resource that is not there is ignored.
    func resolveNotifications(of resources: [Resource]? = nil) throws {
        for resource in resources ?? run.collection {
            for notification in resource.notifications {
                guard case .reference(let text) = notification.target else { continue }
                guard let target = try lookUp(text) else {
                    throw ResourceFailure(
                        resource: resource.identity, action: notification.action, declaration: resource.declaration,
                        errorClass: "Chef::Exceptions::ResourceNotFound",
                        message: "resource \(resource.identity) is configured to notify resource \(text) with action "
                            + "\(notification.action), but \(text) cannot be found in the resource collection",
                        details: [], excerpt: [])
                }
                notification.target = .resource(target)
            }
            for subscription in resource.subscriptions {
                let source: Resource?
                switch subscription.target {
                case .resource(let found): source = found
                case .reference(let text): source = try lookUp(text)
                }
                guard let source else { continue }
                source.notifications.append(Notification(action: subscription.action, target: .resource(resource),
                                                         timing: subscription.timing, notifier: source))
            }
            resource.subscriptions = []
        }
    }

    private func lookUp(_ reference: String) throws -> Resource? {
        run.resource(identity: try ResourceReference.normalize(reference))
    }

    /// Runs one action of one resource, with its notifications (Chef's Runner#run_action).
    func runAction(_ resource: Resource, _ action: String) throws {
        let before = resource.notifications.filter { $0.timing == .before }
        if !before.isEmpty, try probeWouldChange(resource, action) {
            for notification in before {
                guard let target = notification.resolved else { continue }
                run.logger.info("\(resource.identity) sending \(notification.action) action to \(target.identity) (before)")
                try runAction(target, notification.action)
            }
        }
        try ResourceAction(run: run).perform(action, on: resource, whyRun: run.whyRun)
        guard resource.updatedByLastAction else { return }
        updatedResources.insert(ObjectIdentifier(resource))
        for notification in resource.notifications where notification.timing == .immediate {
            guard let target = notification.resolved else { continue }
            run.logger.info("\(resource.identity) sending \(notification.action) action to \(target.identity) (immediate)")
            try runAction(target, notification.action)
        }
        for notification in resource.notifications where notification.timing == .delayed {
            guard let target = notification.resolved else { continue }
            let queued = run.delayedNotifications.contains {
                $0.action == notification.action && $0.resolved === target
            }
            if queued {
                run.logger.info("\(resource.identity) not queuing delayed action \(notification.action) on "
                                + "\(target.identity) (delayed), as it's already been queued")
            } else {
                run.delayedNotifications.append(notification)
            }
        }
    }

    /// A quiet why-run of the action: would it change anything?
    private func probeWouldChange(_ resource: Resource, _ action: String) throws -> Bool {
        run.muted += 1
        defer { run.muted -= 1 }
        try ResourceAction(run: run).perform(action, on: resource, whyRun: true)
        let changed = resource.updatedByLastAction
        resource.updatedByLastAction = false
        return changed
    }
}
