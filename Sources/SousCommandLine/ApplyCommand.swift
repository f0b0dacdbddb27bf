import ArgumentParser
import SousLanguage

/// `sous apply FILE` / `sous apply -e CODE`: evaluates a recipe on this machine, like
/// chef-apply.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Run a recipe on this machine (like chef-apply)."
    )

    @Argument(help: "The recipe file to run.")
    var file: String?

    @Option(name: .shortAndLong, help: "Run this recipe code instead of a file.")
    var execute: String?

    func validate() throws {
        if file == nil && execute == nil {
            throw ValidationError("give a recipe file, or code with -e")
        }
        if file != nil && execute != nil {
            throw ValidationError("give either a recipe file or -e CODE, not both")
        }
    }

    func run() throws {
        let host = ProcessHost()
        let code: Int32 = LargeStack.run {
            var interpreter: Interpreter?
            var source: SourceFile?
            do {
                if let execute {
                    source = SourceFile(path: "-e", text: execute)
                } else if let file {
                    source = SourceFile(path: file, bytes: try host.readFile(file))
                }
                let world = Interpreter(host: host)
                interpreter = world
                try world.run(source!)
                host.flush()
                return 0
            } catch {
                let report = ErrorReporter.report(error, interpreter: interpreter, source: source)
                host.writeError(report.text)
                host.flush()
                return report.exitCode
            }
        }
        if code != 0 { throw ExitCode(code) }
    }
}
