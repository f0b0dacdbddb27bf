import Foundation
@testable import SousDrivers
import SousSupport

/// moto's EC2 emulator in server mode, from the virtual environment `make test` sets up
/// under .build/moto, on a free loopback port; stopped by its PID when the test ends, and by
/// a watcher when the test process dies first.
final class MotoServer: @unchecked Sendable {
    let url: String
    private let process: BackgroundProcess
    private let watcher: BackgroundProcess

    init() throws {
        let python = TestPaths.packageRoot.appendingPathComponent(".build/moto/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ChefServerFixture.FixtureError(description: "no moto at \(python): make test sets it up (python3 -m venv .build/moto; pip install 'moto[server]')")
        }
        var lastError = "no port tried"
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            let process = try ProcessRunner.start(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)])
            // Ready when its port answers; bounded to 30 s.
            for _ in 0..<300 where process.isRunning {
                if Self.answers(port) {
                    // Killed by its PID once this process is gone, if it is still this moto.
                    let check = "tr '\\0' ' ' < /proc/\(process.pid)/cmdline 2>/dev/null | grep -qF -- 'moto.server -H 127.0.0.1 -p \(port)'"
                    do {
                        watcher = try ProcessRunner.start("/bin/sh", ["-c", "tail --pid=\(getpid()) -f /dev/null; if \(check); then kill -9 \(process.pid); fi"])
                    } catch {
                        process.stop()
                        throw error
                    }
                    self.process = process
                    url = "http://127.0.0.1:\(port)"
                    return
                }
                usleep(100_000)
            }
            lastError = "moto on port \(port) did not answer within 30 s"
            process.stop()
        }
        throw ChefServerFixture.FixtureError(description: lastError)
    }

    func stop() {
        process.stop()
        watcher.stop()
    }

    /// A client of this moto (any keys do: moto checks no signature).
    func client() -> EC2Client {
        EC2Client(region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDSOUSTEST", secretAccessKey: "not-a-secret"), endpoint: url)
    }

    static func answers(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

/// EC2 with real machines behind it: moto answers the API, and a watcher makes each
/// running instance of the emulator's subnet a namespace machine (`sshd-in-namespace`) at the
/// instance's private address, on a bridge of the test's own, with an sshd that trusts the
/// emulator's key pair. A stopped or terminated instance's machine goes away; a started one
/// comes back with the same host key and /etc/chef. Instances named in `dark` stay dark, and
/// an instance without a Name tag yet is not brought up.
/// `stop()` removes every machine, the bridge and moto (call it in a `defer`).
final class EC2Emulator: @unchecked Sendable {
    let moto: MotoServer
    let client: EC2Client
    let root: URL
    /// The HOME the test runs sous with: the key pair's private key is in its .chef/keys.
    let home: URL
    let keyName = "sous-test"
    private(set) var subnetCIDR = ""
    private(set) var vpcID = ""
    private(set) var subnetID = ""
    private let bridge: String
    private let publicKey: URL
    private let dark: Locked<Set<String>>
    private let up = Locked<[String: (namespace: String, folder: URL)]>([:])
    private let stopping = Locked(false)
    private let watcherDone = DispatchSemaphore(value: 0)
    private static let counter = NamespaceMachines.Counter()
    private let instance: Int

    /// The environment sous runs with against this emulator; without `endpoint`, a recipe
    /// must name moto's URL itself (`aws_options: { endpoint: }`).
    func environment(endpoint: Bool = true) -> [String: String] {
        ["HOME": home.path, "AWS_ENDPOINT_URL": endpoint ? moto.url : "", "AWS_ACCESS_KEY_ID": "AKIDSOUSTEST",
         "AWS_SECRET_ACCESS_KEY": "not-a-secret", "AWS_REGION": "us-east-1"]
    }

    init(dark: Set<String> = []) throws {
        self.dark = Locked(dark)
        instance = Self.counter.next()
        root = try TestPaths.makeScratchDirectory("ec2")
        home = root.appendingPathComponent("home")
        bridge = "sb\(getpid() % 100_000)e\(instance)"
        let keys = home.appendingPathComponent(".chef/keys")
        let privateKey = keys.appendingPathComponent(keyName)
        publicKey = keys.appendingPathComponent(keyName + ".pub")
        do {
            try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
            _ = try ProcessRunner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "sous-test key pair", "-f", privateKey.path])
            moto = try MotoServer()
        } catch {
            try? FileManager.default.removeItem(at: root)
            throw error
        }
        client = moto.client()
        do {
            subnetCIDR = try Self.freeSubnet()
            let base = subnetCIDR.split(separator: "/")[0].split(separator: ".").dropLast().joined(separator: ".")
            for command in [["link", "add", bridge, "type", "bridge"], ["addr", "add", "\(base).1/24", "dev", bridge], ["link", "set", bridge, "up"]] {
                let result = try ProcessRunner.run("/usr/sbin/ip", command)
                guard result.status == 0 else { throw ChefServerFixture.FixtureError(description: "ip \(command.joined(separator: " ")): \(result.stderr)") }
            }
            vpcID = try client.call("CreateVpc", [("CidrBlock", subnetCIDR)]).value("vpc", "vpcId") ?? ""
            subnetID = try client.call("CreateSubnet", [("VpcId", vpcID), ("CidrBlock", subnetCIDR)]).value("subnet", "subnetId") ?? ""
            let line = try String(contentsOf: publicKey, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try client.call("ImportKeyPair", [("KeyName", keyName), ("PublicKeyMaterial", Data(line.utf8).base64EncodedString())])
        } catch {
            teardown()
            throw error
        }
        let thread = Thread { [self] in
            var reported = ""
            while !stopping.current {
                do {
                    try reconcile()
                } catch {
                    // Said once per distinct failure, so a machine that never comes up has a cause in the log.
                    if "\(error)" != reported { FileHandle.standardError.write(Data("EC2Emulator: \(error)\n".utf8)) }
                    reported = "\(error)"
                }
                usleep(100_000)
            }
            watcherDone.signal()
        }
        thread.start()
    }

    func setDark(_ names: Set<String>) { dark.update { $0 = names } }

    /// The instances moto holds, by id (terminated ones too).
    func instances() throws -> [EC2Instance] {
        try client.call("DescribeInstances").items("reservationSet").flatMap { $0.items("instancesSet") }.map(EC2Instance.init)
    }

    /// Instance ids by reservation: one RunInstances call made each reservation.
    func reservations() throws -> [[String]] {
        try client.call("DescribeInstances").items("reservationSet").map { $0.items("instancesSet").compactMap { $0.value("instanceId") } }
    }

    /// Makes the machines match moto: one per running instance of the subnet not named dark.
    private func reconcile() throws {
        for instance in try instances() {
            guard let address = instance.privateIP, address.hasPrefix(subnetPrefix) else { continue }
            // An instance counts once it has its Name (sous tags it just after the launch): the
            // dark ones are known by it.
            guard let name = instance.tags["Name"] else { continue }
            let wanted = instance.state == "running" && !dark.current.contains(name)
            let running = up.current[instance.id]
            if wanted && running == nil {
                let folder = root.appendingPathComponent("instances/\(instance.id)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let namespace = "e\(getpid() % 100_000)\(self.instance)x\(address.split(separator: ".").last ?? "0")"
                let started = try ProcessRunner.run(NamespaceMachines.script, ["start", folder.path, namespace, String(getpid())], environment: [
                    "MACHINE_ADDRESS": "\(address)/24", "BRIDGE": bridge, "AUTHORIZED_KEYS": publicKey.path, "KEEP_ETC_CHEF": "yes",
                ], timeout: 60)
                guard started.status == 0 else {
                    throw ChefServerFixture.FixtureError(description: "no machine for \(instance.id) at \(address): \(started.stderr)")
                }
                up.update { $0[instance.id] = (namespace, folder) }
            } else if !wanted, let running {
                _ = try? ProcessRunner.run(NamespaceMachines.script, ["stop", running.folder.path, running.namespace], timeout: 30)
                up.update { $0[instance.id] = nil }
            }
        }
    }

    private var subnetPrefix: String {
        subnetCIDR.split(separator: "/")[0].split(separator: ".").dropLast().joined(separator: ".") + "."
    }

    /// Whether the machine of an instance is up now.
    func isUp(_ id: String) -> Bool { up.current[id] != nil }

    func stop() {
        stopping.update { $0 = true }
        _ = watcherDone.wait(timeout: .now() + 30)
        teardown()
    }

    private func teardown() {
        for (_, running) in up.current {
            _ = try? ProcessRunner.run(NamespaceMachines.script, ["stop", running.folder.path, running.namespace], timeout: 30)
        }
        up.update { $0 = [:] }
        _ = try? ProcessRunner.run("/usr/sbin/ip", ["link", "del", bridge])
        moto.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// A /24 in 10.200.0.0/13 that overlaps no route of this host (any table), so the
    /// emulated instances' addresses reach nothing but the test's own machines.
    static func freeSubnet() throws -> String {
        let routes = try ProcessRunner.run("/usr/sbin/ip", ["-4", "route", "show", "table", "all"]).stdout
        let kinds: Set<String> = ["local", "broadcast", "unicast", "multicast", "anycast", "unreachable", "blackhole", "prohibit", "throw", "nat"]
        var taken: [(UInt32, UInt32)] = []
        for line in routes.split(separator: "\n") {
            var words = line.split(separator: " ").map(String.init)
            if let first = words.first, kinds.contains(first) { words.removeFirst() }
            guard let destination = words.first, destination != "default", let network = Self.network(destination) else { continue }
            taken.append(network)
        }
        for _ in 0..<500 {
            let candidate = "10.\(Int.random(in: 200...254)).\(Int.random(in: 0...255)).0/24"
            guard let (address, mask) = Self.network(candidate) else { continue }
            if !taken.contains(where: { ($0.0 & min($0.1, mask)) == (address & min($0.1, mask)) }) { return candidate }
        }
        throw ChefServerFixture.FixtureError(description: "no /24 in 10.200.0.0/13 is free of this host's routes")
    }

    /// An IPv4 network as (address, mask); masks compare as numbers (shorter prefix, smaller mask).
    static func network(_ text: String) -> (UInt32, UInt32)? {
        let parts = text.split(separator: "/")
        let octets = parts[0].split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return nil }
        let length = parts.count > 1 ? UInt32(parts[1]) ?? 32 : 32
        let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << (32 - length)
        return (octets.reduce(0) { $0 << 8 | $1 } & mask, mask)
    }
}
