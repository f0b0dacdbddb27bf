import SousSupport
import SousProvisioning
import SousSSH

/// The aws driver's ready stage and connections: a stopped instance is started, a running
/// one is reached over SSH at the address `transport_address_location` names, and an
/// instance this run launched that stays dark is rebooted once.
extension AWSDriver {
    public func ready(_ spec: MachineSpec, options given: JSON, reporter: StageReporter) throws -> MachineConnection? {
        // `sous machine start` gives no options: the spec's (its endpoint) then serve.
        let options = MachineOptions.merge([given, spec.reference?["machine_options"] ?? .object([])])
        let ec2 = try instances(options)
        let id = try instanceID(spec)
        let timeout = options["ready_timeout"]?.intValue ?? 120
        var instance = try describe(id, ec2)
        if ["stopped", "stopping"].contains(instance.state) {
            instance = try waitFor(id, ec2, states: ["stopped"], timeout: timeout)
            try reporter.perform("start instance \(id) of machine \(spec.name)") {
                _ = try ec2.change(.start, id, owner: Self.owner(spec))
            }
            if reporter.whyRun { return nil }
        }
        instance = try waitFor(id, ec2, states: ["running"], timeout: timeout)
        if addressLocation(spec, options: options) == "public_ip", instance.publicIP == nil, let privateIP = instance.privateIP {
            reporter.warn("machine \(spec.name): instance \(id) has no public IP; sous connects to its private address \(privateIP) "
                + "(transport_address_location :private_ip says so and silences this)")
        }
        do {
            return try connectWhenReady(spec, instance: instance, options: options, timeout: timeout)
        } catch let error as ProvisioningError where error.isNotReady && launchedThisRun.current.contains(id) {
            // The seed's rule: a server just started that does not come up is rebooted once.
            try reporter.perform("reboot instance \(id) of machine \(spec.name): it did not answer on SSH within \(timeout) s") {
                _ = try ec2.change(.reboot, id, owner: Self.owner(spec))
            }
            launchedThisRun.update { _ = $0.remove(id) }
            do {
                instance = try waitFor(id, ec2, states: ["running"], timeout: timeout)
                return try connectWhenReady(spec, instance: instance, options: options, timeout: timeout)
            } catch let error as ProvisioningError where error.isNotReady {
                let state = (try? describe(id, ec2).state) ?? "unknown"
                throw AWSMachineNotReady(machine: spec.name, instanceID: id, state: state, timeout: timeout,
                                         lastError: "\(error)", console: ec2.consoleTail(id))
            }
        }
    }

    public func connect(_ spec: MachineSpec, options: JSON) throws -> MachineConnection {
        let merged = MachineOptions.merge([options, spec.reference?["machine_options"] ?? .object([])])
        let ec2 = try instances(merged)
        let instance = try describe(try instanceID(spec), ec2)
        guard instance.state == "running" else { throw ProvisioningError.notRunning(machine: spec.name, stopped: instance.state != "pending") }
        let target = try SSHDriver.target(for: spec.name, options: try transportOptions(spec, instance: instance, options: merged))
        return MachineConnection(ssh: try SSHConnection(target), prefix: sudoPrefix(spec, options: merged))
    }

    private func connectWhenReady(_ spec: MachineSpec, instance: EC2Instance, options: JSON, timeout: Int) throws -> MachineConnection {
        let transport = try transportOptions(spec, instance: instance, options: options)
        if let reference = spec.reference, let address = transport.dig("transport_options", "ip_address"),
           reference["ip_address"] != address {
            spec.record(driverURL: url, reference: reference.setting("ip_address", to: address))
        }
        let target = try SSHDriver.target(for: spec.name, options: transport)
        let prefix = sudoPrefix(spec, options: options)
        return try Readiness.connect(spec.name, timeout: timeout, firstDelay: 0.25, maxDelay: 5) {
            MachineConnection(ssh: try SSHConnection(target), prefix: prefix)
        }
    }

