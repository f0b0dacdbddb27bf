import Foundation

/// A local-driver cluster for one test: its own state folder (`SOUS_LOCAL_STATE`) and a
/// cluster name of its own, so its bridge, namespaces and links are the test's alone.
/// `cleanup()` (in a `defer`) removes what is left by the exact names the driver gives this
/// cluster's things — init processes by PID, links by the cluster's alias, namespaces by
/// name — and the state folder, also when the test failed; and a watcher does the same if
/// the test process dies without its teardown.
final class LocalClusterFixture: @unchecked Sendable {
    let state: URL
    let cluster: String
    let knifeRB: String
    private static let counter = NamespaceMachines.Counter()

    init() throws {
        state = try TestPaths.makeScratchDirectory("local")
        cluster = "t\(getpid() % 100_000)x\(Self.counter.next())"
        knifeRB = try ChefServerFixture.server.knifeRB
        // Should this test process die without its teardown, this removes what is left.
        _ = try ProcessRunner.start(TestPaths.fixtures.appendingPathComponent("local/remove-when-gone").path,
                                    [String(getpid()), state.path, cluster])
    }

    var environment: [String: String] { ["SOUS_LOCAL_STATE": state.path] }

    /// A machine name unique on the shared Chef server.
    func machine(_ label: String) -> String { "\(cluster)-\(label)" }

    /// Runs a recipe with `sous -c knife.rb`.
    func run(_ recipe: String, _ label: String) throws -> ProcessResult {
        let file = state.appendingPathComponent("\(label).rb")
        try recipe.write(to: file, atomically: false, encoding: .utf8)
        return try ProcessRunner.run(TestPaths.sous, ["-c", knifeRB, file.path], environment: environment, timeout: 180)
    }

    /// `sous machine ...` (or any sous command) against the test's Chef server.
    func sous(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.sous, arguments, environment: environment, timeout: 60)
    }

    /// A batch of `machines` with `action`, converging nothing unless a strategy is given.
    func batch(_ machines: [String], action: String, strategy: String = "none") -> String {
        "with_driver 'local:\(cluster)'\nmachine_batch 'batch' do\n  action :\(action)\n"
            + machines.map { "  machine '\($0)' do\n    machine_options convergence_options: { strategy: '\(strategy)' }\n  end\n" }.joined()
            + "end\n"
    }

    // MARK: What is on the host

    var namespaces: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []).filter { $0.hasPrefix("sous.\(cluster).") }.sorted()
    }

    /// Links whose alias is this cluster's (its bridge and its machines' veths).
    var links: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).filter { link in
            let alias = (try? String(contentsOfFile: "/sys/class/net/\(link)/ifalias", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return alias == "sous-local \(cluster)" || alias.hasPrefix("sous-local \(cluster)/")
        }.sorted()
    }

    /// Init processes of machines kept in this test's state folder.
    var initProcesses: [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let command = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(entry)/cmdline")),
                  let text = String(data: command, encoding: .utf8) else { return nil }
            let words = text.split(separator: "\0")
            guard words.count > 1, words[1] == "local-machine-init", text.contains(state.path + "/") else { return nil }
            return pid
        }
    }

    /// The cluster's host-side filter (nftables), by the exact name the driver gives it.
    var filterTable: String { "sous_local_" + cluster.replacingOccurrences(of: "-", with: "_") }
    var filterTableExists: Bool { (try? ProcessRunner.run("/usr/sbin/nft", ["list", "table", "inet", filterTable]))?.status == 0 }

    var clusterFolderExists: Bool { FileManager.default.fileExists(atPath: state.appendingPathComponent(cluster).path) }

    func cleanup() {
        for pid in initProcesses { kill(pid, SIGKILL) }
        for _ in 0..<200 where !initProcesses.isEmpty { usleep(10_000) }
        let bridge = links.first { link in
            (try? String(contentsOfFile: "/sys/class/net/\(link)/ifalias", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) == "sous-local \(cluster)"
        }
        for link in links where link != bridge { _ = try? ProcessRunner.run("/usr/sbin/ip", ["link", "del", link]) }
        for namespace in namespaces { _ = try? ProcessRunner.run("/usr/sbin/ip", ["netns", "del", namespace]) }
        if let bridge { _ = try? ProcessRunner.run("/usr/sbin/ip", ["link", "del", bridge]) }
        if filterTableExists { _ = try? ProcessRunner.run("/usr/sbin/nft", ["delete", "table", "inet", filterTable]) }
        try? FileManager.default.removeItem(at: state)
    }
}

/// How a TCP connection attempt ended.
enum TCPOutcome: Equatable {
    case connected, refused, timedOut, other(Int32)

    static func attempt(_ host: String, _ port: Int, timeout: Double) -> TCPOutcome {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let started = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if started == 0 { return .connected }
        guard errno == EINPROGRESS else { return errno == ECONNREFUSED ? .refused : .other(errno) }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else { return .timedOut }
        var error: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
        return error == 0 ? .connected : error == ECONNREFUSED ? .refused : .other(error)
    }
}
