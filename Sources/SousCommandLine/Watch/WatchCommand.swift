import ArgumentParser
import Glibc
import SousChefServer
import SousDrivers
import SousProvisioning
import SousSupport

/// `sous watch [-c CONFIG | -z] RECIPE [--verify] [-E ENV]`: runs the recipe, then waits
/// for changes under the chef-repo's cookbooks/, roles/, environments/, data_bags/ and
/// spec/. Each change uploads only what changed, converges again only the machines whose
/// run list uses a changed cookbook or role, runs the specs, and prints one line. Without a
/// Chef server (neither -c nor -z) it runs the recipe on this machine again (sous apply).
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Run a recipe, then again on every change: upload, converge what uses it, verify.")

    @Argument(help: "The recipe to run first (cluster.rb), and again when it changes.")
    var recipe: String

    @Option(name: [.customShort("c"), .customLong("config")], help: "The configuration file (knife.rb) of the Chef server.")
    var config: String?

    @Flag(name: [.customShort("z"), .customLong("local-mode")], help: "Work on this chef-repo served for each run (the recipe runs again on every change).")
    var localMode = false

    @Option(name: [.customShort("E"), .customLong("environment")], help: "The Chef environment of the recipe's run and of the specs.")
    var environment: String?

    @Flag(help: "Run the specs (sous verify) after each change.")
    var verify = false

    @Option(name: .customLong("spec"), help: "A spec file or folder for --verify (default: spec/); repeatable.")
    var specs: [String] = []

    func validate() throws {
        if localMode && config != nil { throw ValidationError("give either -c CONFIG or -z, not both") }
        guard FileSystem.kind(recipe) == .file else {
            throw ValidationError("\(recipe): no such recipe file (give the recipe to run, such as cookbooks/hello_cluster/recipes/cluster.rb)")
        }
    }

    func run() throws {
        let host = ProcessHost(digests: Digest.named)
        let root = host.currentDirectory()
        let recipePath = host.absolutePath(recipe)
        // Without -c or -z the recipe runs on this machine (sous apply), as a plain recipe.
        let configPath = config.map { host.absolutePath($0) }
        let loop = WatchLoop(root: root, recipe: recipePath, config: configPath, localMode: localMode, environment: environment,
                             verify: verify, specs: specs, host: host)
        WatchInterrupt.install()
        try loop.run()
    }
}

/// Ctrl-C ends the watch between two checks (a child running then is interrupted with it).
enum WatchInterrupt {
    nonisolated(unsafe) static var requested: sig_atomic_t = 0

    static func install() {
        signal(SIGINT) { _ in WatchInterrupt.requested = 1 }
        signal(SIGTERM) { _ in WatchInterrupt.requested = 1 }
    }
}

