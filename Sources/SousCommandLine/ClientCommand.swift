import ArgumentParser
import SousChefData
import SousChefServer
import SousDrivers
import SousSupport
import SousProvisioning
import SousRun

/// `sous client` (the default command): a chef-client run against the Chef server of the
/// config file. `sous -c .chef/knife.rb cluster.rb` runs cluster.rb as
/// `chef-client -c .chef/knife.rb cluster.rb` does.
struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Converge this node against the Chef server (like chef-client); the default command."
    )

    @Option(name: [.customShort("c"), .customLong("config")], help: "The configuration file (client.rb, knife.rb, config.rb).")
    var config: String?

    @Argument(help: "Recipe files to run instead of the node's run list.")
    var recipeFiles: [String] = []

    @Option(name: [.customShort("o"), .customLong("override-runlist")], help: "Run this run list ('recipe[a],role[b]') once; the node keeps its own.")
    var overrideRunList: String?

    @Option(name: [.customShort("j"), .customLong("json-attributes")], help: "A JSON file of attributes (and a run_list) for the node.")
    var jsonAttributes: String?

    @Option(name: [.customShort("N"), .customLong("node-name")], help: "The node's name (instead of node_name).")
    var nodeName: String?

    @Option(name: [.customShort("S"), .customLong("server")], help: "The Chef server's URL (instead of chef_server_url).")
    var server: String?

    @Option(name: [.customShort("E"), .customLong("environment")], help: "The node's environment.")
    var environment: String?

    @Flag(name: [.customShort("W"), .customLong("why-run")], help: "Change nothing; report what would change.")
    var whyRun = false

    @Option(name: [.customShort("l"), .customLong("log_level"), .customLong("log-level")],
            help: "Log level: debug, info, warn, error or fatal (default: the config's log_level, else warn).")
    var logLevel: String?

    @Option(name: [.customShort("L"), .customLong("logfile")], help: "Append logs to this file instead of stderr.")
    var logFile: String?

    @Option(name: .customLong("cookbook-path"), help: "A folder of cookbooks (repeatable; instead of cookbook_path).")
    var cookbookPaths: [String] = []

    @Flag(name: [.customShort("z"), .customLong("local-mode")],
          help: "Run against a Chef server started for this run from the chef-repo; what the run saves is written back there.")
    var localMode = false

    @Option(name: .customLong("chef-repo-path"), help: "The chef-repo of local mode (instead of chef_repo_path).")
    var chefRepoPath: String?

    func validate() throws {
        if let logLevel, LogLevel(name: logLevel) == nil {
            throw ValidationError("log level \(logLevel) is not one of debug, info, warn, error, fatal")
        }
        if overrideRunList != nil && !recipeFiles.isEmpty {
            throw ValidationError("give recipe files or -o RUN_LIST, not both")
        }
    }

    func run() throws {
        try RecipeProcess.run { interpreter, host in
            if localMode {
                try LocalMode.run(self, interpreter: interpreter, host: host)
                return
            }
            try ClientRun(options: runOptions(host: host), interpreter: interpreter, host: host).run()
        }
    }

    /// The run's options from the command line.
    func runOptions(host: ProcessHost) throws -> ClientRunOptions {
        do {
            var options = ClientRunOptions()
            options.configFile = config.map { host.absolutePath($0) }
            options.recipeFiles = recipeFiles.map { host.absolutePath($0) }
            options.overrideRunList = try overrideRunList.map { try RunListItem.parseList($0) }
            options.jsonAttributes = try jsonAttributes.map { try JSONFile.read(host.absolutePath($0), host: host) }
            options.nodeName = nodeName
            options.serverURL = server
            options.environment = environment
            options.whyRun = whyRun
            options.logLevel = logLevel.flatMap(LogLevel.init(name:))
            options.logFile = logFile.map { host.absolutePath($0) }
            options.cookbookPaths = cookbookPaths.map { host.absolutePath($0) }
            options.extensions = [Provisioning.runExtension(drivers: BuiltInDrivers.registry())]
            return options
        }
    }
}
