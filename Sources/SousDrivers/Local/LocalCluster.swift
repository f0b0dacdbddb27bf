#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousSupport
import SousProvisioning
import SousRun

/// One machine of a local cluster, as its state folder records it.
struct LocalMachineRecord {
    let name: String
    let address: String
    /// Its network namespace (`sous.CLUSTER.MACHINE`) and the host end of its link.
    let namespace: String
    let veth: String
    /// The Chef server whose spec made it, as the last run that reached it through its spec
    /// named the server (nil when unknown).
    var serverURL: String?
    /// Made with the record and kept in the spec's reference too: a spec that carries it is
    /// this machine's, whatever address it reaches its server by.
    let allocationID: String?
    var partitioned = false

    var json: JSON {
        .object([("name", .string(name)), ("address", .string(address)), ("namespace", .string(namespace)), ("veth", .string(veth)),
                 ("chef_server_url", serverURL.map(JSON.string) ?? .null), ("allocation_id", allocationID.map(JSON.string) ?? .null),
                 ("partitioned", .bool(partitioned))])
    }

    init(name: String, address: String, namespace: String, veth: String, serverURL: String?, allocationID: String?,
         partitioned: Bool = false) {
        self.name = name
        self.address = address
        self.namespace = namespace
        self.veth = veth
        self.serverURL = serverURL
        self.allocationID = allocationID
        self.partitioned = partitioned
    }

    init?(json: JSON) {
        guard let name = json["name"]?.stringValue, let address = json["address"]?.stringValue,
              let namespace = json["namespace"]?.stringValue, let veth = json["veth"]?.stringValue else { return nil }
        self.init(name: name, address: address, namespace: namespace, veth: veth, serverURL: json["chef_server_url"]?.stringValue,
                  allocationID: json["allocation_id"]?.stringValue, partitioned: json["partitioned"]?.boolValue ?? false)
    }

    /// Whether `spec` may act on this machine: its Chef server is the one recorded (the same
    /// URL), or its reference carries this machine's allocation id (the same server reached
    /// by another address). A record from before either was kept is anyone's.
    func isOwned(by spec: MachineSpec) -> Bool {
        if let allocationID, spec.reference?["allocation_id"]?.stringValue == allocationID { return true }
        guard let serverURL else { return true }
        return ChefServerURL.same(serverURL, spec.serverURL)
    }
}

/// A cluster of the local driver (`local` is `local:default`): a bridge with the host's
/// address on it, a subnet, and a state folder (`$SOUS_LOCAL_STATE`, else
/// /var/lib/sous/local, then the cluster's name) holding the driver's SSH key, the
/// machines' host keys, and a folder per machine with its record and its files. Everything
/// it makes on the host carries the cluster's name (and the machine's): namespaces are
/// `sous.CLUSTER.MACHINE`, links carry the alias `sous-local CLUSTER[/MACHINE]`.
final class LocalCluster {
    let name: String
    let folder: String
    let bridge: String
    let subnet: IPv4Subnet

    static var stateRoot: String {
        getenv("SOUS_LOCAL_STATE").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/var/lib/sous/local"
    }

    static let aliasPrefix = "sous-local "

    /// The cluster named in a driver URL (`local`, `local:NAME`).
    static func name(fromURL url: String) throws -> String {
        let name = url.hasPrefix("local:") ? String(url.dropFirst("local:".count)) : "default"
        guard !name.isEmpty, name.count <= 32, name.first?.isLetter == true || name.first?.isNumber == true,
              name.allSatisfy({ ($0.isLetter && $0.isASCII && $0.isLowercase) || $0.isNumber || $0 == "-" }) else {
            throw LocalDriverError.invalidClusterName(name: name, url: url)
        }
        return name
    }

    static func bridgeName(for cluster: String) -> String {
        cluster.count <= 10 ? "sous-\(cluster)" : "sous-\(shortHash(cluster, digits: 10))"
    }

    /// Opens the cluster, making its folder and choosing its subnet the first time:
    /// `requestedSubnet`, else one in 10.0.0.0/8 that no route of this host overlaps.
    static func open(name: String, requestedSubnet: String?) throws -> LocalCluster {
        try requireRoot()
        let folder = stateRoot + "/" + name
        try FileSystem.makeDirectories(stateRoot, mode: 0o700)
        // The state root's lock: clusters made at the same time must not pick one subnet.
        return try withLock(stateRoot) {
            let bridge = bridgeName(for: name)
            if let text = FileSystem.text(folder + "/cluster.json"), let stored = try? JSON.parse(text),
               let subnet = stored["subnet"]?.stringValue.flatMap(IPv4Subnet.init) {
                if let requestedSubnet, IPv4Subnet(requestedSubnet) != subnet {
                    throw LocalDriverError.subnetInUse(cluster: name, subnet: "\(subnet)", requested: requestedSubnet)
                }
                return LocalCluster(name: name, folder: folder, bridge: bridge, subnet: subnet)
            }
            // Chosen before the folder is made: a refused subnet leaves nothing behind.
            let subnet = try chooseSubnet(requestedSubnet, cluster: name, bridge: bridge)
            try FileSystem.makeDirectories(folder, mode: 0o700)
            try FileSystem.replaceAtomically(folder + "/cluster.json", with: Array(JSON.object([
                ("name", .string(name)), ("subnet", .string(subnet.description)), ("bridge", .string(bridge)),
            ]).rendered(pretty: true).utf8) + [0x0A], defaultMode: 0o644)
            return LocalCluster(name: name, folder: folder, bridge: bridge, subnet: subnet)
        }
    }

