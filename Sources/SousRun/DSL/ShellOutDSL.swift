import SousLanguage
import SousSupport

/// `Chef::Mixin::ShellOut`: `shell_out` and `shell_out!`, which cookbook libraries call
/// while loading and in guards (`shell_out!('getenforce').stdout`). The command runs now,
/// also under why-run, as in Chef: it only reads. The result answers as a
/// `Mixlib::ShellOut` does (`stdout`, `stderr`, `exitstatus`, `error?`, `error!`).
enum ShellOutDSL {
    static func install(in chef: RModule, on dsl: RModule, run: RunContext) {
        let interpreter = run.interpreter
        let mixin = interpreter.classes.defineModule("ShellOut", in: interpreter.classes.defineModule("Mixin", in: chef))
        let mixlib = interpreter.classes.defineModule("Mixlib")
        let resultClass = interpreter.classes.defineClass("ShellOut", in: mixlib)
        let failed = interpreter.classes.defineClass("ShellCommandFailed", superclass: interpreter.classes.runtimeError, in: resultClass)

        func result(_ value: Value) -> RShellOutResult? { value.asObject as? RShellOutResult }
        interpreter.define(resultClass, "stdout") { interp, receiver, _ in interp.makeString(result(receiver)?.result.output ?? "") }
        interpreter.define(resultClass, "stderr") { interp, receiver, _ in interp.makeString(result(receiver)?.result.errorOutput ?? "") }
        interpreter.define(resultClass, "exitstatus") { _, receiver, _ in .integer(Int(result(receiver)?.result.status ?? 0)) }
        interpreter.define(resultClass, "command") { interp, receiver, _ in interp.makeString(result(receiver)?.command ?? "") }
        interpreter.define(resultClass, "error?") { _, receiver, _ in .bool(result(receiver)?.failed ?? false) }
        interpreter.define(resultClass, "error!") { interp, receiver, _ in
            if let shellOut = result(receiver), shellOut.failed { throw interp.makeError(failed, shellOut.failureMessage) }
            return .null
        }

        func shellOut(_ interp: Interpreter, _ args: Args) throws -> RShellOutResult {
            var words = try args.positional.flatMap { value in try (value.asArray?.items ?? [value]).map { try interp.toS($0) } }
            guard !words.isEmpty else { throw interp.argumentError("shell_out needs a command") }
            let command: ProcessCommand = words.count == 1 ? .shell(words.removeFirst()) : .arguments(words)
            var options = CommandOptions()
            var accepted: [Int32] = [0]
            for (key, value) in args.keywords?.pairs ?? [] {
                switch try interp.toS(key) {
                case "cwd": options.directory = try interp.toS(value)
                case "environment", "env":
                    for (name, setting) in value.asHash?.pairs ?? [] { options.environment[try interp.toS(name)] = try interp.toS(setting) }
                case "user": options.user = try interp.toS(value)
                case "group": options.group = try interp.toS(value)
                case "timeout": options.timeout = try interp.toDouble(value)
                case "input": options.input = Array(try interp.toS(value).utf8)
                case "returns": accepted = try (value.asArray?.items ?? [value]).map { Int32(try interp.toInteger($0)) }
                default: break  // live_stream, log_level and the like: nothing to do here
                }
            }
            let finished: CommandResult
            do {
                finished = try CommandRunner.run(command, options: options)
            } catch let failure as CommandStartFailure {
                let notFound = interp.constant(path: "Errno::ENOENT")?.asModule ?? interp.classes.runtimeError!
                throw interp.makeError(notFound, failure.description)
            }
            return RShellOutResult(command: command.display, result: finished, accepted: accepted, klass: resultClass)
        }
        interpreter.define(mixin, "shell_out") { interp, _, args in .object(try shellOut(interp, args)) }
        interpreter.define(mixin, "shell_out!") { interp, _, args in
            let shellOut = try shellOut(interp, args)
            if shellOut.failed { throw interp.makeError(failed, shellOut.failureMessage) }
            return .object(shellOut)
        }
        interpreter.include(mixin, into: dsl)
    }
}

/// A finished `shell_out`.
final class RShellOutResult: RObject {
    let command: String
    let result: CommandResult
    let accepted: [Int32]

    init(command: String, result: CommandResult, accepted: [Int32], klass: RModule) {
        self.command = command
        self.result = result
        self.accepted = accepted
        super.init(klass: klass)
    }

    var failed: Bool { !accepted.contains(result.status) }

    /// Mixlib::ShellOut's words for a command that ended with a status it was not to.
    var failureMessage: String {
        "Expected process to exit with [\(accepted.map(String.init).joined(separator: ", "))], but received '\(result.status)'\n"
            + "---- Begin output of \(command) ----\nSTDOUT: \(result.output)\nSTDERR: \(result.errorOutput)\n"
            + "---- End output of \(command) ----\nRan \(command) returned \(result.status)"
    }
}
