#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousSupport
import SousProvisioning
import SousRun
import SousSSH

/// The `ssh` driver: machines that already exist, reached over SSH with
/// chef-provisioning-ssh's machine options (`transport_options`: `ip_address`/`host`/
/// `hostname`, `username`, `port`, `ssh_options` with `keys`, `keys_only`,
/// `user_known_hosts_file`, `password`, `timeout`, `verify_host_key`; `options` with
/// `prefix`). It never creates nor destroys a host: destroy forgets the machine (its node
/// and client go) and leaves the host alone.
public final class SSHDriver: Driver {
    public let url: String
    public static let version = "sous-ssh-1"

    public init(url: String) {
        self.url = url
    }

    public func allocate(_ spec: MachineSpec, options: JSON, reporter: StageReporter, save: () throws -> Void) throws {
        let target = try SSHDriver.target(for: spec.name, options: options)
        if let reference = spec.reference, reference["host"]?.stringValue == target.host { return }
        try reporter.perform("allocate machine \(spec.name) at \(target.user)@\(target.host):\(target.port) (an existing host)") {
            spec.record(driverURL: url, reference: .object([
                ("driver_url", .string(url)), ("driver_version", .string(SSHDriver.version)), ("target_name", .string(spec.name)),
                ("allocated_at", .string(CivilTime(seconds: Double(time(nil)), offset: 0).iso8601 + "Z")),
                ("host", .string(target.host)), ("machine_options", SSHDriver.withoutSecrets(options)),
            ]))
        }
    }

    public func ready(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws -> MachineConnection? {
        let timeout = options["ready_timeout"]?.intValue ?? 120
        return try SSHDriver.connectWhenReady(spec.name, options: options, timeout: timeout)
    }

    public func connect(_ spec: MachineSpec, options: JSON) throws -> MachineConnection {
        let options = MachineOptions.merge([options, spec.reference?["machine_options"] ?? .object([])])
        let target = try SSHDriver.target(for: spec.name, options: options)
        return MachineConnection(ssh: try SSHConnection(target), prefix: SSHDriver.prefix(options))
    }

    public func stop(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws {
        reporter.warn("machine \(spec.name) is an existing host (ssh driver): sous does not stop it")
    }

    public func destroy(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws {
        // Nothing on the host: the machine's node and client are removed by the caller.
    }

    /// Polls until SSH answers, with backoff (0.25 s doubling to 5 s) up to `timeout`
    /// seconds; a refused login or host key fails at once.
    static func connectWhenReady(_ name: String, options: JSON, timeout: Int) throws -> MachineConnection {
        let target = try self.target(for: name, options: options)
        return try Readiness.connect(name, timeout: timeout, firstDelay: 0.25, maxDelay: 5) {
            MachineConnection(ssh: try SSHConnection(target), prefix: prefix(options))
        }
    }

    /// The SSH target from `transport_options` (string and symbol keys alike).
    static func target(for name: String, options: JSON) throws -> SSHTarget {
        let home = homeDirectory
        let transport = options["transport_options"] ?? .object([])
        guard let host = transport["ip_address"]?.stringValue ?? transport["host"]?.stringValue ?? transport["hostname"]?.stringValue else {
            throw ProvisioningError.noHost(machine: name)
        }
        let ssh = transport["ssh_options"] ?? .object([])
        var credentials: [SSHCredential] = (ssh["keys"]?.arrayValue ?? []).compactMap(\.stringValue).map { .keyFile(expand($0, home: home)) }
        for (index, key) in (ssh["key_data"]?.arrayValue ?? []).compactMap(\.stringValue).enumerated() {
            credentials.append(.keyData(key, label: "ssh_options key_data[\(index)]"))
        }
        if ssh["keys_only"]?.boolValue != true { credentials.append(.agent()) }
        if let password = ssh["password"]?.stringValue ?? transport["password"]?.stringValue { credentials.append(.password(password)) }
        let knownHosts = expand(ssh["user_known_hosts_file"]?.stringValue ?? "\(home)/.sous/known_hosts", home: home)
        let verify = ssh["verify_host_key"]
        let policy: HostKeyPolicy
        switch verify?.stringValue ?? (verify?.boolValue == false ? "never" : "always") {
        case "never", "false": policy = .acceptAnything
        case "accept_new", "accept_new_or_local_tunnel": policy = .recordFirstContact(file: knownHosts)
        default: policy = .requireKnown(file: knownHosts)
        }
        return SSHTarget(host: host, port: transport["port"]?.intValue ?? ssh["port"]?.intValue ?? 22, user: transport["username"]?.stringValue ?? "root",
                         credentials: credentials, hostKeys: policy, timeout: ssh["timeout"]?.intValue ?? 10)
    }

    /// The options as the reference keeps them on the Chef server: without passwords,
    /// passphrases or key material (`key_data`), which a node's attributes must never hold
    /// (any client of the organization can read a node). Key files are kept by path.
    static func withoutSecrets(_ options: JSON) -> JSON {
        switch options {
        case .object(let pairs):
            return .object(pairs.filter { !["password", "passphrase", "key_data"].contains($0.0) }.map { ($0.0, withoutSecrets($0.1)) })
        case .array(let items):
            return .array(items.map(withoutSecrets))
        default:
            return options
        }
    }

    static func prefix(_ options: JSON) -> String {
        options.dig("transport_options", "options", "prefix")?.stringValue ?? ""
    }

    static func expand(_ path: String, home: String) -> String {
        path == "~" || path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    /// `$HOME`, for `~` in key and known_hosts paths.
    static var homeDirectory: String {
        getenv("HOME").map { String(cString: $0) } ?? "/root"
    }
}
