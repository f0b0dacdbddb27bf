#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousSupport
import SousRun
import SousSSH

/// How a machine is converged once it is set up (`convergence_options: {strategy: ...}`):
/// `sous` (the default) installs this sous binary on the machine when its checksum differs
/// and runs `sous client -c client.rb` there; `chef-client` installs Chef with an install
/// script when the machine has none and one is configured, then runs `chef-client -c
/// client.rb`; `none` does nothing.
enum ConvergenceStrategy {
    case sous, chefClient, none

    static func named(_ name: String) throws -> ConvergenceStrategy {
        switch name {
        case "sous": return .sous
        case "chef-client", "chef_client": return .chefClient
        case "none": return .none
        default: throw ProvisioningError.unknownConvergenceStrategy(name)
        }
    }

    /// `serverURL` is the Chef server the machine's client.rb names; the client is pointed
    /// at it through a forwarded port when the machine cannot reach it directly (`-S`).
    func converge(machine: String, connection: MachineConnection, clientRB: String, serverURL: String, reporter: StageReporter,
                  options: JSON) throws {
        let timeout = options["chef_client_timeout"]?.intValue ?? 7200
        switch self {
        case .none:
            return
        case .sous:
            let remote = options["sous_path"]?.stringValue ?? "/usr/local/bin/sous"
            let binary = try FileSystem.read(SousInfo.executablePath)
            let checksum = Digest.sha256Hex(binary)
            let current = try connection.execute("sha256sum \(shellQuoted(remote)) 2>/dev/null").stdout.split(separator: " ").first.map(String.init)
            if current != checksum {
                try reporter.perform("install sous on \(machine) at \(remote)") { try connection.write(binary, to: remote, mode: 0o755) }
            }
            try runClient("\(shellQuoted(remote)) client -c \(shellQuoted(clientRB))", machine: machine, connection: connection,
                          serverURL: serverURL, reporter: reporter, timeout: timeout)
        case .chefClient:
            try installChefClientIfMissing(machine: machine, connection: connection, reporter: reporter, options: options, timeout: timeout)
            try runClient("chef-client -c \(shellQuoted(clientRB))", machine: machine, connection: connection,
                          serverURL: serverURL, reporter: reporter, timeout: timeout)
        }
    }

    /// chef-provisioning's install_sh: when `chef-client -v` fails on the machine and an
    /// `install_sh_url` is configured, the workstation fetches the script, uploads it to
    /// `install_sh_path` (default /tmp/chef-install.sh) and the machine runs it with bash.
    func installChefClientIfMissing(machine: String, connection: MachineConnection, reporter: StageReporter, options: JSON,
                                    timeout: Int) throws {
        guard try connection.execute("chef-client -v").exitStatus != 0 else { return }
        guard let url = options["install_sh_url"]?.stringValue else {
            throw ProvisioningError.chefClientMissing(machine: machine)
        }
        let path = options["install_sh_path"]?.stringValue ?? "/tmp/chef-install.sh"
        let arguments = options["install_sh_arguments"]?.stringValue.map { " " + $0 } ?? ""
        try reporter.perform("install chef-client on \(machine) with \(url)") {
            let response = try HTTPClient.request(url: url, timeout: 120)
            guard response.status == 200 else { throw ProvisioningError.installerFetchFailed(url: url, status: response.status) }
            try connection.write(response.body, to: path, mode: 0o755)
            try connection.run("bash \(shellQuoted(path))\(arguments)", timeout: timeout)
        }
    }

    /// Runs the client on the machine, its output streamed line by line. The converge counts
    /// as a change unless the client's closing line says it updated nothing (`Infra Phase
    /// complete, 0/8 resources updated`), so a cluster converged again is up to date.
    func runClient(_ command: String, machine: String, connection: MachineConnection, serverURL: String, reporter: StageReporter,
                   timeout: Int) throws {
        let description = "converge \(machine) (\(command))"
        if reporter.whyRun { return try reporter.perform(description) {} }
        let reachable = try connection.reachable(serverURL)
        let command = reachable == serverURL ? command : "\(command) -S \(shellQuoted(reachable))"
        var last: [String] = []
        let result = try connection.execute(command, timeout: timeout) { _, line in
            reporter.stream(line)
            last.append(line)
            if last.count > 10 { last.removeFirst() }
        }
        guard result.exitStatus == 0 else {
            throw ProvisioningError.convergeFailed(machine: machine, command: command, status: Int(result.exitStatus), lastLines: last)
        }
        if Self.updatedCount(in: last) == 0 {
            reporter.debug("machine \(machine): the converge changed nothing")
        } else {
            try reporter.perform(description) {}
        }
    }

    /// How many resources the client's closing line says it updated; nil without one.
    static func updatedCount(in lines: [String]) -> Int? {
        for line in lines.reversed() {
            guard line.contains(" resources updated") || line.contains(" resources would have been updated"),
                  let slash = line.firstIndex(of: "/") else { continue }
            let digits = line[..<slash].reversed().prefix { $0.isNumber }
            return Int(String(digits.reversed()))
        }
        return nil
    }
}
