import SousChefServer
import SousLanguage
import SousRun
import SousSupport

/// `sous -z` (chef-client's local mode): the chef-repo served for this run
/// (`LocalRepositoryServer`), the run against it, then the nodes, clients and data bag items
/// the run created or changed written back into the repo as JSON (`nodes/NAME.json`), as
/// chef-zero does, so the next run sees them. The server is stopped at the end, also when
/// the run fails.
enum LocalMode {
    static func run(_ command: ClientCommand, interpreter: Interpreter, host: ProcessHost) throws {
        var options = try command.runOptions(host: host)
        let userConfig = try options.configFile.map { try ChefConfig.load(path: $0, interpreter: Interpreter(host: host)) }
        let root = LocalRepositoryServer.repositoryRoot(
            given: command.chefRepoPath.map { host.absolutePath($0) }, config: userConfig,
            start: options.recipeFiles.first.map { FileSystem.dirname(of: $0) } ?? host.currentDirectory(), host: host)
        let served = try LocalRepositoryServer.start(root: root, interpreter: Interpreter(host: host),
                                                     warn: { host.writeError("WARNING: \($0)\n") })
        let nodeName = options.nodeName ?? userConfig?.nodeName
        var failure: Error?
        do {
            // The run's config: this server, a client registered with its validator, the
            // cache in the repo (chef-client's local-mode-cache), and the node name given.
            let server = served.server
            var text = """
                chef_server_url '\(server.url)'
                client_key '\(server.folder)/client.pem'
                validation_client_name 'chef-validator'
                validation_key '\(server.validatorKey)'
                file_cache_path \(rubyString("\(root)/local-mode-cache/cache"))

                """
            if let nodeName { text += "node_name \(rubyString(nodeName))\n" }
            if let level = userConfig?.logLevel { text += "log_level :\(level)\n" }
            let configFile = "\(server.folder)/client.rb"
            try FileSystem.replaceAtomically(configFile, with: Array(text.utf8), defaultMode: 0o600)
            options.configFile = configFile
            options.serverURL = nil
            try ClientRun(options: options, interpreter: interpreter, host: host).run()
        } catch {
            failure = error
        }
        do {
            try served.finish(writingBack: ["nodes", "clients", "data_bags"], runClient: nodeName ?? SystemFacts.hostname)
        } catch {
            failure = failure ?? error
        }
        if let failure { throw failure }
    }
}
