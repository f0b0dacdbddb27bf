import Foundation

/// Machines for provisioning tests: each an sshd in a network namespace of its own with a
/// private /etc/chef and /usr/local/bin (`Tests/Fixtures/ssh/sshd-in-namespace`), reached
/// over its own veth. Started together, all logging in with one Ed25519 key; `stop()`
/// removes every namespace, also when the test failed (call it in a `defer`), and they stop
/// on their own if the test process dies.
final class NamespaceMachines: @unchecked Sendable {
    struct Machine {
        let name: String
        let namespace: String
        let folder: URL
        let address: String

        /// Reads a file as the machine sees it (inside its mount namespace).
        func read(_ path: String) throws -> String? {
            let result = try inside(["cat", path])
            return result.status == 0 ? result.stdout : nil
        }

        /// Runs a command inside the machine's mount namespace (its own /etc).
        func inside(_ command: [String]) throws -> ProcessResult {
            let pid = try String(contentsOf: folder.appendingPathComponent("pid"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return try ProcessRunner.run("/usr/bin/nsenter", ["-t", pid, "-m"] + command)
        }
    }

    static let script = TestPaths.fixtures.appendingPathComponent("ssh/sshd-in-namespace").path
    let root: URL
    let key: URL
    private(set) var machines: [Machine] = []

    private static let counter = Counter()
    private let instance: Int

    /// Starts `count` machines named `prefix1`, `prefix2`...; with `passwordLogin`, their
    /// sshds also take passwords.
    init(_ count: Int, prefix: String, passwordLogin: Bool = false) throws {
        instance = Self.counter.next()
        root = try TestPaths.makeScratchDirectory("namespaces")
        key = root.appendingPathComponent("client_ed25519")
        _ = try ProcessRunner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test client", "-f", key.path])
        do {
            for index in 1...count {
                let folder = root.appendingPathComponent("\(prefix)\(index)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for file in ["client_ed25519", "client_ed25519.pub"] {
                    try FileManager.default.copyItem(at: root.appendingPathComponent(file), to: folder.appendingPathComponent(file))
                }
                // Namespace and veth names are the test's own: this process's PID, this set of
                // machines and the index.
                let namespace = "s\(getpid() % 100_000)\(instance)x\(index)"
                let started = try ProcessRunner.run(Self.script, ["start", folder.path, namespace, String(getpid())],
                                                    environment: ["SSHD_PASSWORD_LOGIN": passwordLogin ? "yes" : "no"], timeout: 60)
                guard started.status == 0 else {
                    throw ChefServerFixture.FixtureError(description: "sshd-in-namespace start \(namespace): \(started.stderr)")
                }
                let address = try String(contentsOf: folder.appendingPathComponent("address"), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                machines.append(Machine(name: "\(prefix)\(index)", namespace: namespace, folder: folder, address: address))
            }
        } catch {
            stop()
            throw error
        }
    }

    /// Numbers the sets of machines one test process makes.
    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }

    func stop() {
        for machine in machines {
            _ = try? ProcessRunner.run(Self.script, ["stop", machine.folder.path, machine.namespace], timeout: 30)
        }
        machines = []
        try? FileManager.default.removeItem(at: root)
    }

    /// A `machine` block's options for one of these machines: no converge unless a
    /// strategy is given; `cookbooks` is the cookbook_path of the machine's client run.
    func options(for machine: Machine, strategy: String = "none", cookbooks: String? = nil) -> String {
        let chefConfig = cookbooks.map { ", chef_config: \"cookbook_path '\($0)'\\n\"" } ?? ""
        return """
        machine_options transport_options: {
            'ip_address' => '\(machine.address)', username: 'root',
            ssh_options: { keys: ['\(key.path)'], keys_only: true, verify_host_key: :accept_new,
                           user_known_hosts_file: '\(root.path)/known_hosts', timeout: 3 }
          }, convergence_options: { strategy: '\(strategy)'\(chefConfig) }, ready_timeout: 3
        """
    }
}
