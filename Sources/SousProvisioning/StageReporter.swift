import SousRun

/// Where a machine's stages report their changes, and whether to make them (why-run).
/// A single `machine` reports through its resource's action; a machine in a batch, on its
/// own thread, through a `BatchReporter` that prefixes its lines with `[name]`.
public protocol StageReporter: AnyObject {
    var whyRun: Bool { get }
    /// Whether anything was (or in why-run, would be) changed.
    var changed: Bool { get }
    /// Reports `descriptions` and runs `body` unless this is why-run.
    func perform(_ descriptions: [String], _ body: () throws -> Void) throws
    /// A line of output from the machine (a converge streaming).
    func stream(_ line: String)
    func warn(_ message: String)
    /// A line for `-l debug`: each stage, each command on the machine.
    func debug(_ message: String)
}

extension StageReporter {
    public func perform(_ description: String, _ body: () throws -> Void) throws {
        try perform([description], body)
    }
}

/// A machine resource's own action as the reporter.
final class ActionReporter: StageReporter {
    let context: ActionContext

    init(_ context: ActionContext) {
        self.context = context
    }

    var whyRun: Bool { context.whyRun }
    var changed: Bool { context.changed }
    func perform(_ descriptions: [String], _ body: () throws -> Void) throws { try context.converge(by: descriptions, body) }
    func stream(_ line: String) { context.events.streamed(line) }
    func warn(_ message: String) { context.logger.warn(message) }
    func debug(_ message: String) { context.logger.debug(message) }
}
