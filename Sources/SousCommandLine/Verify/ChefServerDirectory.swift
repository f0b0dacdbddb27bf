import Glibc
import SousChefServer
import SousDrivers
import SousProvisioning
import SousRun
import SousSupport
import SousVerify

/// The servers of `sous verify -c CONFIG` (or `-z`): a spec's `server(:web1)` is the node
/// `web1` on that Chef server (`ENV-web1` first with `-E ENV`), at its machine's address or
/// else its `ipaddress`; commands and faults go through its machine's driver. Connected on
/// first use, so that specs without servers need no Chef server.
final class ChefServerDirectory: ServerDirectory {
    private let options: KnifeOptions
    let environment: String?
    private let host: ProcessHost
    private var opened: KnifeSession?
    /// Per faulted machine, the watcher that restores it if sous dies first.
    private var watchers: [String: Int32] = [:]

    init(options: KnifeOptions, environment: String?, host: ProcessHost) {
        self.options = options
        self.environment = environment
        self.host = host
    }

    private func session() throws -> KnifeSession {
        if let opened { return opened }
        do {
            let session = try KnifeSession(options: options, host: host)
            opened = session
            return session
        } catch {
            throw SpecsCannotRun(reason: "the specs name servers of the Chef server, and \(Self.configName(options, host)) cannot be used: \(error)")
        }
    }

    private static func configName(_ options: KnifeOptions, _ host: ProcessHost) -> String {
        if options.localMode { return "this chef-repo (-z)" }
        return options.config ?? ChefConfig.locate(host: host) ?? "the config"
    }

    /// A node, or nil when the server has none by that name; a server that cannot be
    /// asked ends the run (exit 2): no example could pass.
    private func fetchNode(_ name: String, _ session: KnifeSession) throws -> JSON? {
        do {
            return try session.api.fetch(.node, name)
        } catch {
            throw SpecsCannotRun(reason: "the Chef server \(session.api.baseURL) did not answer for node \(name): \(error)")
        }
    }

    /// Ends -z's local server (and writes back what changed); called when the run ends.
    func finish() {
        for (_, pid) in watchers { kill(pid, SIGTERM) }
        watchers = [:]
        try? opened?.endLocalMode()
    }

    /// `sous verify -E ENV`: the outcome stored for `sous promote`.
    func record(environment: String, suite: SuiteResult, specFiles: [String]) throws {
        try VerificationRecord.save(environment: environment, suite: suite, specFiles: specFiles, session: session())
    }

    private func drivers(_ session: KnifeSession) -> DriverRegistry {
        BuiltInDrivers.registry(context: session.driverContext)
    }

    /// The node a server names: `ENV-NAME` in the environment given with -E, else `NAME`.
    private func node(_ server: ServerReference) throws -> (name: String, node: JSON) {
        let session = try session()
        var names = [server.name]
        if let environment { names.insert("\(environment)-\(server.name)", at: 0) }
        for name in names {
            guard let node = try fetchNode(name, session) else { continue }
            if let environment, let theirs = node["chef_environment"]?.stringValue, theirs != environment, name == server.name {
                throw VerifyError("server(:\(server.name)): node \(name) is in environment \(theirs), not \(environment)")
            }
            return (name, node)
        }
        throw VerifyError("server(:\(server.name)): no node \(names.joined(separator: " or ")) on the Chef server \(session.api.baseURL)"
            + " (bring the cluster up first, or define the server with Infrataster::Server.define)")
    }

    func address(of server: ServerReference) throws -> String {
        if let address = server.address { return address }
        let (name, node) = try node(server)
        if let address = MachineSummary(name: name, node: node).address { return address }
        if let address = node["automatic"]?["ipaddress"]?.stringValue { return address }
        throw VerifyError("server(:\(server.name)): node \(name) has no address yet (neither a machine's nor an ipaddress): has it converged?")
    }

    private func machine(_ server: ServerReference) throws -> (MachineSpec, Driver) {
        let session = try session()
        let (name, _) = try node(server)
        return try MachineInventory.machine(name, server: session.api, drivers: drivers(session))
    }

