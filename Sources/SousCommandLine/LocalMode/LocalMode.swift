import SousChefServer
import SousLanguage
import SousRun
import SousSupport

/// `sous -z` (chef-client's local mode): the chef-repo loaded into a Chef server started
/// for this run (`LocalChefServer`), the run against it, then the nodes and data bag items
/// the run created or changed written back into the repo as JSON (`nodes/NAME.json`), as
/// chef-zero does, so the next run sees them. The server is stopped at the end, also when
/// the run fails.
enum LocalMode {
    static func run(_ command: ClientCommand, interpreter: Interpreter, host: ProcessHost) throws {
        var options = try command.runOptions(host: host)
        let userConfig = try options.configFile.map { try ChefConfig.load(path: $0, interpreter: Interpreter(host: host)) }
        let root = repositoryRoot(given: command.chefRepoPath.map { host.absolutePath($0) }, config: userConfig,
                                  start: options.recipeFiles.first.map { FileSystem.dirname(of: $0) } ?? host.currentDirectory(), host: host)
        let server = try LocalChefServer.start()
        defer { server.stop() }
        let api = try server.adminClient()
        let quiet = RepositoryTransfer(api: api, interpreter: Interpreter(host: host), root: root, patterns: [],
                                       print: { _ in }, warn: { host.writeError("WARNING: \($0)\n") })
        _ = try quiet.upload()

        // The run's config: this server, a client registered with its validator, the cache
        // in the repo (chef-client's local-mode-cache), and the node name the user gave.
        var text = """
            chef_server_url '\(server.url)'
            client_key '\(server.folder)/client.pem'
            validation_client_name 'chef-validator'
            validation_key '\(server.validatorKey)'
            file_cache_path \(rubyString("\(root)/local-mode-cache/cache"))

            """
        if let name = userConfig?.nodeName { text += "node_name \(rubyString(name))\n" }
        if let level = userConfig?.logLevel { text += "log_level :\(level)\n" }
        let configFile = "\(server.folder)/client.rb"
        try FileSystem.replaceAtomically(configFile, with: Array(text.utf8), defaultMode: 0o600)
        options.configFile = configFile
        options.serverURL = nil

        var failure: Error?
        do {
            try ClientRun(options: options, interpreter: interpreter, host: host).run()
        } catch {
            failure = error
        }
        let writeBack = RepositoryTransfer(api: api, interpreter: Interpreter(host: host), root: root, patterns: ["nodes", "data_bags"],
                                           print: { _ in }, warn: { host.writeError("WARNING: \($0)\n") })
        _ = try writeBack.download()
        if let failure { throw failure }
    }

    /// `--chef-repo-path`, else the config's `chef_repo_path`, else the nearest folder with
    /// a `cookbooks/` folder above `start` (the recipe's folder, or the current one), else
    /// the current folder.
    static func repositoryRoot(given: String?, config: ChefConfig?, start: String, host: ProcessHost) -> String {
        if let given { return given }
        if let configured = config?.chefRepoPath { return configured }
        var folder = start
        while true {
            if FileSystem.kind("\(folder)/cookbooks") == .directory { return folder }
            let parent = FileSystem.dirname(of: folder)
            if parent == folder || folder.isEmpty { break }
            folder = parent
        }
        host.writeError("WARNING: no chef-repo found (a folder with cookbooks/ above \(host.currentDirectory())); using the current folder\n")
        return host.currentDirectory()
    }
}
