/// What happens during a converge, for whoever reports it (the doc formatter; later the
/// `[machine]`-prefixed output of batches and the node's run report).
public protocol RunEvents: AnyObject {
    func convergeStarted(resourceCount: Int)
    func recipeStarted(_ recipeName: String)
    func actionStarted(_ resource: Resource, action: String)
    /// One `- description` line of a change (with `Would ` in front in why-run).
    func change(_ description: String)
    /// A requirement that does not hold under why-run, and what is assumed instead
    /// (`* Parent directory /x does not exist.`, `* Assuming directory /x would have been created`).
    func whyRunAssumption(_ lines: [String])
    /// Extra lines under the last change: a diff, a suppressed-content note.
    func detail(_ lines: [String])
    /// A line a running command wrote, with `live_stream`.
    func streamed(_ line: String)
    func actionUpToDate(_ resource: Resource, action: String)
    /// Not run: `reason` is `not_if`, `only_if` or `action :nothing`.
    func actionSkipped(_ resource: Resource, action: String, reason: String)
    func actionFailed(_ resource: Resource, action: String, error: ResourceFailure)
    func actionCompleted(_ resource: Resource, action: String)
    func convergeCompleted(updated: Int, total: Int, seconds: Double, whyRun: Bool)
    func convergeFailed(updated: Int, total: Int, seconds: Double, whyRun: Bool)
    /// Resources of a custom resource's action start (+1) or end (-1): they print nested.
    func nestingChanged(by delta: Int)
}

extension RunEvents {
    public func nestingChanged(by delta: Int) {}
}

/// Events nobody hears: a `:before` notification's quiet why-run probe. It has no state.
final class SilentEvents: RunEvents, Sendable {
    static let shared = SilentEvents()
    func convergeStarted(resourceCount: Int) {}
    func recipeStarted(_ recipeName: String) {}
    func actionStarted(_ resource: Resource, action: String) {}
    func change(_ description: String) {}
    func whyRunAssumption(_ lines: [String]) {}
    func detail(_ lines: [String]) {}
    func streamed(_ line: String) {}
    func actionUpToDate(_ resource: Resource, action: String) {}
    func actionSkipped(_ resource: Resource, action: String, reason: String) {}
    func actionFailed(_ resource: Resource, action: String, error: ResourceFailure) {}
    func actionCompleted(_ resource: Resource, action: String) {}
    func convergeCompleted(updated: Int, total: Int, seconds: Double, whyRun: Bool) {}
    func convergeFailed(updated: Int, total: Int, seconds: Double, whyRun: Bool) {}
}
