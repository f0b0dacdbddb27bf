import SousChefServer
import SousLanguage
import SousSupport

/// A chef-repo served for one run, as chef-zero serves it: a Chef server started for it
/// (`LocalChefServer`), loaded from the repo, and at the end what the run created or changed
/// written back into the repo as JSON before the server stops. `sous -z`, `sous knife -z`
/// and a recipe's `with_chef_local_server` all go through here.
public final class LocalRepositoryServer {
    public let root: String
    public let server: LocalChefServer
    /// Signs as the server's admin.
    public let api: ChefServerClient
    /// What the server has of its own (its admin and validator clients, whose keys die
    /// with it, and the `_default` environment), as repo paths never written into the repo.
    let ownObjects: Set<String>
    let interpreter: Interpreter
    let warn: (String) -> Void

    private init(root: String, server: LocalChefServer, api: ChefServerClient, ownObjects: Set<String>,
                 interpreter: Interpreter, warn: @escaping (String) -> Void) {
        self.root = root
        self.server = server
        self.api = api
        self.ownObjects = ownObjects
        self.interpreter = interpreter
        self.warn = warn
    }

    /// Starts a server (on `port`, else a free one) and loads the repo at `root` into it;
    /// the server is stopped again if loading fails.
    public static func start(root: String, port: Int? = nil, interpreter: Interpreter,
                             warn: @escaping (String) -> Void) throws -> LocalRepositoryServer {
        let server = try LocalChefServer.start(port: port)
        do {
            let api = try server.adminClient()
            let ownObjects = Set(try api.list(.client).map { "clients/\($0).json" } + ["environments/_default.json"])
            _ = try RepositoryTransfer(api: api, interpreter: interpreter, root: root, patterns: [], print: { _ in }, warn: warn).upload()
            return LocalRepositoryServer(root: root, server: server, api: api, ownObjects: ownObjects, interpreter: interpreter, warn: warn)
        } catch {
            server.stop()
            throw error
        }
    }

    /// The objects under `patterns` (`nodes`, `clients`, `data_bags`) written back where
    /// they differ from the repo, and the files of those the run deleted removed, leaving out
    /// the client `runClient` (whose key is new each run); then the server stopped, whether
    /// the write-back worked or not.
    public func finish(writingBack patterns: [String], runClient: String? = nil) throws {
        defer { server.stop() }
        _ = try RepositoryTransfer(api: api, interpreter: interpreter, root: root, patterns: patterns, purge: true,
                                   keptOut: ownObjects.union([runClient].compactMap { $0.map { "clients/\($0).json" } }),
                                   print: { _ in }, warn: warn).download()
    }

    /// The chef-repo to serve: the one given (`--chef-repo-path`, `chef_repo_path:`), else
    /// the config's `chef_repo_path`, else the nearest folder with a `cookbooks/` folder at
    /// or above `start` (the recipe's folder, or the current one), else the current folder.
    public static func repositoryRoot(given: String?, config: ChefConfig?, start: String, host: Host) -> String {
        if let given { return given }
        if let configured = config?.chefRepoPath { return configured }
        var folder = start
        while true {
            if FileSystem.kind("\(folder)/cookbooks") == .directory { return folder }
            let parent = FileSystem.dirname(of: folder)
            if parent == folder || folder.isEmpty { break }
            folder = parent
        }
        host.writeError("WARNING: no chef-repo found (a folder with cookbooks/ above \(start)); using the current folder\n")
        return host.currentDirectory()
    }
}
