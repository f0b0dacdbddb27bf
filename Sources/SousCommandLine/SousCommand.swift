import ArgumentParser
import SousLanguage

/// `sous`: the root command. Each subcommand is thin: it parses its options and calls the
/// libraries; errors go to `ErrorReporter`.
public struct SousCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sous",
        abstract: "A Chef-compatible recipe interpreter and provisioning tool.",
        version: SousVersion.text,
        subcommands: [ApplyCommand.self, KnifeCommand.self, VersionCommand.self]
    )

    public init() {}
}

enum SousVersion {
    static let number = "0.1.0"
    static var text: String { "sous \(number)" }
}
