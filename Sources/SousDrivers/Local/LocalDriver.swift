#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousSupport
import SousProvisioning
import SousRun
import SousSSH

/// The `local` driver: machines that are sets of Linux namespaces on this host (see
/// `LocalCluster` for the state and names, `MachineInit` for what runs inside). Every stage
/// still goes over real SSH, to an sshd inside the machine.
///
/// Machine options: `subnet` (the cluster's, chosen when it is first made), `mounts` (host
/// folders bound read-only into every machine: a list of paths, or `{host => machine}`),
/// `ready_timeout` (seconds, default 120).
public final class LocalDriver: FaultInjecting {
    public let url: String
    public static let version = "sous-local-1"
    let clusterName: String
    /// Key files of the run's config (`client_key`, `validation_key`): their folders are
    /// hidden from machines with the rest of `HiddenHostPaths`.
    let secrets: [String]

    public init(url: String, secrets: [String] = []) throws {
        self.url = url
        self.secrets = secrets
        clusterName = try LocalCluster.name(fromURL: url)
    }

    var hiddenPaths: [String] { HiddenHostPaths.paths(stateRoot: LocalCluster.stateRoot, secrets: secrets) }

    /// The cluster, made the first time a machine is allocated or readied in it; under
    /// why-run, which makes nothing (not even the cluster's folder), nil when it is not there.
    func cluster(_ options: JSON, whyRun: Bool) throws -> LocalCluster? {
        if whyRun { return try LocalCluster.existing(name: clusterName) }
        return try LocalCluster.open(name: clusterName, requestedSubnet: options["subnet"]?.stringValue)
    }

    /// The cluster for stages that only act on what exists (never made here).
    func existingCluster(for machine: String) throws -> LocalCluster {
        guard let cluster = try LocalCluster.existing(name: clusterName) else {
            throw LocalDriverError.clusterMissing(machine: machine, cluster: clusterName, stateRoot: LocalCluster.stateRoot)
        }
        return cluster
    }

    // MARK: Stages

