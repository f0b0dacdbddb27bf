import Foundation
import Testing

/// What a local machine cannot do to its host, and what another Chef server cannot do to a
/// machine: tried for real, as root inside real local machines and through a second goiardi,
/// and checked on the host directly.
@Suite(.chefServer) struct LocalConfinementTests {
    func ssh(_ local: LocalClusterFixture, _ machine: String, _ command: String, config: String? = nil) throws -> ProcessResult {
        try local.sous(["machine", "ssh", "-c", config ?? local.knifeRB, machine, command])
    }

    /// Root in a machine replaces its /etc/ssh with a link to a host folder: the host never
    /// writes there (starting the machine is refused, naming the link), and a destroy
    /// removes the link, not what it points to.
    @Test func aLinkInAMachineNeverTakesAHostWriteOutOfIt() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let machine = local.machine("link")
        #expect(try local.run(local.batch([machine], action: "ready"), "ready").status == 0)
        let target = local.state.appendingPathComponent("host-folder")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try "the host's\n".write(to: target.appendingPathComponent("keep.txt"), atomically: false, encoding: .utf8)

        let planted = try ssh(local, machine, "cp -a /etc/ssh /tmp/X && rm -rf /etc/ssh && ln -s \(target.path) /etc/ssh && ln -s \(target.path) /root/link")
        #expect(planted.status == 0, "\(planted.stderr)")
        #expect(try local.sous(["machine", "stop", "-c", local.knifeRB, machine]).status == 0)
        let start = try local.sous(["machine", "start", "-c", local.knifeRB, machine])
        #expect(start.status == 1)
        #expect(start.stderr.contains("machine \(machine): /etc/ssh is a symbolic link (to \(target.path))"), "\(start.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["keep.txt"])

