import ArgumentParser
import SousRun

/// `sous`: the root command. Each subcommand is thin: it parses its options and calls the
/// libraries; errors go to `ErrorReporter`.
public struct SousCommand: ParsableCommand {
    /// Runs sous with this process's arguments. `sous --version` answers before
    /// ArgumentParser builds its tree of every subcommand, which is most of its time.
    /// `sous apply FILE` alone, the form scripts run most, skips it too: reflecting over
    /// the command types costs about a third of a short run's time.
    public static func start() {
        // Read from argv itself: `CommandLine.arguments` builds an array of every argument,
        // and making its type's metadata is a sixth of a `--version`.
        let count = Int(Swift.CommandLine.argc)
        func argument(_ index: Int) -> String {
            Swift.CommandLine.unsafeArgv[index].map { String(cString: $0) } ?? ""
        }
        if count == 2, argument(1) == "--version" {
            print(SousVersion.text)
            return
        }
        if count == 3, let apply = ApplyCommand(fileOnly: [argument(1), argument(2)]) {
            do {
                try apply.run()
            } catch {
                exit(withError: error)
            }
            return
        }
        main()
    }

    public static let configuration = CommandConfiguration(
        commandName: "sous",
        abstract: "A Chef-compatible recipe interpreter and provisioning tool.",
        version: SousVersion.text,
        subcommands: [ClientCommand.self, ApplyCommand.self, KnifeCommand.self, MachineCommand.self, OhaiCommand.self, VerifyCommand.self, PromoteCommand.self, WatchCommand.self, VersionCommand.self,
                      LocalMachineInitCommand.self],
        defaultSubcommand: ClientCommand.self
    )

    public init() {}
}

enum SousVersion {
    static let number = SousInfo.version
    static var text: String { "sous \(number)" }
}
