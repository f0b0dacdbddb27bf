#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import SousChefServer
import SousDrivers
import SousProvisioning
import SousSSH

/// `sous machine ...`: the machines a Chef server knows (from the specs provisioning
/// stored there), and a shell or command on one of them over SSH.
struct MachineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "machine",
        abstract: "List the machines on the Chef server, reach them, and (local driver) stop, start or break them.",
        subcommands: [MachineList.self, MachineSSH.self, MachineConverge.self, MachineStop.self, MachineStart.self, MachineKill.self, MachinePartition.self,
                      MachineHeal.self, MachineGC.self]
    )
}

/// `sous machine list`: name, driver, address, cloud instance id and state of every machine.
struct MachineList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the machines and their state.")

    @OptionGroup var knife: KnifeOptions

    func run() throws {
        try KnifeSession.run(knife) { session in
            let machines = try MachineInventory.list(on: session.api, drivers: BuiltInDrivers.registry(context: session.driverContext))
            if knife.outputFormat == .json {
                session.output(.array(machines.map(\.json)))
                return
            }
            let rows = [["NAME", "DRIVER", "ADDRESS", "INSTANCE", "STATE"]]
                + machines.map { [$0.name, $0.driverURL, $0.address ?? "-", $0.instanceID ?? "-", $0.state] }
            let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                session.print(zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                    .trimmingTrailingSpaces())
            }
        }
    }
}

/// `sous machine ssh NAME [COMMAND...]`: a command with its output and exit status, or
/// with no command an interactive shell (OpenSSH's `ssh`, given the machine's keys and
/// known_hosts so the recorded host key is checked).
struct MachineSSH: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ssh", abstract: "Open a shell on a machine, or run a command there.")

    @OptionGroup var knife: KnifeOptions

    @Argument(help: "The machine's name.")
    var name: String

    @Argument(parsing: .captureForPassthrough, help: "A command to run instead of a shell.")
    var command: [String] = []

    func run() throws {
        var status: Int32 = 0
        try KnifeSession.run(knife) { session in
            let connection = try MachineInventory.connect(name, server: session.api, drivers: BuiltInDrivers.registry(context: session.driverContext))
            guard !command.isEmpty else {
                try Self.login(connection.ssh.target)
                return
            }
            // Standard input goes to the command when it is a pipe or a file, as with ssh;
            // from a terminal the command gets an empty one (a shell needs no command).
            let input: SSHCommandInput = isatty(0) == 1 ? .none : .descriptor(0)
            let result = try connection.execute(command.joined(separator: " "), input: input) { stream, line in
                if stream == .stdout {
                    session.host.writeOutput(line + "\n")  // every line, blank ones too
                    session.host.flush()
                } else {
                    session.host.writeError(line + "\n")
                }
            }
            status = result.exitSignal == nil ? result.exitStatus : 255
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Replaces this process with `ssh`.
    static func login(_ target: SSHTarget) throws {
        let arguments = ["ssh"] + target.openSSHArguments
        var pointers = arguments.map { strdup($0) } + [nil]
        execvp("ssh", &pointers)
        let reason = String(cString: strerror(errno))
        throw CommandFailure("cannot start ssh for an interactive shell (\(reason)); install OpenSSH's client "
            + "(apt-get install openssh-client), or give a command: sous machine ssh NAME COMMAND")
    }
}

/// A machine's stage or fault run from the command line: each change printed as `- ...`.
final class CommandLineReporter: StageReporter {
    let session: KnifeSession
    private(set) var changed = false
    var whyRun: Bool { false }

    init(_ session: KnifeSession) {
        self.session = session
    }

    func perform(_ descriptions: [String], _ body: () throws -> Void) throws {
        try body()
        changed = true
        descriptions.forEach { session.print("- " + $0) }
    }

    func stream(_ line: String) { session.print(line) }
    func warn(_ message: String) { session.host.writeError("WARN: \(message)\n") }
    func debug(_ message: String) {}
}

/// What the one-machine commands share: the machine's spec and driver from the server.
struct MachineAction {
    static func run(_ knife: KnifeOptions, _ name: String,
                    _ body: (MachineSpec, Driver, CommandLineReporter) throws -> Void) throws {
        try KnifeSession.run(knife) { session in
            let (spec, driver) = try MachineInventory.machine(name, server: session.api, drivers: BuiltInDrivers.registry(context: session.driverContext))
            let reporter = CommandLineReporter(session)
            try body(spec, driver, reporter)
            if !reporter.changed { session.print("machine \(name): nothing to do") }
        }
    }

    static func faults(_ driver: Driver, _ name: String) throws -> FaultInjecting {
        guard let faults = driver as? FaultInjecting else {
            throw ProvisioningError.cannotInjectFaults(machine: name, driver: driver.url)
        }
        return faults
    }
}

struct MachineStop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop a machine: its processes end, its files stay.")
    @OptionGroup var knife: KnifeOptions
    @Argument(help: "The machine's name.") var name: String

    func run() throws {
        try MachineAction.run(knife, name) { spec, driver, reporter in try driver.stop(spec, options: .object([]), reporter: reporter) }
    }
}

struct MachineStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a stopped machine and wait until it answers on SSH.")
    @OptionGroup var knife: KnifeOptions
    @Argument(help: "The machine's name.") var name: String

    func run() throws {
        try MachineAction.run(knife, name) { spec, driver, reporter in _ = try driver.ready(spec, options: .object([]), reporter: reporter) }
    }
}