        let destroyed = try local.run(local.batch([machine], action: "destroy"), "destroy")
        #expect(destroyed.status == 0, "\(destroyed.stdout)\(destroyed.stderr)")
        #expect(try String(contentsOf: target.appendingPathComponent("keep.txt"), encoding: .utf8) == "the host's\n")
        #expect(local.namespaces.isEmpty && local.links.isEmpty && !local.clusterFolderExists && !local.filterTableExists)
    }

    /// Root in a machine has no capability to change its network, mount, load modules,
    /// trace or make devices; a route it got anyway leads only to its cluster's host address;
    /// the host's secrets and disks are not in its files.
    @Test func aMachineReachesOnlyItsClusterAndReadsNoHostSecret() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let machine = local.machine("fence")
        #expect(try local.run(local.batch([machine], action: "ready"), "ready").status == 0)

        let status = try ssh(local, machine, "grep CapBnd /proc/self/status")
        let bounding = try #require(UInt64(status.stdout.split(separator: "\t").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "", radix: 16))
        for (name, bit) in [("CAP_NET_ADMIN", 12), ("CAP_SYS_ADMIN", 21), ("CAP_SYS_MODULE", 16), ("CAP_SYS_PTRACE", 19),
                            ("CAP_SYS_RAWIO", 17), ("CAP_DAC_READ_SEARCH", 2), ("CAP_MKNOD", 27), ("CAP_SYS_BOOT", 22)] {
            #expect(bounding & (1 << UInt64(bit)) == 0, "\(name) is still in the machine's bounding set \(String(bounding, radix: 16))")
        }
        let bridge = try #require(try ssh(local, machine, "getent hosts sous-host").stdout.split(separator: " ").first.map(String.init))
        #expect(try ssh(local, machine, "ip route add default via \(bridge)").status != 0)
        #expect(try ssh(local, machine, "mount -t tmpfs none /mnt").status != 0)
        #expect(try ssh(local, machine, "mknod /tmp/disk b 8 0").status != 0)
        #expect(try ssh(local, machine, "echo x > /proc/sys/kernel/core_pattern").status != 0)
        #expect(try ssh(local, machine, "find /dev -type b | wc -l").stdout == "0\n")

        // Given a default route from outside (as if it had kept CAP_NET_ADMIN), the machine
        // still reaches the host only at its bridge address.
        let hostAddress = try #require(Self.hostAddressOffTheBridges())
        let listener = try TCPListener()
        defer { listener.close() }
        #expect(try ProcessRunner.run("/usr/sbin/ip", ["-n", "sous.\(local.cluster).\(machine)", "route", "add", "default", "via", bridge]).status == 0)
        let toBridge = try ssh(local, machine, "timeout 5 bash -c 'echo > /dev/tcp/\(bridge)/\(listener.port)'")
        #expect(toBridge.status == 0, "\(toBridge.stderr)")
        let elsewhere = try ssh(local, machine, "timeout 3 bash -c 'echo > /dev/tcp/\(hostAddress)/\(listener.port)'")
        #expect(elsewhere.status != 0, "the machine reached the host at \(hostAddress)")

        // Secrets: the host's SSH host keys, /root, the state folder and the Chef key's folder.
        let server = try ChefServerFixture.server
        for key in ((try? FileManager.default.contentsOfDirectory(atPath: "/etc/ssh")) ?? []) where key.hasPrefix("ssh_host_") && key.hasSuffix("_key") {
            #expect(try ssh(local, machine, "test -e /etc/ssh/\(key)").status != 0, "/etc/ssh/\(key) is readable in the machine")
        }
        #expect(try ssh(local, machine, "ls -A /root").stdout == "")
        #expect(try ssh(local, machine, "ls -A \(local.state.path)").stdout == "")
        #expect(try ssh(local, machine, "cat \(server.adminKey)").status != 0)
        #expect(try ssh(local, machine, "awk -F: '$2 != \"*\" && $2 != \"\" { print $1 }' /etc/shadow").stdout == "")
        // What it writes in its own /root stays its own, across a restart.
        #expect(try ssh(local, machine, "echo mine > /root/mine.txt").status == 0)
        #expect(try local.run(local.batch([machine], action: "stop"), "stop").status == 0)
        #expect(try local.run(local.batch([machine], action: "ready"), "ready-again").status == 0)
        #expect(try ssh(local, machine, "cat /root/mine.txt").stdout == "mine\n")
        #expect(try local.run(local.batch([machine], action: "destroy"), "destroy").status == 0)
        #expect(!local.filterTableExists)
    }

    /// A host key changed inside the machine is never recorded: starting it is refused, and
    /// it starts again with the driver's own key once the changed one is gone.
    @Test func aHostKeyTheDriverDidNotMakeIsRefused() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let machine = local.machine("hostkey")
        #expect(try local.run(local.batch([machine], action: "ready"), "ready").status == 0)
        let knownHosts = local.state.appendingPathComponent("\(local.cluster)/known_hosts")
        let recorded = try String(contentsOf: knownHosts, encoding: .utf8)
        let swapped = try ssh(local, machine, "ssh-keygen -q -t ed25519 -N '' -f /tmp/k && cp /tmp/k /etc/ssh/sous_host_ed25519_key && cp /tmp/k.pub /etc/ssh/sous_host_ed25519_key.pub")
        #expect(swapped.status == 0, "\(swapped.stderr)")
        #expect(try local.sous(["machine", "stop", "-c", local.knifeRB, machine]).status == 0)
        let start = try local.sous(["machine", "start", "-c", local.knifeRB, machine])
        #expect(start.status == 1)
        #expect(start.stderr.contains("is not the key the local driver made for it"), "\(start.stderr)")
        let rerun = try local.run(local.batch([machine], action: "ready"), "ready-again")
        #expect(rerun.status == 1)
        #expect(try String(contentsOf: knownHosts, encoding: .utf8) == recorded)

        let upperKey = local.state.appendingPathComponent("\(local.cluster)/machines/\(machine)/upper/etc/ssh/sous_host_ed25519_key")
        try FileManager.default.removeItem(at: upperKey)
        #expect(try local.sous(["machine", "start", "-c", local.knifeRB, machine]).status == 0)
        let presented = try ProcessRunner.run("/usr/bin/ssh-keygen", ["-y", "-f", upperKey.path]).stdout.split(separator: " ").prefix(2).joined(separator: " ")
        #expect(recorded.contains(presented))
        #expect(try ssh(local, machine, "hostname").stdout == "\(machine)\n")
        #expect(try local.run(local.batch([machine], action: "destroy"), "destroy").status == 0)
    }

    /// A second Chef server whose node names a machine of the cluster cannot destroy, stop,
    /// kill, partition or reach it; gc through it keeps it. The machine's record follows its
    /// own server to another address; a server that is gone gives its machines up to gc.
    @Test func anotherChefServerCannotActOnAMachine() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let serverA = try ChefServerFixture.server
        let serverB = try ChefServerFixture.start()
        defer { serverB.stop() }
        let machine = local.machine("owned")
        #expect(try local.run(local.batch([machine], action: "ready"), "ready").status == 0)

        let node = #"{"name":"\#(machine)","chef_type":"node","json_class":"Chef::Node","normal":{"chef_provisioning":{"driver_url":"local:\#(local.cluster)","reference":{"driver_url":"local:\#(local.cluster)","cluster":"\#(local.cluster)"}}}}"#
        #expect(try serverB.rubyRequest("POST", "nodes", body: node).status == 201)
        let destroy = try ProcessRunner.run(TestPaths.sous, ["-c", serverB.knifeRB, try write(local.batch([machine], action: "destroy"), local, "destroy-b")],
                                            environment: local.environment, timeout: 120)
        #expect(destroy.status == 1)
        #expect(destroy.stdout.contains("sous will not destroy machine \(machine) of local cluster \(local.cluster): it was made for the Chef server at \(serverA.url)"),
                "\(destroy.stdout)\(destroy.stderr)")
        for command in ["stop", "kill", "partition", "heal", "start"] {
            let refused = try local.sous(["machine", command, "-c", serverB.knifeRB, machine])
            #expect(refused.status == 1 && refused.stderr.contains("it was made for the Chef server at \(serverA.url)"), "\(command): \(refused.stderr)")
        }
        #expect(try ssh(local, machine, "hostname", config: serverB.knifeRB).status == 1)
        #expect(local.initProcesses.count == 1)
        #expect(try serverA.rubyRequest("GET", "nodes/\(machine)").status == 200)
        #expect(try ssh(local, machine, "hostname").stdout == "\(machine)\n")
        #expect(try local.sous(["machine", "gc", "-c", serverB.knifeRB]).stdout.contains("nothing to collect"))

        // A machine of B, whose server then goes away: kept by gc through A until B is named gone.
        let orphan = local.machine("of-b")
        let made = try ProcessRunner.run(TestPaths.sous, ["-c", serverB.knifeRB, try write(local.batch([orphan], action: "ready"), local, "ready-b")],
                                         environment: local.environment, timeout: 120)
        #expect(made.status == 0, "\(made.stdout)\(made.stderr)")
        let live = try local.sous(["machine", "gc", "-c", local.knifeRB, "--server-gone", serverB.url])
        #expect(live.status == 1 && live.stderr.contains("the Chef server at \(serverB.url) is not gone"), "\(live.stderr)")
        serverB.stop()
        let kept = try local.sous(["machine", "gc", "-c", local.knifeRB])
        #expect(kept.stdout.contains("kept machine \(orphan) of local cluster \(local.cluster): made for the Chef server at \(serverB.url)"), "\(kept.stdout)")
        let swept = try local.sous(["machine", "gc", "--yes", "-c", local.knifeRB, "--server-gone", serverB.url])
        #expect(swept.stdout.contains("- removed machine \(orphan)"), "\(swept.stdout)\(swept.stderr)")
        #expect(local.namespaces == ["sous.\(local.cluster).\(machine)"])

        // Reached through another address of its own server (a proxy), the record follows:
        // gc through that address sees the machine as its own once its node is gone.
        let proxyFolder = try TestPaths.makeScratchDirectory("owner-proxy")
        defer { try? FileManager.default.removeItem(at: proxyFolder) }
        let proxy = try ServerFaultTests.FaultProxy(["none"], folder: proxyFolder)
        defer { proxy.stop() }
        let viaProxy = try ProcessRunner.run(TestPaths.sous, ["-c", proxy.knifeRB, try write(local.batch([machine], action: "ready"), local, "ready-proxy")],
                                             environment: local.environment, timeout: 120)
        #expect(viaProxy.status == 0, "\(viaProxy.stdout)\(viaProxy.stderr)")
        let record = try String(contentsOf: local.state.appendingPathComponent("\(local.cluster)/machines/\(machine)/machine.json"), encoding: .utf8)
        #expect(record.contains(proxy.url), "\(record)")
        #expect(try local.sous(["knife", "node", "delete", machine, "-y", "-c", proxy.knifeRB]).status == 0)
        let collected = try local.sous(["machine", "gc", "--yes", "-c", proxy.knifeRB])
        #expect(collected.stdout.contains("- removed machine \(machine)"), "\(collected.stdout)\(collected.stderr)")
        #expect(local.namespaces.isEmpty && local.links.isEmpty && !local.clusterFolderExists && !local.filterTableExists)
    }

    /// Two runs on one cluster at once: the second waits for the first, says so, and finds
    /// its work done; nothing is made twice.
    @Test func twoRunsAtOnceTakeTurns() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let names = (1...3).map { local.machine("turn\($0)") }
        let recipe = try write(local.batch(names, action: "setup"), local, "bring-up")
        let logs = (1...2).map { local.state.appendingPathComponent("run-\($0).log") }
        let runs = try logs.map { log in
            try ProcessRunner.start("/bin/sh", ["-c", "exec \"$0\" -c \"$1\" \"$2\" > \"$3\" 2>&1", TestPaths.sous, local.knifeRB, recipe, log.path],
                                    environment: local.environment)
        }
        for run in runs { #expect(run.waitForExit(timeout: 180) == 0) }
        let outputs = try logs.map { try String(contentsOf: $0, encoding: .utf8) }
        #expect(outputs.contains { $0.contains("local cluster \(local.cluster) is in use by sous run PID") }, "\(outputs)")
        #expect(outputs.allSatisfy { $0.contains("Infra Phase complete") }, "\(outputs)")
        #expect(local.namespaces.count == 3 && local.initProcesses.count == 3)
        let clients = try local.sous(["knife", "client", "list", "-c", local.knifeRB]).stdout.split(separator: "\n")
        #expect(clients.filter { $0.hasPrefix(local.cluster + "-") }.count == 3)
        #expect(try local.run(local.batch(names, action: "destroy"), "destroy").status == 0)
    }

    /// Names the Chef server or the kernel would refuse are refused first, saying what is
    /// wrong, with nothing made.
    @Test func badMachineNamesAreRefusedBeforeAnythingIsMade() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let long = local.machine(String(repeating: "x", count: 100))
        let cases: [(String, String)] = [
            ("", "a machine name cannot be empty"),
            ("web 1", "has \" \" at position 4"),
            ("a/b", "has \"/\" at position 2"),
            ("..", "is not a name a URL can carry"),
            ("semi;colon", "has \";\" at position 5"),
            ("new\\nline", "has \"\\n\" at position 4"),
            (long, "characters long; a local machine's name is its hostname, at most 63"),
        ]
        for (name, problem) in cases {
            let recipe = "with_driver 'local:\(local.cluster)'\nmachine \"\(name)\" do\n  action :ready\nend\n"
            let result = try local.run(recipe, "name-\(abs(name.hashValue))")
            #expect(result.status == 1, "\(name.debugDescription)")
            #expect((result.stdout + result.stderr).contains(problem), "\(name.debugDescription): \(result.stdout)\(result.stderr)")
        }
        #expect(local.namespaces.isEmpty && local.links.isEmpty && !local.clusterFolderExists)
        let nodes = try local.sous(["knife", "node", "list", "-c", local.knifeRB]).stdout.split(separator: "\n")
        #expect(!nodes.contains { $0.hasPrefix(local.cluster) || $0.isEmpty })
    }

    // MARK: Helpers

    func write(_ recipe: String, _ local: LocalClusterFixture, _ label: String) throws -> String {
        let file = local.state.appendingPathComponent("\(label).rb")
        try recipe.write(to: file, atomically: false, encoding: .utf8)
        return file.path
    }

    /// An IPv4 address of this host that is on none of the local driver's bridges.
    static func hostAddressOffTheBridges() -> String? {
        guard let text = try? ProcessRunner.run("/usr/sbin/ip", ["-4", "-o", "addr", "show"]).stdout else { return nil }
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count > 3, !words[1].hasPrefix("sous-"), words[1] != "lo",
                  let inet = words.firstIndex(of: "inet"), inet + 1 < words.count else { continue }
            return String(words[inet + 1].split(separator: "/")[0])
        }
        return nil
    }
}

/// A TCP listener on every address of the host, accepting in the background, closed by
/// the test.
final class TCPListener: @unchecked Sendable {
    let fd: Int32
    let port: Int
    private var thread: Thread?

    init() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = INADDR_ANY
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening, $0, length) == 0 && getsockname(listening, $0, &length) == 0 }
        }
        guard bound, listen(listening, 16) == 0 else { throw ChefServerFixture.FixtureError(description: "cannot listen: \(errno)") }
        fd = listening
        port = Int(UInt16(bigEndian: address.sin_port))
        thread = Thread {
            while true {
                let client = accept(listening, nil, nil)
                if client < 0 { return }
                Glibc.close(client)
            }
        }
        thread?.start()
    }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }
}