    /// The cluster if this state folder has it; nil (and nothing made) when it does not.
    static func existing(name: String) throws -> LocalCluster? {
        try requireRoot()
        let folder = stateRoot + "/" + name
        guard let text = FileSystem.text(folder + "/cluster.json"), let stored = try? JSON.parse(text),
              let subnet = stored["subnet"]?.stringValue.flatMap(IPv4Subnet.init) else { return nil }
        return LocalCluster(name: name, folder: folder, bridge: bridgeName(for: name), subnet: subnet)
    }

    private init(name: String, folder: String, bridge: String, subnet: IPv4Subnet) {
        self.name = name
        self.folder = folder
        self.bridge = bridge
        self.subnet = subnet
    }

    /// Root, or the two capabilities the driver uses (CAP_NET_ADMIN for links and
    /// namespaces, CAP_SYS_ADMIN for mounts), as this process's effective set says.
    static func requireRoot() throws {
        let effective = FileSystem.text("/proc/self/status")?.split(separator: "\n")
            .first { $0.hasPrefix("CapEff:") }
            .flatMap { UInt64(String($0.dropFirst("CapEff:".count).filter { !$0.isWhitespace }), radix: 16) } ?? 0
        let needed: UInt64 = (1 << 12) | (1 << 21)
        guard geteuid() == 0 || effective & needed == needed else {
            throw LocalDriverError.needsRoot
        }
    }

    static func chooseSubnet(_ requested: String?, cluster: String, bridge: String) throws -> IPv4Subnet {
        let taken = (((try? FileSystem.list(stateRoot)) ?? []).sorted()).compactMap { other -> IPv4Subnet? in
            guard other != cluster, let text = FileSystem.text("\(stateRoot)/\(other)/cluster.json") else { return nil }
            return (try? JSON.parse(text))?["subnet"]?.stringValue.flatMap(IPv4Subnet.init)
        }
        return try chooseSubnet(requested, cluster: cluster, routes: try HostNetwork.routes().filter { $0.device != bridge }, taken: taken)
    }

    /// The subnet of a new cluster: the one requested, if it is a /16 to /29 that no route
    /// of the host overlaps; else a /24 of 10.0.0.0/8 picked from the cluster's name (the
    /// same name gets the same subnet on every run), then the next ones, skipping any that a
    /// route or another cluster (`taken`) overlaps.
    static func chooseSubnet(_ requested: String?, cluster: String, routes: [HostRoute], taken: [IPv4Subnet]) throws -> IPv4Subnet {
        if let requested {
            guard let subnet = IPv4Subnet(requested), subnet.prefix >= 16, subnet.prefix <= 29 else {
                throw LocalDriverError.invalidSubnet(requested)
            }
            if let route = routes.first(where: { $0.subnet.overlaps(subnet) }) {
                throw LocalDriverError.subnetOverlapsRoute(subnet: "\(subnet)", route: "\(route.subnet)", device: route.device)
            }
            return subnet
        }
        let start = UInt32(strtoul(shortHash(cluster, digits: 16), nil, 16) % 65536)
        for step in UInt32(0)..<4096 {
            let block = (start &+ step) % 65536
            let candidate = IPv4Subnet(base: (10 << 24) | (block << 8), prefix: 24)
            if routes.contains(where: { $0.subnet.overlaps(candidate) }) || taken.contains(where: { $0.overlaps(candidate) }) { continue }
            return candidate
        }
        throw LocalDriverError.noFreeSubnet
    }

    // MARK: Locking

