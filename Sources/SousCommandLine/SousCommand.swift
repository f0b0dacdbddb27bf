import ArgumentParser
import SousLanguage
import SousRun

/// `sous`: the root command. Each subcommand is thin: it parses its options and calls the
/// libraries; errors go to `ErrorReporter`.
public struct SousCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sous",
        abstract: "A Chef-compatible recipe interpreter and provisioning tool.",
        version: SousVersion.text,
        subcommands: [ClientCommand.self, ApplyCommand.self, KnifeCommand.self, MachineCommand.self, VersionCommand.self,
                      LocalMachineInitCommand.self],
        defaultSubcommand: ClientCommand.self
    )

    public init() {}
}

enum SousVersion {
    static let number = SousInfo.version
    static var text: String { "sous \(number)" }
}
