import SousLanguage
import SousSupport

/// What an action's code works with: the resource, its property values, and `converge(by:)`,
/// through which every change goes (Chef's `converge_by`).
public final class ActionContext {
    public let resource: Resource
    public let run: RunContext
    public let whyRun: Bool
    /// Whether anything was (or in why-run, would be) changed.
    public private(set) var changed = false

    /// A context for reading a resource's values outside its own action (a `machine`
    /// that a `machine_batch` runs).
    public init(resource: Resource, run: RunContext, whyRun: Bool) {
        self.resource = resource
        self.run = run
        self.whyRun = whyRun
        depth = run.nesting.count
    }

    /// How deep in custom resource actions the resource runs.
    let depth: Int

    public var interpreter: Interpreter { run.interpreter }
    public var events: RunEvents { run.events }
    public var logger: Logger { run.logger }

    /// Makes a change: reports `descriptions` (prefixed `Would ` in why-run) and runs `body`
    /// unless this is why-run. `detail` (a diff) is shown under the descriptions.
    public func converge(by descriptions: [String], detail: [String] = [], _ body: () throws -> Void) throws {
        changed = true
        if !whyRun { try body() }
        // A custom resource's own lines print under it, not under the resources its action
        // declared (which print one level deeper).
        let deeper = run.nesting.count - depth
        if deeper > 0 { events.nestingChanged(by: -deeper) }
        defer { if deeper > 0 { events.nestingChanged(by: deeper) } }
        for description in descriptions { events.change(whyRun ? "Would \(description)" : description) }
        if !detail.isEmpty { events.detail(detail) }
    }

    public func converge(by description: String, _ body: () throws -> Void) throws {
        try converge(by: [description], body)
    }

    /// Under why-run, a requirement that does not hold and what is assumed instead, as Chef's
    /// providers report them (its `whyrun_assumption`).
    public func assumeUnderWhyRun(_ failure: String, _ assumption: String) {
        events.whyRunAssumption([failure, assumption])
    }

    /// Marks the resource updated without a description line (`log` writes its message).
    public func markChanged() { changed = true }

    // Property values of this resource; see RunContext for the rules.
    public func value(_ property: String) throws -> Value { try run.value(of: property, in: resource) }
    public func string(_ property: String) throws -> String? { try run.string(property, in: resource) }
    public func bool(_ property: String) throws -> Bool { try run.bool(property, in: resource) }
    public func integer(_ property: String) throws -> Int? { try run.integer(property, in: resource) }
    public func number(_ property: String) throws -> Double? { try run.number(property, in: resource) }
    public func strings(_ property: String) throws -> [String] { try run.strings(property, in: resource) }
    public func stringPairs(_ property: String) throws -> [(String, String)] { try run.stringPairs(property, in: resource) }

    /// A command a provider runs to read or change the machine (not the user's `execute`):
    /// logged at debug with its exit status, as `shown` (so a secret stays out of logs), and
    /// unless `failingAs` is nil, a non-zero exit thrown as that error class with the
    /// command's last output.
    @discardableResult
    public func command(_ command: ProcessCommand, options: CommandOptions = CommandOptions(), shown: String? = nil,
                        failingAs errorClass: String? = "Mixlib::ShellOut::ShellCommandFailed", about: String = "") throws -> CommandResult {
        let result = try CommandRunner.run(command, options: options)
        let display = shown ?? command.display
        logger.debug("\(resource.identity) ran `\(display)`: exit \(result.status)")
        if let errorClass, result.status != 0 {
            throw ActionError(errorClass, "`\(display)`\(about) exited \(result.status)", details: ExecuteResource.outputReport(result, display))
        }
        return result
    }

    /// The string a property must have, or an error naming the resource and property.
    public func requiredString(_ property: String) throws -> String {
        guard let value = try string(property) else {
            throw ActionError("Chef::Exceptions::ValidationFailed", "\(property) is required")
        }
        return value
    }
}
