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
        let nodeName = options.nodeName ?? userConfig?.nodeName ?? Ohai.hostname
        var failure: Error?
        do {
            // The run signs as an admin client of its own: chef-zero lets a local run do
            // anything, and a run that makes machines updates nodes other than its own.
            let server = served.server
            let key = try RSAPrivateKey.generate()
            do {
                _ = try served.api.createClient(name: nodeName, publicKey: key.publicPEM, admin: true)
            } catch let error as ChefServerError where error.isConflict {
                try served.api.put("clients/\(ChefServerClient.escape(nodeName))", .object([
                    ("name", .string(nodeName)), ("admin", .bool(true)), ("public_key", .string(key.publicPEM)),
                ]))
            }
            let keyFile = "\(server.folder)/client.pem"
            try FileSystem.writeSecret(keyFile, Array(key.privatePEM.utf8))
            // The run's config: this server, that client, and the cache in the repo
            // (chef-client's local-mode-cache).
            var text = """
                chef_server_url \(rubyString(server.url))
                node_name \(rubyString(nodeName))
                client_key \(rubyString(keyFile))
                file_cache_path \(rubyString("\(root)/local-mode-cache/cache"))

                """
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
            try served.finish(writingBack: ["nodes", "clients", "data_bags"], runClient: nodeName)
        } catch {
            failure = failure ?? error
        }
        if let failure { throw failure }
    }
}