    func run(_ command: String, on server: ServerReference) throws -> CommandOutcome {
        if server.address != nil {
            throw VerifyError("command on server(:\(server.name)): sous verify runs commands on the Chef server's machines; "
                + "\(server.name) was defined with an address of its own")
        }
        let (spec, driver) = try machine(server)
        let connection = try driver.connect(spec, options: .object([]))
        let result = try connection.execute(command, timeout: 300)
        return CommandOutcome(stdout: result.stdout, stderr: result.stderr, status: Int(result.exitStatus))
    }

    func inject(_ fault: FaultKind, into server: ServerReference) throws {
        let (spec, driver) = try machine(server)
        let reporter = QuietReporter(host)
        switch fault {
        case .stop: try driver.stop(spec, options: .object([]), reporter: reporter)
        case .kill, .partition:
            guard let faults = driver as? FaultInjecting else {
                throw VerifyError("fault(:\(fault.rawValue), server(:\(server.name))): its driver \(driver.url) cannot \(fault.rawValue) a machine")
            }
            if fault == .kill { try faults.kill(spec, reporter: reporter) } else { try faults.partition(spec, reporter: reporter) }
        }
        watchRestore(fault, spec.name)
    }

    func restore(_ fault: FaultKind, of server: ServerReference) throws {
        let (spec, driver) = try machine(server)
        if let watcher = watchers.removeValue(forKey: spec.name) { kill(watcher, SIGTERM) }
        let reporter = QuietReporter(host)
        switch fault {
        case .kill, .stop: _ = try driver.ready(spec, options: .object([]), reporter: reporter)
        case .partition:
            guard let faults = driver as? FaultInjecting else { return }
            try faults.heal(spec, reporter: reporter)
            _ = try driver.ready(spec, options: .object([]), reporter: reporter)
        }
    }

    /// A watcher that restores the machine with `sous machine start|heal` if this process
    /// ends before `restore` (Ctrl-C, a kill): a broken machine is never left behind. Not
    /// with -z, whose Chef server ends with this process.
    private func watchRestore(_ fault: FaultKind, _ machine: String) {
        guard !options.localMode, let config = options.config.map({ host.absolutePath($0) }) ?? ChefConfig.locate(host: host) else { return }
        let binary = SousInfo.executablePath
        let action = fault == .partition ? "heal" : "start"
        let restore = [binary, "machine", action, machine, "-c", config].map(shellQuoted).joined(separator: " ")
        // In a session of its own, so that a Ctrl-C sent to the terminal's process group
        // ends sous and not its watcher.
        let watch = "tail --pid=\(getpid()) -f /dev/null; exec \(restore)"
        let script = """
            setsid sh -c \(shellQuoted(watch)) </dev/null >/dev/null 2>&1 &
            echo $!
            """
        do {
            let started = try CommandRunner.run(.shell(script))
            guard let pid = Int32(started.output.filter { !$0.isWhitespace }) else { throw VerifyError(started.errorOutput) }
            watchers[machine] = pid
        } catch {
            host.writeError("WARN: nothing will restore machine \(machine) if sous verify is interrupted (its watcher did not start: \(error)); "
                + "if it is, run sous machine \(action) \(machine) -c \(config)\n")
        }
    }
}

/// Drivers' progress lines are not the spec report's: only warnings are shown (on stderr).
final class QuietReporter: StageReporter {
    private let host: ProcessHost
    private(set) var changed = false
    var whyRun: Bool { false }

    init(_ host: ProcessHost) { self.host = host }

    func perform(_ descriptions: [String], _ body: () throws -> Void) throws {
        try body()
        changed = true
    }

    func stream(_ line: String) {}
    func warn(_ message: String) { host.writeError("WARN: \(message)\n") }
    func debug(_ message: String) {}
}

/// The specs cannot run at all (their Chef server is unreachable): sous verify exits 2.
struct SpecsCannotRun: UserFacingError {
    let reason: String
    var description: String { reason }
}