    /// Runs `body` holding the cluster's lock (short: a record or an address, never a stage).
    static func withLock<T>(_ folder: String, _ body: () throws -> T) throws -> T {
        let fd = Glibc.open(folder + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LocalDriverError.lockFailed(path: folder + "/lock", operation: "open", reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    func withLock<T>(_ body: () throws -> T) throws -> T { try Self.withLock(folder, body) }

    /// Runs `body` under the lock while the cluster still exists (another machine's destroy
    /// may have removed it with its last machine); nil when it is gone.
    func whileItExists<T>(_ body: () throws -> T) throws -> T? {
        let fd = Glibc.open(folder + "/lock", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw LocalDriverError.lockFailed(path: folder + "/lock", operation: "open", reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(fd, LOCK_UN) }
        guard access(folder + "/cluster.json", F_OK) == 0 else { return nil }
        return try body()
    }

    // MARK: The bridge

    var hostAddress: String { subnet.host(1) }

    /// The bridge, up, with the host's address: made once, by whichever machine needs it first.
    func ensureBridge() throws {
        try withLock {
            if !HostNetwork.linkExists(bridge) {
                try HostCommand.run(["ip", "link", "add", bridge, "type", "bridge"])
            }
            // Every time: a run killed between these steps leaves a bridge without its mark.
            try HostCommand.run(["ip", "link", "set", bridge, "alias", Self.aliasPrefix + name])
            let addresses = try HostCommand.run(["ip", "-4", "-o", "addr", "show", "dev", bridge])
            if !addresses.contains(" \(hostAddress)/") {
                try HostCommand.run(["ip", "addr", "add", "\(hostAddress)/\(subnet.prefix)", "dev", bridge])
            }
            try HostCommand.run(["ip", "link", "set", bridge, "up"])
            try ClusterFilter.ensure(cluster: name, bridge: bridge, subnet: subnet, hostAddress: hostAddress)
        }
    }

    /// With its last machine gone, the cluster goes too: its bridge and its folder, removed
    /// under the lock (its cluster.json first, so that anyone waiting for the lock finds the
    /// cluster gone).
    func removeIfEmpty() throws {
        _ = try whileItExists {
            guard machineNames().isEmpty else { return }
            try ClusterFilter.remove(cluster: name)
            try HostNetwork.deleteLink(bridge)
            unlink(folder + "/cluster.json")
            try FileSystem.removeTree(folder)
        }
    }

    // MARK: Keys

    /// The driver's Ed25519 key, authorized for root on every machine of the cluster.
    func driverKey() throws -> String {
        let path = folder + "/id_ed25519"
        try withLock { try ensureKeyPair(path, comment: "sous local driver (\(name))") }
        return path
    }

    var knownHosts: String { folder + "/known_hosts" }

    /// Records a machine's host key as the only one known for its address.
    func recordHostKey(address: String, publicKey: String) throws {
        try withLock {
            let others = (FileSystem.text(knownHosts) ?? "").split(separator: "\n").filter { !$0.hasPrefix(address + " ") }
            let parts = publicKey.split(separator: " ")
            guard parts.count >= 2 else { throw LocalDriverError.unreadableHostKey(address: address, key: publicKey) }
            let lines = others.map(String.init) + ["\(address) \(parts[0]) \(parts[1])"]
            try FileSystem.replaceAtomically(knownHosts, with: Array((lines.joined(separator: "\n") + "\n").utf8), defaultMode: 0o600)
        }
    }

    /// Whether `publicKey` is the key recorded for `address`.
    func isRecordedHostKey(address: String, publicKey: String) -> Bool {
        let parts = publicKey.split(separator: " ")
        guard parts.count >= 2 else { return false }
        return (FileSystem.text(knownHosts) ?? "").split(separator: "\n").contains("\(address) \(parts[0]) \(parts[1])")
    }

    func forgetHostKey(address: String) throws {
        try withLock {
            let kept = (FileSystem.text(knownHosts) ?? "").split(separator: "\n").filter { !$0.hasPrefix(address + " ") }
            try FileSystem.replaceAtomically(knownHosts, with: Array((kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n").utf8),
                                             defaultMode: 0o600)
        }
    }

    // MARK: Machines

    func machineFolder(_ machine: String) -> String { folder + "/machines/" + machine }

    func machineNames() -> [String] {
        (((try? FileSystem.list(folder + "/machines")) ?? []).sorted()).filter { access(machineFolder($0) + "/machine.json", F_OK) == 0 }
    }

    func record(_ machine: String) -> LocalMachineRecord? {
        guard let text = FileSystem.text(machineFolder(machine) + "/machine.json"), let json = try? JSON.parse(text) else { return nil }
        return LocalMachineRecord(json: json)
    }

    func save(_ record: LocalMachineRecord) throws {
        try FileSystem.replaceAtomically(machineFolder(record.name) + "/machine.json", with: Array((record.json.rendered(pretty: true) + "\n").utf8),
                                         defaultMode: 0o644)
    }

    /// The machine's record, made with the lowest free address the first time.
    func reserve(_ machine: String, serverURL: String?) throws -> LocalMachineRecord {
        try withLock {
            if let existing = record(machine) { return existing }
            let used = Set(machineNames().compactMap { record($0)?.address })
            guard let index = (UInt32(2)..<(subnet.size - 1)).first(where: { !used.contains(subnet.host($0)) }) else {
                throw LocalDriverError.noFreeAddress(cluster: name, subnet: "\(subnet)")
            }
            try FileSystem.makeDirectories(machineFolder(machine), mode: 0o700)
            let made = LocalMachineRecord(name: machine, address: subnet.host(index), namespace: "sous.\(name).\(machine)",
                                          veth: "sv" + shortHash("\(name)/\(machine)"), serverURL: serverURL,
                                          allocationID: randomHex(bytes: 16))
            try save(made)
            try writeHosts()
            return made
        }
    }

    /// The cluster's hosts file, bound read-only as every machine's /etc/hosts, so that
    /// machines reach each other (and the host, `sous-host`) by name.
    var hostsPath: String { folder + "/hosts" }

    /// Rewritten in place (a bind mount keeps the file it was made with, so a rename would
    /// not reach running machines). Callers hold the lock.
    func writeHosts() throws {
        var text = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n\(hostAddress)\tsous-host\n"
        for machine in machineNames() {
            if let record = record(machine) { text += "\(record.address)\t\(record.name)\n" }
        }
        try FileSystem.overwrite(hostsPath, with: Array(text.utf8))
    }
}

/// One run at a time on a cluster. A run takes its cluster's lock (a file of the state
/// root, which outlives the cluster's folder) the first time it changes anything there and
/// keeps it until it ends; a second run waits, saying for whom, up to a bound. Machines of one
/// batch share their process's hold. Sendable though unchecked: its tables are read and
/// written only under `mutex`.
final class ClusterRunLock: @unchecked Sendable {
    static let shared = ClusterRunLock()
    private let mutex = Mutex()
    private var held: [String: Int32] = [:]
    /// Locks this process had to wait for: what any of its machines read before may have
    /// changed meanwhile.
    private var waitedFor: Set<String> = []

    /// Holds the lock of `cluster` for the rest of this process; whether this process had
    /// to wait for it (then every caller reads its machine's spec again).
    func hold(cluster: String, timeout: Double, reporter: StageReporter) throws -> Bool {
        let path = "\(LocalCluster.stateRoot)/\(cluster).run-lock"
        return try mutex.locked {
            if held[path] != nil { return waitedFor.contains(path) }
            try FileSystem.makeDirectories(LocalCluster.stateRoot, mode: 0o700)
            let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw LocalDriverError.lockFailed(path: path, operation: "open", reason: String(cString: strerror(errno))) }
            var waited = false
            let deadline = MonotonicClock.seconds() + timeout
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else {
                    close(fd)
                    throw LocalDriverError.lockFailed(path: path, operation: "lock", reason: String(cString: strerror(errno)))
                }
                // The holder writes who it is right after it takes the lock: read until it
                // has (bounded, 0.2 s), so the wait names the run it waits for.
                var holder = "another sous run"
                for _ in 0..<40 {
                    if let line = (FileSystem.text(path) ?? "").split(separator: "\n").first { holder = String(line); break }
                    usleep(5_000)
                }
                if !waited {
                    reporter.warn("local cluster \(cluster) is in use by \(holder); waiting for it to finish (up to \(Int(timeout)) s)")
                    waited = true
                }
                guard MonotonicClock.seconds() < deadline else {
                    close(fd)
                    throw LocalDriverError.clusterBusy(cluster: cluster, holder: holder, seconds: Int(timeout))
                }
                usleep(50_000)
            }
            ftruncate(fd, 0)
            let me = "sous run PID \(getpid())\n"
            _ = me.withCString { pwrite(fd, $0, strlen($0), 0) }
            held[path] = fd
            if waited { waitedFor.insert(path) }
            return waited
        }
    }

    /// Whether another process holds the lock of `cluster` now (for the sweep, which leaves
    /// a cluster in use alone).
    func isHeldElsewhere(cluster: String) -> Bool {
        let path = "\(LocalCluster.stateRoot)/\(cluster).run-lock"
        return mutex.locked {
            if held[path] != nil { return false }
            let fd = Glibc.open(path, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                flock(fd, LOCK_UN)
                return false
            }
            return true
        }
    }
}

/// `bytes` random bytes as hex.
func randomHex(bytes: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<bytes).map { _ in
        let byte = UInt8.random(in: 0...255, using: &generator)
        return (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }.joined()
}

/// An Ed25519 key pair made with ssh-keygen, made again when a run was killed while making
/// it (one of the two files missing or empty).
func ensureKeyPair(_ path: String, comment: String) throws {
    let complete = [path, path + ".pub"].allSatisfy { !(FileSystem.text($0) ?? "").isEmpty }
    guard !complete else { return }
    unlink(path)
    unlink(path + ".pub")
    try HostCommand.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path])
}