struct MachineConverge: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "converge",
                                                    abstract: "Run the machine's client again (sous client with its client.rb).")
    @OptionGroup var knife: KnifeOptions
    @Argument(help: "The machine's name.") var name: String

    func run() throws {
        try KnifeSession.run(knife) { session in
            let reporter = CommandLineReporter(session)
            try MachineInventory.converge(name, server: session.api, drivers: BuiltInDrivers.registry(context: session.driverContext), reporter: reporter)
            if !reporter.changed { session.print("machine \(name): nothing to do") }
        }
    }
}

struct MachineKill: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Kill every process of a machine at once (connections are refused).")
    @OptionGroup var knife: KnifeOptions
    @Argument(help: "The machine's name.") var name: String

    func run() throws {
        try MachineAction.run(knife, name) { spec, driver, reporter in try MachineAction.faults(driver, name).kill(spec, reporter: reporter) }
    }
}

struct MachinePartition: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "partition", abstract: "Cut a machine's network link (connections time out).")
    @OptionGroup var knife: KnifeOptions
    @Argument(help: "The machine's name.") var name: String

    func run() throws {
        try MachineAction.run(knife, name) { spec, driver, reporter in try MachineAction.faults(driver, name).partition(spec, reporter: reporter) }
    }
}

struct MachineHeal: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "heal", abstract: "Restore a partitioned machine's network link.")
    @OptionGroup var knife: KnifeOptions
    @Argument(help: "The machine's name.") var name: String

    func run() throws {
        try MachineAction.run(knife, name) { spec, driver, reporter in try MachineAction.faults(driver, name).heal(spec, reporter: reporter) }
    }
}

/// `sous machine gc [--yes] [--server-gone URL] [--driver URL]`: what drivers made that no
/// spec on this Chef server knows, listed, and removed with --yes. The local driver's
/// namespaces, links, processes and state folders: machines recorded for another server are
/// kept, unless that server is named with --server-gone and is found gone (nothing accepts
/// connections at its URL). The aws driver's instances tagged for this server that no spec
/// claims, looked for through every aws driver URL the specs name (or --driver's).
struct MachineGC: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gc", abstract: "Find (and with --yes remove) machines no spec knows.")
    @OptionGroup var knife: KnifeOptions

    @Option(name: .customLong("server-gone"),
            help: "The URL of a Chef server that no longer exists: its machines count as orphans (checked: nothing may answer there).")
    var goneServers: [String] = []

    @Option(name: .customLong("driver"),
            help: "Sweep only what this driver made: local (every local cluster) or an aws URL (aws::REGION); repeatable. Default: local, and every aws driver the specs name.")
    var drivers: [String] = []

    func run() throws {
        func isLocal(_ url: String) -> Bool { url == "local" || url.hasPrefix("local:") }
        for url in drivers where !isLocal(url) && AWSDriverURL(url) == nil {
            throw UsageError("--driver \(url): gc sweeps what the local and aws drivers make (an ssh host is never made by sous)")
        }
        try KnifeSession.run(knife) { session in
            for url in goneServers { try Self.requireGone(url, session: session) }
            let machines = try MachineInventory.list(on: session.api)
            let awsURLs = drivers.isEmpty ? Array(Set(machines.map(\.driverURL).filter { AWSDriverURL($0) != nil })).sorted()
                                          : drivers.filter { AWSDriverURL($0) != nil }
            var orphans: [(description: String, remove: () throws -> Void)] = []
            if drivers.isEmpty || drivers.contains(where: isLocal) {
                let sweep = try LocalSweep(serverURL: session.api.baseURL, known: machines.map { ($0.driverURL, $0.name) }, goneServers: goneServers)
                for kept in sweep.kept { session.print("kept \(kept)") }
                orphans += sweep.orphans.map { ($0.description, $0.remove) }
            }
            for url in awsURLs {
                let sweep = try EC2Sweep(serverURL: session.api.baseURL, machines: machines, driver: try AWSDriver(url: url))
                orphans += sweep.orphans.map { ($0.description, $0.remove) }
            }
            guard !orphans.isEmpty else {
                session.print("nothing to collect: every machine the drivers made is known to a spec at \(session.api.baseURL)")
                return
            }
            for orphan in orphans { session.print("orphan \(orphan.description)") }
            guard knife.yes else {
                session.print("run again with --yes to remove \(orphans.count == 1 ? "it" : "them")")
                return
            }
            for orphan in orphans {
                try orphan.remove()
                session.print("- removed \(orphan.description)")
            }
        }
    }

    /// A server is gone when its host does not resolve or refuses the connection; anything
    /// that answers, or might (a timeout), is a live server whose machines stay.
    static func requireGone(_ url: String, session: KnifeSession) throws {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw UsageError("--server-gone \(url) is not an http:// or https:// URL")
        }
        if ChefServerURL.same(url, session.api.baseURL) {
            throw UsageError("--server-gone \(url) is the Chef server this command talks to")
        }
        do {
            let response = try HTTPConnection(tls: TLSOptions(verifyPeer: false)).send("GET", url: url, timeout: 5)
            throw CommandFailure("the Chef server at \(url) is not gone: it answered \(response.status); "
                + "sous removes machines only of a server that no longer answers")
        } catch let failure as HTTPFailure {
            guard failure.isGone else {
                throw CommandFailure("cannot tell that the Chef server at \(url) is gone (\(failure.reason)); its machines stay")
            }
        }
    }
}

extension KnifeSession {
    /// What drivers must know of this session's config (its key files, kept from machines).
    var driverContext: DriverContext {
        DriverContext(secretFiles: [config.clientKey, config.validationKey].compactMap { $0 })
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
