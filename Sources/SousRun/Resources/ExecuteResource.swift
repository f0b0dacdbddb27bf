import SousLanguage
import SousSupport

/// `execute`: runs a command unless `creates` exists, failing when its exit status is not
/// one of `returns`.
struct ExecuteResource: ResourceType {
    static let name = "execute"
    static let actions = ["run"]
    static let defaultAction = "run"
    static let properties = [Property("command", [.string, .array], nameProperty: true)] + commandProperties

    /// What every command-running resource (`execute`, `bash`, `script`) has.
    static let commandProperties = [
        Property("cwd", [.string]),
        Property("environment", [.hash]),
        Property("user", [.string, .integer]),
        Property("group", [.string, .integer]),
        Property.with("returns", [.integer, .array], default: .integer(0)),
        Property("creates", [.string]),
        Property.with("timeout", [.integer, .float], default: .integer(3600)),
        Property.with("live_stream", [.boolean], default: .false),
        Property("umask", [.string, .integer]),
    ]

    static func installExtraMethods(on resourceClass: RModule, interpreter: Interpreter) {
        // `env` is Chef's other name for `environment`.
        interpreter.define(resourceClass, "env") { interp, receiver, args in
            try interp.callMethod(receiver, "environment", args)
        }
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let command: ProcessCommand
        let value = try context.value("command")
        if let words = value.asArray {
            command = .arguments(try words.items.map { try context.interpreter.toS($0) })
        } else {
            command = .shell(try context.requiredString("command"))
        }
        try runCommand(command, description: command.display, in: context)
    }

    /// Runs a command with the resource's settings, as `execute` does; shared by `script`.
    static func runCommand(_ command: ProcessCommand, description: String, in context: ActionContext) throws {
        var options = CommandOptions()
        options.directory = try context.string("cwd")
        for (key, value) in try context.stringPairs("environment") { options.environment[key] = value }
        options.user = try context.string("user")
        options.group = try context.string("group")
        options.timeout = try context.number("timeout")
        switch try context.value("umask") {
        case .integer(let bits): options.umask = bits
        case .object(let text as RString):
            guard let bits = Int(text.value, radix: 8) else {
                throw ActionError("Chef::Exceptions::ValidationFailed", "umask '\(text.value)' is not octal digits; give it like '022'")
            }
            options.umask = bits
        default: break
        }
        if let creates = try context.string("creates") {
            let path = creates.hasPrefix("/") || options.directory == nil ? creates : "\(options.directory!)/\(creates)"
            if FileSystem.status(path, followLinks: true) != nil {
                context.logger.debug("\(context.resource.identity) skipped: \(path) exists (creates)")
                return
            }
        }
        let returns: [Int32]
        let expected = try context.value("returns")
        if let list = expected.asArray {
            returns = list.items.compactMap { if case .integer(let code) = $0 { return Int32(code) } else { return nil } }
        } else if case .integer(let code) = expected {
            returns = [Int32(code)]
        } else {
            returns = [0]
        }
        let sensitive = context.resource.sensitive
        let stream = try context.bool("live_stream") && !sensitive
        try context.converge(by: "execute \(sensitive ? "sensitive resource" : description)") {
            let events = context.events
            let result = try CommandRunner.run(command, options: options, onOutput: stream ? { line, _ in events.streamed(line) } : nil)
            context.logger.debug("\(context.resource.identity) ran `\(sensitive ? "(sensitive)" : description)`: exit \(result.status)")
            if result.timedOut {
                throw ActionError("Mixlib::ShellOut::CommandTimeout",
                                  "Command timed out after \(formatSeconds(options.timeout ?? 0))s: \(sensitive ? "(sensitive)" : description)",
                                  details: sensitive ? [] : outputReport(result, description))
            }
            guard returns.contains(result.status) else {
                let list = "[" + returns.map(String.init).joined(separator: ", ") + "]"
                let details = sensitive
                    ? ["Command execution failed. STDOUT/STDERR suppressed for sensitive resource"]
                    : outputReport(result, description)
                throw ActionError("Mixlib::ShellOut::ShellCommandFailed",
                                  "Expected process to exit with \(list), but received '\(result.status)'", details: details)
            }
        }
    }

    /// The last lines of what a failed command wrote, framed as mixlib-shellout frames it.
    static func outputReport(_ result: CommandResult, _ description: String) -> [String] {
        func tail(_ text: String) -> String {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let trimmed = lines.last == "" ? lines.dropLast() : lines[...]
            let kept = trimmed.suffix(20)
            let skipped = trimmed.count - kept.count
            return (skipped > 0 ? "(\(skipped) earlier lines not shown)\n" : "") + kept.joined(separator: "\n")
        }
        return ["---- Begin output of \(description) ----", "STDOUT: \(tail(result.output))",
                "STDERR: \(tail(result.errorOutput))", "---- End output of \(description) ----",
                "Ran \(description) returned \(result.status)"]
    }

    private static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
