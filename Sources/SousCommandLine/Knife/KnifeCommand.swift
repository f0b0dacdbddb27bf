import ArgumentParser

/// `sous knife ...`: knife's commands for nodes, clients, roles, environments, data bags,
/// cookbooks, search and raw requests, with knife's option names and output formats.
struct KnifeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knife",
        abstract: "Work with the Chef server as knife does.",
        subcommands: [KnifeNode.self, KnifeClient.self, KnifeRole.self, KnifeEnvironment.self, KnifeData.self,
                      KnifeCookbook.self, KnifeUpload.self, KnifeDownload.self, KnifeDiff.self, KnifeSearch.self, KnifeRaw.self]
    )
}