    /// The ssh driver's `transport_options` for an instance: its address by
    /// `transport_address_location`, the user, the key pair's private key, and host keys
    /// trusted on first contact per instance (an address is reused by other instances).
    /// `transport_address_location` (`public_ip`, `private_ip`, `dns`), from the spec or the
    /// options; `use_private_ip_for_ssh true` is the old way to say `private_ip`.
    func addressLocation(_ spec: MachineSpec, options: JSON) -> String {
        (spec.reference?["transport_address_location"] ?? options["transport_address_location"])?.stringValue
            ?? (options["use_private_ip_for_ssh"]?.boolValue == true ? "private_ip" : "public_ip")
    }

    func transportOptions(_ spec: MachineSpec, instance: EC2Instance, options: JSON) throws -> JSON {
        let reference = spec.reference ?? .object([])
        let address: String?
        switch addressLocation(spec, options: options) {
        case "private_ip": address = instance.privateIP
        case "dns": address = instance.dnsName ?? instance.publicIP ?? instance.privateIP
        default: address = instance.publicIP ?? instance.privateIP
        }
        guard let address else { throw ProvisioningError.noHost(machine: spec.name) }
        let user = (reference["ssh_username"] ?? options["ssh_username"])?.stringValue ?? "ubuntu"
        var ssh = options.dig("transport_options", "ssh_options") ?? options["ssh_options"] ?? .object([])
        if ssh["keys"] == nil, ssh["key_data"] == nil {
            let keyName = reference["key_name"]?.stringValue ?? options.dig("bootstrap_options", "key_name")?.stringValue ?? "chef_default"
            ssh = ssh.setting("keys", to: .array([.string(try privateKey(named: keyName, machine: spec.name))]))
        }
        if ssh["keys_only"] == nil { ssh = ssh.setting("keys_only", to: .bool(true)) }
        if ssh["verify_host_key"] == nil {
            ssh = ssh.setting("verify_host_key", to: .string("accept_new"))
            if ssh["user_known_hosts_file"] == nil {
                try? FileSystem.makeDirectory("\(home)/.sous", mode: 0o700)
                try? FileSystem.makeDirectory("\(home)/.sous/aws_known_hosts", mode: 0o700)
                ssh = ssh.setting("user_known_hosts_file", to: .string("\(home)/.sous/aws_known_hosts/\(instance.id)"))
            }
        }
        return .object([("transport_options", .object([("ip_address", .string(address)), ("username", .string(user)), ("ssh_options", ssh)]))])
    }

    /// chef-provisioning looks a key pair's private key up by its name in private_key_paths.
    func privateKey(named name: String, machine: String) throws -> String {
        let folders = ["\(home)/.chef/keys", "\(home)/.ssh"]
        for folder in folders {
            for file in [name, name + ".pem"] where FileSystem.isNonEmptyFile("\(folder)/\(file)") { return "\(folder)/\(file)" }
        }
        throw ProvisioningError.invalidOption(option: "bootstrap_options key_name \(name) (machine \(machine))",
                                              expected: "a key pair whose private key is in \(folders.joined(separator: " or ")) as \(name) or \(name).pem "
                                                + "(aws_key_pair writes it there), or ssh_options keys naming the key file")
    }

    private func sudoPrefix(_ spec: MachineSpec, options: JSON) -> String {
        let user = (spec.reference?["ssh_username"] ?? options["ssh_username"])?.stringValue ?? "ubuntu"
        let sudo = (spec.reference?["sudo"] ?? options["sudo"])?.boolValue ?? (user != "root")
        return sudo && user != "root" ? "sudo " : ""
    }
}

/// An instance that did not answer on SSH, even after its reboot.
public struct AWSMachineNotReady: Error, CustomStringConvertible {
    public let machine: String
    public let instanceID: String
    public let state: String
    public let timeout: Int
    public let lastError: String
    public let console: [String]

    public var description: String {
        var text = "machine \(machine): instance \(instanceID) (state \(state)) did not answer on SSH within \(timeout) s, "
            + "even after a reboot; \(lastError)"
        if !console.isEmpty { text += "\nthe last lines of its console:\n" + console.map { "  " + $0 }.joined(separator: "\n") }
        return text
    }
}

public struct AWSInstanceStateError: Error, CustomStringConvertible {
    public let instanceID: String
    public let state: String
    public let wanted: [String]
    public let timeout: Int

    public var description: String {
        "instance \(instanceID) is \(state), not \(wanted.joined(separator: " or ")) (waited up to \(timeout) s)"
    }
}