    /// One run at a time per cluster: the first stage that changes something takes the
    /// cluster's lock (waiting for another run that has it, up to `lock_timeout` seconds,
    /// default 600), and keeps it until this run ends.
    /// Why-run changes nothing, so it takes no turn (and makes no lock file).
    public func holdForRun(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws -> Bool {
        if reporter.whyRun { return false }
        return try ClusterRunLock.shared.hold(cluster: clusterName, timeout: Double(options["lock_timeout"]?.intValue ?? 600), reporter: reporter)
    }

    /// Reserves the machine's address and records it in the spec, which is saved before
    /// anything is made on the host. A machine already recorded in the cluster is taken up
    /// only by a spec it belongs to.
    public func allocate(_ spec: MachineSpec, options: JSON, reporter: StageReporter, save: () throws -> Void) throws {
        if let problem = Self.problem(inHostName: spec.name) {
            throw ProvisioningError.invalidMachineName(name: spec.name, problem: problem, nothingMade: true)
        }
        _ = try holdForRun(spec, options: options, reporter: reporter)
        guard let cluster = try cluster(options, whyRun: reporter.whyRun) else {
            return try reporter.perform("allocate machine \(spec.name) in local cluster \(clusterName), made for it") {}
        }
        if let record = cluster.record(spec.name) {
            let owned = try ownedRecord(spec, record, cluster, doing: "allocate")
            if let reference = spec.reference, reference["cluster"]?.stringValue == cluster.name,
               reference["address"]?.stringValue == owned.address, reference["allocation_id"]?.stringValue == owned.allocationID {
                return
            }
        }
        // Nothing is made on the host here: the lifecycle saves the spec before ready makes it.
        try reporter.perform("allocate machine \(spec.name) in local cluster \(cluster.name) (\(cluster.subnet))") {
            let record = try cluster.reserve(spec.name, serverURL: spec.serverURL)
            spec.record(driverURL: url, reference: .object([
                ("driver_url", .string(url)), ("driver_version", .string(Self.version)), ("cluster", .string(cluster.name)),
                ("address", .string(record.address)), ("host", .string(record.address)),
                ("allocation_id", record.allocationID.map(JSON.string) ?? .null),
                ("allocated_at", .string(CivilTime(seconds: Double(time(nil)), offset: 0).iso8601 + "Z")),
            ]))
        }
    }

    /// Network, files and init as they should be, then SSH polled until it answers. A
    /// machine started here that does not answer is restarted once.
    public func ready(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws -> MachineConnection? {
        _ = try holdForRun(spec, options: options, reporter: reporter)
        guard let cluster = try cluster(options, whyRun: reporter.whyRun) else {
            try reporter.perform("start machine \(spec.name) in local cluster \(clusterName), made for it") {}
            return nil
        }
        let machine = try ownedMachine(spec, cluster, doing: "start")
        let record = machine.record
        if reporter.whyRun && !machine.isRunning {
            try reporter.perform("start machine \(spec.name) at \(record.address)") {}
            return nil
        }
        try cluster.ensureBridge()
        try machine.ensureNetwork()
        try machine.ensureFiles(driverKey: try cluster.driverKey())
        let timeout = options["ready_timeout"]?.intValue ?? 120
        guard !machine.isRunning else { return try connectWhenReady(machine, timeout: timeout) }
        try reporter.perform("start machine \(spec.name) at \(record.address) (namespaces, overlay root, sshd)") {
            try machine.start(binds: try Self.binds(options), hidden: hiddenPaths)
        }
        do {
            return try connectWhenReady(machine, timeout: timeout)
        } catch {
            reporter.warn("machine \(spec.name) did not answer on SSH within \(timeout) s after it started (\(error)); restarting it once")
            try machine.kill()
            try machine.start(binds: try Self.binds(options), hidden: hiddenPaths)
            do {
                return try connectWhenReady(machine, timeout: timeout)
            } catch {
                throw ProvisioningError.notReady(machine: spec.name, timeout: timeout, lastError: "\(error)", restartLog: machine.logPath)
            }
        }
    }

    public func connect(_ spec: MachineSpec, options: JSON) throws -> MachineConnection {
        let machine = try ownedMachine(spec, try existingCluster(for: spec.name), doing: "connect to")
        guard machine.isRunning else {
            throw ProvisioningError.notRunning(machine: spec.name, stopped: true)
        }
        return try machine.connect()
    }

    public func stop(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws {
        _ = try holdForRun(spec, options: options, reporter: reporter)
        let machine = try ownedMachine(spec, try existingCluster(for: spec.name), doing: "stop")
        guard machine.isRunning else { return }
        try reporter.perform("stop machine \(spec.name) (its processes end; its files and address stay)") { try machine.stop() }
    }

    /// Only a machine of this cluster, as its spec says, whose record says it belongs to
    /// this spec (its Chef server and node).
    public func destroy(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws {
        let owner = spec.reference?["cluster"]?.stringValue
        guard owner == clusterName else {
            throw LocalDriverError.ownedByOtherCluster(machine: spec.name, owner: owner, cluster: clusterName)
        }
        _ = try holdForRun(spec, options: options, reporter: reporter)
        guard let cluster = try LocalCluster.existing(name: clusterName) else { return }
        guard let record = cluster.record(spec.name) else { return }
        let machine = LocalMachine(cluster: cluster, record: try ownedRecord(spec, record, cluster, doing: "destroy"))
        try reporter.perform("destroy machine \(spec.name): its processes, network namespace, link, files and address") {
            try machine.remove()
            try cluster.removeIfEmpty()
        }
    }

    public func state(_ spec: MachineSpec) -> String? {
        guard let cluster = try? LocalCluster.existing(name: clusterName), let record = cluster.record(spec.name) else {
            return "not created here"
        }
        guard record.isOwned(by: spec) else { return "another server's" }
        let machine = LocalMachine(cluster: cluster, record: record)
        guard machine.isRunning else { return "stopped" }
        return record.partitioned ? "partitioned" : "running"
    }

    // MARK: Faults

    public func kill(_ spec: MachineSpec, reporter: StageReporter) throws {
        let machine = try runningMachine(spec, reporter: reporter, doing: "kill")
        try reporter.perform("kill every process of machine \(spec.name)") { try machine.kill() }
    }

    public func partition(_ spec: MachineSpec, reporter: StageReporter) throws {
        let machine = try runningMachine(spec, reporter: reporter, doing: "partition")
        guard !machine.record.partitioned else { return }
        try reporter.perform("cut the network link of machine \(spec.name)") { try machine.setPartitioned(true) }
    }

    public func heal(_ spec: MachineSpec, reporter: StageReporter) throws {
        _ = try holdForRun(spec, options: .object([]), reporter: reporter)
        let machine = try ownedMachine(spec, try existingCluster(for: spec.name), doing: "heal")
        guard machine.record.partitioned else { return }
        try reporter.perform("restore the network link of machine \(spec.name)") { try machine.setPartitioned(false) }
    }

    // MARK: Ownership

    /// The machine of `spec`, once its record says it is this spec's.
    func ownedMachine(_ spec: MachineSpec, _ cluster: LocalCluster, doing action: String) throws -> LocalMachine {
        guard let record = cluster.record(spec.name) else {
            throw LocalDriverError.noRecord(machine: spec.name, cluster: cluster.name, folder: cluster.machineFolder(spec.name))
        }
        return LocalMachine(cluster: cluster, record: try ownedRecord(spec, record, cluster, doing: action))
    }

    /// `record` if it belongs to `spec` (see `LocalMachineRecord.isOwned`), else a refusal
    /// that says whose it is. Reached through another address of its server (its spec
    /// carrying the machine's allocation id), the record follows that address.
    func ownedRecord(_ spec: MachineSpec, _ record: LocalMachineRecord, _ cluster: LocalCluster, doing action: String) throws -> LocalMachineRecord {
        guard record.isOwned(by: spec) else {
            throw LocalDriverError.madeForOtherServer(action: action, machine: spec.name, cluster: cluster.name,
                                                      recordServer: record.serverURL, recordNode: record.name, runServer: spec.serverURL)
        }
        guard let serverURL = spec.serverURL, !ChefServerURL.same(record.serverURL, serverURL) else { return record }
        var moved = record
        moved.serverURL = serverURL
        try cluster.withLock { try cluster.save(moved) }
        return moved
    }

    // MARK: Helpers

    func runningMachine(_ spec: MachineSpec, reporter: StageReporter, doing action: String) throws -> LocalMachine {
        _ = try holdForRun(spec, options: .object([]), reporter: reporter)
        let machine = try ownedMachine(spec, try existingCluster(for: spec.name), doing: action)
        guard machine.isRunning else {
            throw ProvisioningError.notRunning(machine: spec.name, stopped: false)
        }
        return machine
    }

    func connectWhenReady(_ machine: LocalMachine, timeout: Int) throws -> MachineConnection {
        try Readiness.connect(machine.record.name, timeout: timeout, firstDelay: 0.01, maxDelay: 1) { try machine.connect() }
    }

    /// What is wrong with a machine name as this driver uses it: the machine's hostname
    /// (at most 63 characters, as a DNS label; the kernel takes 64) and a part of its
    /// namespace's name. Chef's own rule is checked before this.
    static func problem(inHostName name: String) -> String? {
        if name.utf8.count > 63 {
            return "\(name.debugDescription) is \(name.utf8.count) characters long; a local machine's name is its hostname, at most 63"
        }
        if let first = name.first, !(first.isLetter || first.isNumber) {
            return "\(name.debugDescription) starts with \(first.debugDescription); a local machine's name is its hostname, which starts with a letter or digit"
        }
        return nil
    }

    /// `mounts`: host folders bound read-only into the machine (same path, or host => machine).
    static func binds(_ options: JSON) throws -> [(source: String, target: String, readOnly: Bool)] {
        guard let mounts = options["mounts"] else { return [] }
        if let list = mounts.arrayValue {
            return list.compactMap(\.stringValue).map { ($0, $0, true) }
        }
        if let pairs = mounts.objectValue {
            return pairs.compactMap { host, machine in machine.stringValue.map { (host, $0, true) } }
        }
        throw LocalDriverError.invalidMounts
    }
}
