import ArgumentParser
import SousDrivers
import SousSupport
import SousProvisioning
import SousRun

/// `sous apply FILE` / `sous apply -e CODE`: compiles a recipe and converges its resources
/// on this machine, like chef-apply.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Run a recipe on this machine (like chef-apply)."
    )

    @Argument(help: "The recipe file to run.")
    var file: String?

    @Option(name: .shortAndLong, help: "Run this recipe code instead of a file.")
    var execute: String?

    @Flag(name: [.customShort("W"), .customLong("why-run")], help: "Change nothing; report what would change.")
    var whyRun = false

    @Option(name: .customLong("cookbook-path"), help: "A folder of cookbooks for include_recipe, templates and files (repeatable).")
    var cookbookPaths: [String] = []

    @Option(name: [.customShort("l"), .customLong("log_level"), .customLong("log-level")],
            help: "Log level on stderr: debug, info, warn, error or fatal.")
    var logLevel: String = ApplyCommand.defaultLogLevel

    static let defaultLogLevel = "warn"

    init() {}

    /// `apply FILE` with no options, every other setting at its default, made without
    /// ArgumentParser; nil for any other arguments.
    init?(fileOnly arguments: [String]) {
        guard arguments.count == 2, arguments[0] == "apply", !arguments[1].hasPrefix("-") else { return nil }
        file = arguments[1]
        execute = nil
        whyRun = false
        cookbookPaths = []
        logLevel = ApplyCommand.defaultLogLevel
    }

    func validate() throws {
        if file == nil && execute == nil {
            throw ValidationError("give a recipe file, or code with -e")
        }
        if file != nil && execute != nil {
            throw ValidationError("give either a recipe file or -e CODE, not both")
        }
        if LogLevel(name: logLevel) == nil {
            throw ValidationError("log level \(logLevel) is not one of debug, info, warn, error, fatal")
        }
    }

    func run() throws {
        try RecipeProcess.run { interpreter, host in
            let run = try LocalRun.make(interpreter: interpreter, host: host, whyRun: whyRun,
                                        cookbookPaths: cookbookPaths.map { host.absolutePath($0) },
                                        logLevel: LogLevel(name: logLevel) ?? .warn,
                                        extensions: [Provisioning.runExtension(drivers: BuiltInDrivers.registry())])
            try run.servingLocalRepositories {
                if let execute {
                    try run.compileRecipe(code: execute)
                } else if let file {
                    try run.compileRecipe(file: file)
                }
                // A recipe with no resources prints only what it prints itself.
                if !run.collection.isEmpty { try Converger(run: run).converge() }
            }
        }
    }
}
