import ArgumentParser
import SousChefServer
import SousRun
import SousLanguage
import SousSupport

/// The options every knife command takes, with knife's names.
struct KnifeOptions: ParsableArguments {
    @Option(name: [.customShort("c"), .customLong("config")], help: "The configuration file (knife.rb, config.rb).")
    var config: String?

    @Option(name: [.customShort("F"), .customLong("format")], help: "Output format: summary, text or json.")
    var format: String = "summary"

    @Option(name: [.customShort("s"), .customLong("server-url")], help: "The Chef server URL (instead of chef_server_url).")
    var serverURL: String?

    @Option(name: [.customShort("u"), .customLong("user")], help: "The API client or user to sign as (instead of node_name).")
    var user: String?

    @Option(name: [.customShort("k"), .customLong("key")], help: "The key file to sign with (instead of client_key).")
    var key: String?

    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Say yes to every confirmation question.")
    var yes = false

    @Flag(name: [.customShort("V"), .customLong("verbose")], help: "More output: -V says what was done, -VV every request.")
    var verbose: Int

    @Flag(name: [.customShort("z"), .customLong("local-mode")],
          help: "Work on the chef-repo through a Chef server started for this command; changes are written back.")
    var localMode = false

    func validate() throws {
        guard OutputFormat(name: format) != nil else {
            throw ValidationError("format \(format) is not one of summary, text, json")
        }
    }

    var outputFormat: OutputFormat { OutputFormat(name: format) ?? .summary }
}

/// knife's output formats (`-F`); `summary` and `text` print the same for most objects.
enum OutputFormat {
    case summary, text, json

    init?(name: String) {
        switch name {
        case "summary", "s": self = .summary
        case "text", "t": self = .text
        case "json", "j": self = .json
        default: return nil
        }
    }
}

/// What a knife command works with: the loaded config, a signed client for its server, and
/// the terminal.
final class KnifeSession {
    let host: ProcessHost
    let config: ChefConfig
    let api: ChefServerClient
    let options: KnifeOptions
    /// The Ruby world the config was read in; cookbook metadata.rb files are read here too.
    let interpreter: Interpreter
    /// With -z: the chef-repo served for this command.
    let localRepository: LocalRepositoryServer?

    init(options: KnifeOptions, host: ProcessHost) throws {
        self.host = host
        self.options = options
        interpreter = Interpreter(host: host)
        let file = options.config.map { host.absolutePath($0) } ?? ChefConfig.locate(host: host)
        var config = try ChefConfig.load(path: file, interpreter: interpreter)
        if let serverURL = options.serverURL { config.chefServerURL = serverURL }
        if let user = options.user { config.nodeName = user }
        if let key = options.key { config.clientKey = host.absolutePath(key) }
        if options.localMode {
            let root = LocalRepositoryServer.repositoryRoot(given: nil, config: config, start: host.currentDirectory(), host: host)
            let served = try LocalRepositoryServer.start(root: root, interpreter: interpreter,
                                                         warn: { [host] in host.writeError("WARNING: \($0)\n") })
            config.chefServerURL = served.server.url
            api = served.api
            localRepository = served
        } else {
            api = try config.makeClient()
            localRepository = nil
        }
        self.config = config
        if options.verbose >= 2 { api.trace = { [host] in host.writeError("DEBUG: \($0)\n") } }
    }

    /// With -z: what the command changed written back into the chef-repo (objects, not
    /// cookbooks), then the server stopped, whether the command succeeded or not.
    func endLocalMode() throws {
        try localRepository?.finish(writingBack: ["nodes", "clients", "roles", "environments", "data_bags"])
    }

    /// A line for -V: what was done, beyond knife's own output.
    func trace(_ text: String) {
        if options.verbose >= 1 { host.writeError("INFO: \(text)\n") }
    }

    /// Runs a knife command: every error goes through `ErrorReporter`, and the exit code
    /// follows.
    static func run(_ options: KnifeOptions, _ body: (KnifeSession) throws -> Void) throws {
        let host = ProcessHost(digests: Digest.named)
        do {
            let session = try KnifeSession(options: options, host: host)
            var failure: Error?
            do { try body(session) } catch { failure = error }
            do { try session.endLocalMode() } catch { failure = failure ?? error }
            if let failure { throw failure }
            host.flush()
        } catch let exit as ExitCode {
            host.flush()
            throw exit
        } catch {
            host.flush()
            let report = ErrorReporter.report(error, interpreter: nil, source: nil)
            host.writeError(report.text)
            host.flush()
            throw ExitCode(report.exitCode)
        }
    }

    /// Writes text exactly as given.
    func write(_ text: String) {
        host.writeOutput(text)
    }

    /// Writes a line (adding the newline unless the text ends with one, as `puts` does).
    func print(_ text: String) {
        host.writeOutput(text.hasSuffix("\n") || text.isEmpty ? text : text + "\n")
    }

    /// Prints an object as `-F` asks: pretty JSON, or knife's text layout.
    func output(_ value: JSON) {
        switch options.outputFormat {
        case .json: print(value.rendered(pretty: true))
        case .summary, .text: print(KnifeText.render(value))
        }
    }

    /// A list of names: one per line, or a JSON array with `-F json`.
    func outputList(_ names: [String]) {
        if options.outputFormat == .json {
            output(.array(names.map { .string($0) }))
        } else {
            names.forEach { print($0) }
        }
    }

    /// knife's confirmation: yes with `-y`, else asks on the terminal; "no" ends the command
    /// with exit status 3, as knife does.
    func confirm(_ question: String) throws {
        if options.yes { return }
        host.writeOutput("\(question)? (Y/N) ")
        host.flush()
        let answer = readLine()?.lowercased() ?? ""
        guard answer == "y" || answer == "yes" else {
            print("You said no, so I'm done here.")
            throw ExitCode(3)
        }
    }

    /// Reads a JSON file given on the command line.
    func readJSON(_ path: String) throws -> JSON {
        try JSONFile.read(host.absolutePath(path), host: host)
    }
}
