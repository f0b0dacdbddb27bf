#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousLanguage
import SousRun
import SousSSH

/// How a machine is converged once it is set up (`convergence_options: {strategy: ...}`):
/// `sous` (the default) installs this sous binary on the machine when its checksum differs
/// and runs `sous client -c client.rb` there; `chef-client` runs an install script if one
/// is configured, then `chef-client -c client.rb`; `none` does nothing.
enum ConvergenceStrategy {
    case sous, chefClient, none

    static func named(_ name: String) throws -> ConvergenceStrategy {
        switch name {
        case "sous": return .sous
        case "chef-client", "chef_client": return .chefClient
        case "none": return .none
        default: throw ProvisioningError("convergence strategy \(name.debugDescription) is not one of sous, chef-client, none")
        }
    }

    /// `serverURL` is the Chef server the machine's client.rb names; the client is pointed
    /// at it through a forwarded port when the machine cannot reach it directly (`-S`).
    func converge(machine: String, connection: MachineConnection, clientRB: String, serverURL: String, reporter: StageReporter,
                  host: Host, options: JSON) throws {
        let timeout = options["chef_client_timeout"]?.intValue ?? 7200
        switch self {
        case .none:
            return
        case .sous:
            let remote = options["sous_path"]?.stringValue ?? "/usr/local/bin/sous"
            let binary = try host.readFile(Self.ownExecutable())
            let checksum = Digest.sha256Hex(binary)
            let current = try connection.execute("sha256sum \(shellQuoted(remote)) 2>/dev/null").stdout.split(separator: " ").first.map(String.init)
            if current != checksum {
                try reporter.perform("install sous on \(machine) at \(remote)") { try connection.write(binary, to: remote, mode: 0o755) }
            }
            try runClient("\(shellQuoted(remote)) client -c \(shellQuoted(clientRB))", machine: machine, connection: connection,
                          serverURL: serverURL, reporter: reporter, timeout: timeout)
        case .chefClient:
            if let script = options["install_sh_path"]?.stringValue {
                let arguments = options["install_sh_arguments"]?.stringValue ?? ""
                try reporter.perform("run the install script on \(machine)") {
                    try connection.run("sh \(shellQuoted(script)) \(arguments)", timeout: timeout)
                }
            }
            try runClient("chef-client -c \(shellQuoted(clientRB))", machine: machine, connection: connection,
                          serverURL: serverURL, reporter: reporter, timeout: timeout)
        }
    }

    /// Runs the client on the machine, its output streamed line by line.
    func runClient(_ command: String, machine: String, connection: MachineConnection, serverURL: String, reporter: StageReporter,
                   timeout: Int) throws {
        try reporter.perform("converge \(machine) (\(command))") {
            let reachable = try connection.reachable(serverURL)
            let command = reachable == serverURL ? command : "\(command) -S \(shellQuoted(reachable))"
            var last: [String] = []
            let result = try connection.execute(command, timeout: timeout) { _, line in
                reporter.stream(line)
                last.append(line)
                if last.count > 10 { last.removeFirst() }
            }
            guard result.exitStatus == 0 else {
                throw ProvisioningError("the converge of \(machine) failed: `\(command)` exited \(result.exitStatus); its last lines:\n"
                    + last.map { "    " + $0 }.joined(separator: "\n"))
            }
        }
    }

    /// This running sous binary.
    static func ownExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(cString: buffer) : "/proc/self/exe"
    }
}
