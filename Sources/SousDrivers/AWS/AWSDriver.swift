#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousSupport
import SousProvisioning
import SousSSH

/// The `aws` driver (`aws`, `aws::REGION`, `aws:PROFILE:REGION`): machines are EC2
/// instances, with chef-provisioning-aws's machine options (`bootstrap_options`,
/// `ssh_username`, `transport_address_location`, `use_private_ip_for_ssh`, `aws_tags`,
/// `aws_options: { endpoint: }`).
///
/// Its two rules: an instance is launched only after the machine's spec records the launch
/// (a crash finds it again by its `sous:launch` tag), and sous stops, starts, reboots or
/// terminates only instances whose tags say it made them for that node of that Chef server.
/// An instance launched in this run that does not answer on SSH is rebooted once before the
/// run gives up on it.
public final class AWSDriver: Driver, BatchAllocating {
    public let url: String
    public static let version = "sous-aws-1"
    private let parsed: AWSDriverURL
    private let environment: [String: String]
    let home: String
    private var clients: [String: EC2Instances] = [:]
    private let lock = Mutex()
    /// Instances launched by this run: the only ones rebooted when they stay dark.
    let launchedThisRun = Locked<Set<String>>([])

    static let environmentNames = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION",
                                   "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "AWS_SHARED_CREDENTIALS_FILE",
                                   "AWS_CONFIG_FILE"]

    public init(url: String, environment: [String: String]? = nil) throws {
        guard let parsed = AWSDriverURL(url) else {
            throw ProvisioningError.invalidOption(option: "driver \(url)", expected: "aws, aws::REGION or aws:PROFILE:REGION")
        }
        self.url = url
        self.parsed = parsed
        self.environment = environment ?? Dictionary(uniqueKeysWithValues: Self.environmentNames.compactMap { name in
            getenv(name).map { (name, String(cString: $0)) }
        })
        home = SSHDriver.homeDirectory
    }

    /// The EC2 calls for these options' endpoint (one client per endpoint for the run).
    func instances(_ options: JSON) throws -> EC2Instances {
        let endpoint = options.dig("aws_options", "endpoint")?.stringValue
        return try lock.locked {
            if let made = clients[endpoint ?? ""] { return made }
            let settings = try AWSSettings.resolve(url: parsed, endpointOption: endpoint, environment: environment, home: home,
                                                   read: { FileSystem.text($0) })
            let made = EC2Instances(client: EC2Client(region: settings.region, credentials: settings.credentials, endpoint: settings.endpoint))
            clients[endpoint ?? ""] = made
            return made
        }
    }

    static func owner(_ spec: MachineSpec) -> EC2Owner {
        EC2Owner(node: spec.name, serverURL: spec.serverURL ?? "")
    }

    // MARK: Allocate

    public func allocate(_ spec: MachineSpec, options: JSON, reporter: StageReporter, save: () throws -> Void) throws {
        try withoutActuallyEscaping(save) { save in
            if let error = allocate(together: [BatchMachine(spec: spec, options: options, reporter: reporter, save: save)])[spec.name] {
                throw error
            }
        }
    }

    public func allocate(together machines: [BatchMachine]) -> [String: Error] {
        var failures: [String: Error] = [:]
        var launches: [(key: String, launch: EC2Launch, members: [BatchMachine])] = []
        for machine in machines {
            do {
                let ec2 = try instances(machine.options)
                if try adopt(machine, ec2) { continue }
                let launch = try EC2Launch(machine: machine.spec.name, options: machine.options, ec2: ec2)
                let key = launch.key + "|" + (machine.options.dig("aws_options", "endpoint")?.stringValue ?? "")
                if let index = launches.firstIndex(where: { $0.key == key }) {
                    launches[index].members.append(machine)
                } else {
                    launches.append((key, launch, [machine]))
                }
            } catch {
                failures[machine.spec.name] = error
            }
        }
        for group in launches {
            do {
                try run(group.launch, for: group.members)
            } catch {
                for member in group.members { failures[member.spec.name] = error }
            }
        }
        return failures
    }

    /// True when the machine has a live instance already: the one its spec names, or one of
    /// the launch its spec recorded (a run that crashed between launching and saving).
    private func adopt(_ machine: BatchMachine, _ ec2: EC2Instances) throws -> Bool {
        guard let reference = machine.spec.reference, reference["driver_url"]?.stringValue == url else { return false }
        if let id = reference["instance_id"]?.stringValue {
            let found: [EC2Instance]
            do { found = try ec2.describe([id]) } catch let error as EC2Error where error.isNotFound { found = [] }
            if let instance = found.first, !["terminated", "shutting-down"].contains(instance.state) {
                try convergeTags(of: instance, machine, ec2)
                return true
            }
            machine.reporter.debug("machine \(machine.spec.name): instance \(id) is gone; launching another")
        }
        guard let token = reference["launch_token"]?.stringValue else { return false }
        let owner = Self.owner(machine.spec)
        let launched = try ec2.launched(token: token, serverURL: owner.serverURL)
        guard let instance = launched.first(where: { $0.isOwned(by: owner) })
                ?? launched.first(where: { $0.tags[EC2Owner.nodeTag] == nil }) else { return false }
        try machine.reporter.perform("adopt instance \(instance.id) for machine \(machine.spec.name) (launched by a run that stopped before saving it)") {
            _ = try ec2.claim(instance, for: owner)
            machine.spec.record(driverURL: url, reference: reference.setting("instance_id", to: .string(instance.id)))
            try machine.save()
        }
        return true
    }

    /// chef-provisioning-aws's `aws_tags` on an existing instance: given tags are set, and
    /// the user's tags no longer listed are deleted (sous's own and `Name` stay). Only on an
    /// instance sous made for this node.
    private func convergeTags(of instance: EC2Instance, _ machine: BatchMachine, _ ec2: EC2Instances) throws {
        guard let wanted = EC2Launch.userTags(machine.options), instance.isOwned(by: Self.owner(machine.spec)) else { return }
        let kept: Set<String> = ["Name", EC2Owner.managedTag, EC2Owner.serverTag, EC2Owner.nodeTag, EC2Owner.launchTag]
        let changed = wanted.filter { !kept.contains($0.0) && instance.tags[$0.0] != $0.1 }
        let removed = instance.tags.keys.filter { !kept.contains($0) && !wanted.map(\.0).contains($0) }.sorted()
        guard !changed.isEmpty || !removed.isEmpty else { return }
        let lines = changed.map { "  set \($0.0) = \($0.1)" } + removed.map { "  delete \($0)" }
        try machine.reporter.perform(["update the tags of instance \(instance.id) of machine \(machine.spec.name)"] + lines) {
            if !changed.isEmpty { try ec2.tag(instance.id, changed) }
            if !removed.isEmpty { try ec2.untag(instance.id, removed) }
        }
    }

    /// One RunInstances for machines alike: each spec records the launch (its token) and is
    /// saved first, then the instances run, then each spec records its instance.
    private func run(_ launch: EC2Launch, for members: [BatchMachine]) throws {
        let token = "sous-" + randomHex(bytes: 12)
        let others = members.count > 1 ? " (one RunInstances for \(members.count) machines)" : ""
        var recorded: [BatchMachine] = []
        for member in members {
            try member.reporter.perform("launch an EC2 instance for machine \(member.spec.name): \(launch.summary)\(others)") {
                member.spec.record(driverURL: url, reference: reference(for: member, launch: launch, token: token))
                try member.save()
                recorded.append(member)
            }
        }
        guard let first = recorded.first else { return }
        let ec2 = try instances(first.options)
        let made = try ec2.run(for: recorded.map { Self.owner($0.spec) }, parameters: launch.parameters, clientToken: token, tags: launch.tags)
        launchedThisRun.update { $0.formUnion(made.values.map(\.id)) }
        for member in recorded {
            guard let instance = made[member.spec.name], let reference = member.spec.reference else { continue }
            member.spec.record(driverURL: url, reference: reference.setting("instance_id", to: .string(instance.id)))
            try member.save()
        }
    }

    /// chef-provisioning-aws's reference, plus the launch token and the options sous needs
    /// to reach the machine later (without secrets).
    private func reference(for member: BatchMachine, launch: EC2Launch, token: String) -> JSON {
        let options = member.options
        var pairs: [(String, JSON)] = [
            ("driver_url", .string(url)), ("driver_version", .string(Self.version)),
            ("allocated_at", .string(CivilTime(seconds: Double(time(nil)), offset: 0).iso8601 + "Z")),
            ("host_node", .string(member.spec.serverURL.map { "\($0)/nodes/\(member.spec.name)" } ?? member.spec.name)),
            ("image_id", .string(launch.imageID)), ("launch_token", .string(token)),
        ]
        if let key = launch.keyName { pairs.append(("key_name", .string(key))) }
        for name in ["ssh_username", "transport_address_location", "sudo"] {
            if let value = options[name] { pairs.append((name, value)) }
        }
        if options["use_private_ip_for_ssh"]?.boolValue == true, options["transport_address_location"] == nil {
            pairs.append(("transport_address_location", .string("private_ip")))
        }
        // Of aws_options only the endpoint: the node is readable by every client of the
        // organization, and credentials must not reach it.
        var kept = (options.objectValue ?? []).filter { ["ssh_options", "transport_options"].contains($0.0) }
        if let endpoint = options.dig("aws_options", "endpoint") { kept.append(("aws_options", .object([("endpoint", endpoint)]))) }
        if !kept.isEmpty { pairs.append(("machine_options", SSHDriver.withoutSecrets(.object(kept)))) }
        return .object(pairs)
    }

    // MARK: Stop, destroy, state

    public func stop(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws {
        let ec2 = try instances(MachineOptions.merge([options, spec.reference?["machine_options"] ?? .object([])]))
        guard let id = spec.reference?["instance_id"]?.stringValue else { return }
        // An instance EC2 no longer has needs no stopping; any other failure is the user's to see.
        let instance: EC2Instance
        do { instance = try describe(id, ec2) } catch let error as EC2Error where error.isNotFound { return }
        guard !["stopped", "stopping", "terminated", "shutting-down"].contains(instance.state) else { return }
        try reporter.perform("stop instance \(id) of machine \(spec.name)") {
            _ = try ec2.change(.stop, id, owner: Self.owner(spec))
        }
    }

    /// Terminates the machine's instance, and any other of its recorded launch still tagged
    /// for it; refuses (naming it) an instance whose tags say sous did not make it for this node.
    public func destroy(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws {
        let ec2 = try instances(MachineOptions.merge([options, spec.reference?["machine_options"] ?? .object([])]))
        let owner = Self.owner(spec)
        var ids: [String] = []
        if let id = spec.reference?["instance_id"]?.stringValue { ids.append(id) }
        if let token = spec.reference?["launch_token"]?.stringValue {
            ids += try ec2.launched(token: token, serverURL: owner.serverURL).filter { $0.isOwned(by: owner) }.map(\.id)
        }
        var seen = Set<String>()
        for id in ids where seen.insert(id).inserted {
            let found: EC2Instance?
            do { found = try ec2.describe([id]).first } catch let error as EC2Error where error.isNotFound { found = nil }
            guard let instance = found, !["terminated", "shutting-down"].contains(instance.state) else { continue }
            try reporter.perform("terminate instance \(id) of machine \(spec.name)") {
                _ = try ec2.change(.terminate, id, owner: owner)
            }
        }
    }

    public func state(_ spec: MachineSpec) -> String? {
        guard let id = spec.reference?["instance_id"]?.stringValue,
              let ec2 = try? instances(spec.reference?["machine_options"] ?? .object([])) else { return nil }
        return (try? ec2.describe([id]).first)?.state
    }

    func instanceID(_ spec: MachineSpec) throws -> String {
        guard let id = spec.reference?["instance_id"]?.stringValue else { throw ProvisioningError.notAllocated(machine: spec.name) }
        return id
    }

    func describe(_ id: String, _ ec2: EC2Instances) throws -> EC2Instance {
        guard let instance = try ec2.describe([id]).first else {
            throw EC2Error(action: "DescribeInstances", status: 400, code: "InvalidInstanceID.NotFound", message: "no instance \(id)", requestID: nil)
        }
        return instance
    }

    /// Polls the instance (0.5 s doubling to 5 s) until it is in one of `states`, failing at
    /// once when it can no longer get there and after `timeout` seconds otherwise.
    func waitFor(_ id: String, _ ec2: EC2Instances, states: Set<String>, timeout: Int) throws -> EC2Instance {
        let deadline = MonotonicClock.seconds() + Double(timeout)
        var delay = 0.5
        while true {
            let instance = try describe(id, ec2)
            if states.contains(instance.state) { return instance }
            if ["terminated", "shutting-down"].contains(instance.state) || MonotonicClock.seconds() + delay > deadline {
                throw AWSInstanceStateError(instanceID: id, state: instance.state, wanted: states.sorted(), timeout: timeout)
            }
            Pause.seconds(delay)
            delay = min(delay * 2, 5)
        }
    }
}
