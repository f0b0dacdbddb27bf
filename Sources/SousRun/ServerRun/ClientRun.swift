#if canImport(Glibc)
import Glibc
#endif
import SousChefData
import SousChefServer
import SousLanguage
import SousSupport

/// What `sous client` is asked to do, in chef-client's terms.
public struct ClientRunOptions {
    public var configFile: String?
    /// Recipe files given on the command line: run instead of the node's run list.
    public var recipeFiles: [String] = []
    /// `-o`: this run's run list; the node's own is kept on the server.
    public var overrideRunList: [String]?
    /// `-j`: attributes (normal level), and a `run_list` that replaces the node's.
    public var jsonAttributes: JSON?
    public var nodeName: String?
    /// `-S`: the Chef server's URL, instead of the config's `chef_server_url`.
    public var serverURL: String?
    public var environment: String?
    public var whyRun = false
    /// `-l`; nil takes the config's `log_level`, else warn.
    public var logLevel: LogLevel?
    public var logFile: String?
    public var cookbookPaths: [String] = []
    /// What layers above the run add (provisioning's resources).
    public var extensions: [RunExtension] = []

    public init() {}
}

/// One chef-client run against a Chef server: load the config, find or create the node,
/// expand its run list (roles and environment from the server), compile and converge,
/// then save the node.
public final class ClientRun {
    public let options: ClientRunOptions
    let interpreter: Interpreter
    let host: Host
    let say: (String) -> Void

    public init(options: ClientRunOptions, interpreter: Interpreter, host: Host) {
        self.options = options
        self.interpreter = interpreter
        self.host = host
        self.say = { host.writeOutput($0 + "\n") }
    }

