#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import SousDrivers
import SousLanguage
import SousProvisioning
import SousSSH

/// `sous machine ...`: the machines a Chef server knows (from the specs provisioning
/// stored there), and a shell or command on one of them over SSH.
struct MachineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "machine",
        abstract: "List the machines on the Chef server, or run a shell or command on one.",
        subcommands: [MachineList.self, MachineSSH.self]
    )
}

/// `sous machine list`: name, driver, address and state of every machine.
struct MachineList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the machines and their state.")

    @OptionGroup var knife: KnifeOptions

    func run() throws {
        try KnifeSession.run(knife) { session in
            let machines = try MachineInventory.list(on: session.api)
            if knife.outputFormat == .json {
                session.output(.array(machines.map(\.json)))
                return
            }
            let rows = [["NAME", "DRIVER", "ADDRESS", "STATE"]] + machines.map { [$0.name, $0.driverURL, $0.address ?? "-", $0.state] }
            let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
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
            let connection = try MachineInventory.connect(name, server: session.api, drivers: BuiltInDrivers.registry())
            guard !command.isEmpty else {
                try Self.login(connection.ssh.target)
                return
            }
            let result = try connection.execute(command.joined(separator: " ")) { stream, line in
                if stream == .stdout {
                    session.print(line)
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
        throw ProvisioningError("cannot start ssh for an interactive shell (\(reason)); install OpenSSH's client "
            + "(apt-get install openssh-client), or give a command: sous machine ssh NAME COMMAND")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
