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
    @OptionGroup var repository: RepositoryArguments
    @Flag(help: "Upload even what is the same on the server.") var force = false
    @Flag(name: .customLong("dry-run"), help: "Say what would be uploaded, and upload nothing.") var dryRun = false

    func run() throws {
        try KnifeSession.run(options) { session in
            let transfer = try session.repositoryTransfer(repository, dryRun: dryRun, force: force)
            let root = transfer.root
            if try transfer.upload() == 0 {
                session.print("Nothing to upload: the server already has everything in \(root)\(repository.patterns.isEmpty ? "" : " that was asked for").")
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
    @OptionGroup var repository: RepositoryArguments
    @Flag(name: .customLong("dry-run"), help: "Say what would be written, and write nothing.") var dryRun = false
    @Flag(help: "Delete the repo's JSON files of nodes, clients, roles, environments and data bag items the server does not have.")
    var purge = false

    func run() throws {
        try KnifeSession.run(options) { session in
            let transfer = try session.repositoryTransfer(repository, dryRun: dryRun, force: false, purge: purge)
            let root = transfer.root
            if try transfer.download() == 0 {
                session.print("Nothing to download: \(root) already has everything the server has\(repository.patterns.isEmpty ? "" : " that was asked for").")
            }
        }
    }
}

/// `knife diff [PATH...] --name-only | --name-status`: what differs between the chef-repo
/// and the server (knife's full text diff of each file is not built yet; without a flag,
/// the name-status list is printed).
struct KnifeDiff: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "What differs between a chef-repo and the Chef server.")
    @OptionGroup var options: KnifeOptions
    @OptionGroup var repository: RepositoryArguments
    @Flag(name: .customLong("name-only"), help: "Only the paths that differ.") var nameOnly = false
    @Flag(name: .customLong("name-status"), help: "Each path with A (repo only), D (server only) or M (both, different).")
    var nameStatus = false

    func run() throws {
        try KnifeSession.run(options) { session in
            let transfer = try session.repositoryTransfer(repository, dryRun: true, force: false)
            for (status, path) in try transfer.differences() {
                session.print(nameOnly ? path : "\(status)\t\(path)")
            }
        }
    }
}

/// What knife upload, download and diff work on: paths of a chef-repo.
struct RepositoryArguments: ParsableArguments {
    @Argument(help: "roles, environments, nodes, data_bags, cookbooks or a path below them (default: all).")
    var patterns: [String] = []
    @Option(name: .customLong("chef-repo-path"), help: "The chef-repo (instead of chef_repo_path).") var repoPath: String?
}

extension KnifeSession {
    /// The chef-repo (`--chef-repo-path`, else the config's `chef_repo_path`) and this
    /// session's server, with knife's lines on the terminal.
    func repositoryTransfer(_ arguments: RepositoryArguments, dryRun: Bool, force: Bool, purge: Bool = false) throws -> RepositoryTransfer {
        let patterns = arguments.patterns
        guard let root = arguments.repoPath.map({ host.absolutePath($0) }) ?? config.chefRepoPath else {
            throw UsageError("no chef-repo: give --chef-repo-path DIR, or set chef_repo_path in the config file")
        }
        return RepositoryTransfer(api: api, interpreter: interpreter, root: root, patterns: patterns, dryRun: dryRun, force: force,
                                  purge: purge, print: { [self] in print($0) }, warn: { [host] in host.writeError("WARNING: \($0)\n") })
    }
}