    public func run() throws {
        let configFile = options.configFile ?? ChefConfig.locate(host: host)
        let config = try ChefConfig.load(path: configFile, interpreter: interpreter,
                                         commandLine: (options.serverURL.map { [("chef_server_url", $0)] } ?? [])
                                            + (options.environment.map { [("environment", $0)] } ?? []))
        let logger = makeLogger(config: config)
        if configFile == nil { logger.warn("No config file found or specified on command line. Using command line options instead.") }
        for key in config.unusedKeys { logger.debug("\(configFile ?? "config"): \(key) is set; sous does not use it") }

        let name = options.nodeName ?? config.nodeName ?? Ohai.hostname
        try registerIfNeeded(name: name, config: config, logger: logger)
        let server = try config.makeClient(name: name)
        if logger.level == .debug { server.trace = { [logger] in logger.debug($0) } }
        say("Starting sous client, version \(SousInfo.version)")

        let node = try ChefNode(named: name, in: interpreter)
        try Ohai.collect(into: node, interpreter: interpreter)
        if let stored = try findOrCreateNode(name, server: server, config: config, logger: logger) {
            try node.adopt(serverDocument: stored)
        }
        try applyCommandLineAttributes(to: node, config: config)
        try applyEnvironment(of: node, server: server)

        let formatter = DocFormatter.onStandardOutput(of: host)
        var paths = options.cookbookPaths.isEmpty ? config.cookbookPaths : options.cookbookPaths
        var expansion: ExpandedRunList?
        var synced: [CookbookSync.Version] = []
        if options.recipeFiles.isEmpty {
            let runList = try options.overrideRunList ?? node.runList
            say("resolving cookbooks for run list: [\(runList.map { "\"\($0)\"" }.joined(separator: ", "))]")
            if runList.isEmpty { logger.warn("Node \(name) has an empty run list.") }
            let expanded = try RunListExpansion.expand(runList, environment: try node.environment, server: server)
            expansion = expanded
            // With no cookbook path given, the cookbooks come from the server, as chef-client's do.
            if paths.isEmpty {
                let cache = (config.fileCachePath ?? (getuid() == 0 ? "/var/chef/cache" : host.homeDirectory() + "/.chef/cache")) + "/cookbooks"
                let outcome = try CookbookSync(server: server, cacheRoot: cache, logger: logger)
                    .sync(recipes: expanded.recipes, environment: try node.environment)
                say("Synchronizing cookbooks:")
                for version in outcome.versions { say("  - \(version.name) (\(version.version))") }
                synced = outcome.versions
                paths = [cache]
            }
        }
        let run = try RunContext(interpreter: interpreter, node: node, extensions: options.extensions, cookbooks: CookbookCollection(paths: paths),
                                 events: formatter, logger: logger, whyRun: options.whyRun, config: config, server: server)
        if let backup = config.fileBackupPath { run.fileBackupPath = backup }

        try run.servingLocalRepositories {
            if !options.recipeFiles.isEmpty {
                say("Compiling cookbooks...")
                for file in options.recipeFiles { try run.compileRecipeFile(file) }
            } else if let expanded = expansion {
                try node.merge(expanded.roleDefault, at: .roleDefault)
                try node.merge(expanded.roleOverride, at: .roleOverride)
                try node.set(["roles"], to: interpreter.makeArray(expanded.roles.map { interpreter.makeString($0) }), at: .automatic)
                try node.set(["recipes"], to: interpreter.makeArray(expanded.recipes.map { interpreter.makeString($0) }), at: .automatic)
                // As chef-client records them: the cookbook versions this node converged
                // (what promotion checks an environment's nodes against).
                if !synced.isEmpty {
                    let cookbooks = interpreter.makeHash(synced.map { version in
                        (interpreter.makeString(version.name), interpreter.makeHash([(interpreter.makeString("version"), interpreter.makeString(version.version))]))
                    })
                    try node.set(["cookbooks"], to: cookbooks, at: .automatic)
                }
                say("Compiling cookbooks...")
                try run.compileRunList(expanded.recipes)
            }
            try Converger(run: run).converge()

            if options.whyRun {
                logger.info("Skipping final node save in why-run mode")
            } else if options.overrideRunList != nil {
                say("Skipping final node save because override_runlist was given")
            } else {
                try server.save(.node, name, try node.serverDocument())
            }
        }
    }

    /// Registration as chef-client does it: with no key at `client_key` but a validation
    /// key, make a key pair here, register its public half as client `name` (signed as the
    /// validator; an existing client gets the new key), and write the private half mode 0600.
    func registerIfNeeded(name: String, config: ChefConfig, logger: Logger) throws {
        guard config.clientKeyContents == nil, let keyPath = config.clientKey, FileSystem.kind(keyPath) == nil,
              FileSystem.kind(config.validationKey) == .file else { return }
        logger.info("Client key \(keyPath) is not present - registering \(name) as a client, signed as \(config.validationClientName)")
        let validator = try config.makeClient(name: config.validationClientName, keyPath: config.validationKey)
        let key = try RSAPrivateKey.generate()
        do {
            _ = try validator.createClient(name: name, publicKey: key.publicPEM)
        } catch let error as ChefServerError where error.isConflict {
            try validator.put("clients/\(ChefServerClient.escape(name))",
                              .object([("name", .string(name)), ("admin", .bool(false)), ("public_key", .string(key.publicPEM))]))
        }
        try FileSystem.writeSecret(keyPath, Array(key.privatePEM.utf8))
    }

    /// The stored node, or a new one created now (Chef's find_or_create); nil when there
    /// is none and this is why-run. Another run creating it at the same moment is fine.
    func findOrCreateNode(_ name: String, server: ChefServerClient, config: ChefConfig, logger: Logger) throws -> JSON? {
        if let stored = try server.fetch(.node, name) { return stored }
        guard !options.whyRun else { return nil }
        do {
            try server.post(ChefObjectKind.node.rawValue, NodeDocument.make(name: name, environment: options.environment ?? config.environment ?? "_default"))
            logger.info("Created node[\(name)] on \(server.baseURL)")
            return nil
        } catch let error as ChefServerError where error.isConflict {
            return try server.fetch(.node, name)
        }
    }

    /// `-E` and `-j`: the environment, attributes at the normal level, and a `run_list`
    /// that replaces the node's.
    func applyCommandLineAttributes(to node: ChefNode, config: ChefConfig) throws {
        if let environment = options.environment ?? config.environment {
            _ = try interpreter.callMethod(node.value, "chef_environment=", Args([interpreter.makeString(environment)]))
        }
        guard let json = options.jsonAttributes else { return }
        guard case .object(let pairs) = json else {
            throw ConfigError(file: nil, message: "the -j file must hold a JSON object of attributes")
        }
        if let runList = json["run_list"]?.arrayValue {
            try node.setRunList(try runList.compactMap(\.stringValue).map(RunListItem.normalize))
        }
        try node.merge(.object(pairs.filter { $0.0 != "run_list" }), at: .normal)
    }

    /// The environment's attributes, from the server (`_default` has none).
    func applyEnvironment(of node: ChefNode, server: ChefServerClient) throws {
        let environment = try node.environment
        guard environment != "_default" else { return }
        guard let document = try server.fetch(.environment, environment) else {
            throw RunListExpansionError(description: "node \(try node.name) is in environment \(environment), which does not exist on \(server.baseURL)")
        }
        try node.merge(document["default_attributes"] ?? .object([]), at: .envDefault)
        try node.merge(document["override_attributes"] ?? .object([]), at: .envOverride)
    }

    /// Logs go to `-L FILE` (appended) or stderr, at `-l`, else the config's `log_level`.
    func makeLogger(config: ChefConfig) -> Logger {
        let level = options.logLevel ?? config.logLevel.flatMap(LogLevel.init(name:)) ?? .warn
        // Where logs go, as chef-client decides: -L FILE, else the config's log_location
        // (STDOUT, STDERR or a file), else standard error.
        let write: (String) -> Void
        switch options.logFile ?? config.logLocation {
        case "STDOUT", ":STDOUT":
            write = { [host] in host.writeOutput($0) }
        case nil, "STDERR", ":STDERR":
            write = { [host] in host.writeError($0) }
        case let file?:
            write = { [host] text in
                do { try FileSystem.append(file, Array(text.utf8)) } catch { host.writeError(text) }
            }
        }
        return Logger(level: level, clock: { [host] in host.now() }, write: write)
    }
}
