import ArgumentParser
import SousChefServer
import SousRun
import SousSupport

/// `knife upload [PATH...]`: a chef-repo's environments, roles, nodes, data bags and
/// cookbooks to the Chef server, as knife's ChefFS does it: what the server lacks is
/// created, what differs is updated, what is the same is left alone.
struct KnifeUpload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upload", abstract: "Upload a chef-repo to the Chef server.")
    @OptionGroup var options: KnifeOptions
    @Argument(help: "What to upload: roles, environments, nodes, data_bags, cookbooks or a path below them (default: all).")
    var patterns: [String] = []
    @Option(name: .customLong("chef-repo-path"), help: "The chef-repo (instead of chef_repo_path).") var repoPath: String?
    @Flag(help: "Upload even what is the same on the server.") var force = false
    @Flag(name: .customLong("dry-run"), help: "Say what would be uploaded, and upload nothing.") var dryRun = false

    func run() throws {
        try KnifeSession.run(options) { session in
            guard let root = repoPath.map({ session.host.absolutePath($0) }) ?? session.config.chefRepoPath else {
                throw UsageError("no chef-repo: give --chef-repo-path DIR, or set chef_repo_path in the config file")
            }
            let transfer = RepositoryTransfer(api: session.api, interpreter: session.interpreter, root: root, patterns: patterns,
                                              dryRun: dryRun, force: force, print: { session.print($0) },
                                              warn: { session.host.writeError("WARNING: \($0)\n") })
            if try transfer.upload() == 0 {
                session.print("Nothing to upload: the server already has everything in \(root)\(patterns.isEmpty ? "" : " that was asked for").")
            }
        }
    }
}

/// `knife download [PATH...]`: the Chef server's environments, roles, nodes, data bags and
/// cookbooks (their latest versions) into a chef-repo, written only where they differ.
/// Ruby files are never rewritten (knife cannot safely update them either).
struct KnifeDownload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "download", abstract: "Download the Chef server's objects into a chef-repo.")
    @OptionGroup var options: KnifeOptions
    @Argument(help: "What to download: roles, environments, nodes, data_bags, cookbooks or a path below them (default: all).")
    var patterns: [String] = []
    @Option(name: .customLong("chef-repo-path"), help: "The chef-repo (instead of chef_repo_path).") var repoPath: String?
    @Flag(name: .customLong("dry-run"), help: "Say what would be written, and write nothing.") var dryRun = false

    func run() throws {
        try KnifeSession.run(options) { session in
            guard let root = repoPath.map({ session.host.absolutePath($0) }) ?? session.config.chefRepoPath else {
                throw UsageError("no chef-repo: give --chef-repo-path DIR, or set chef_repo_path in the config file")
            }
            let transfer = RepositoryTransfer(api: session.api, interpreter: session.interpreter, root: root, patterns: patterns,
                                              dryRun: dryRun, force: false, print: { session.print($0) },
                                              warn: { session.host.writeError("WARNING: \($0)\n") })
            if try transfer.download() == 0 {
                session.print("Nothing to download: \(root) already has everything the server has\(patterns.isEmpty ? "" : " that was asked for").")
            }
        }
    }
}
