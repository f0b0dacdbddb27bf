import Foundation
import Testing

/// Provisioning against machines that are real sshds in network namespaces the test makes,
/// each with its own /etc/chef: what setup leaves on a machine is checked from inside it,
/// independently of sous, against what the Chef server holds.
@Suite(.chefServer) struct NamespaceProvisioningTests {
    func run(_ recipe: String, in folder: URL, _ label: String) throws -> ProcessResult {
        let file = folder.appendingPathComponent("\(label).rb")
        try recipe.write(to: file, atomically: false, encoding: .utf8)
        return try ProcessRunner.run(TestPaths.sous, ["-c", try ChefServerFixture.server.knifeRB, file.path], timeout: 180)
    }

    @Test func everyStageTwiceThenTheMachineAndServerAgree() throws {
        let server = try ChefServerFixture.server
        let machines = try NamespaceMachines(1, prefix: "ns-stage")
        defer { machines.stop() }
        let machine = machines.machines[0]
        for action in ["allocate", "ready", "setup"] {
            let recipe = "with_driver 'ssh'\nmachine '\(machine.name)' do\n  \(machines.options(for: machine))\n  recipe 'app'\n  action :\(action)\nend\n"
            let first = try run(recipe, in: machines.root, "\(action)-1")
            #expect(first.status == 0, "\(action): \(first.stdout)\(first.stderr)")
            let second = try run(recipe, in: machines.root, "\(action)-2")
            #expect(second.status == 0, "\(action) again: \(second.stderr)")
            #expect(second.stdout.contains("* machine[\(machine.name)] action \(action) (up to date)"), "\(action) again: \(second.stdout)")
        }
        // The key on the machine is the client's; client.rb names the server and the node.
        let key = try #require(try machine.read("/etc/chef/client.pem"))
        let keyFile = machines.root.appendingPathComponent("from-machine.pem")
        try key.write(to: keyFile, atomically: false, encoding: .utf8)
        let publicKey = try ProcessRunner.run("/usr/bin/openssl", ["pkey", "-in", keyFile.path, "-pubout"]).stdout
        let client = try server.rubyGet("clients/\(machine.name)")
        #expect((client["public_key"] as? String)?.filter { !$0.isWhitespace } == publicKey.filter { !$0.isWhitespace })
        #expect(try server.rubyRequest("GET", "nodes/\(machine.name)", user: machine.name, key: keyFile.path).status == 200)
        let clientRB = try #require(try machine.read("/etc/chef/client.rb"))
        #expect(clientRB.contains("chef_server_url '\(server.url)'\n"))
        #expect(clientRB.contains("node_name '\(machine.name)'\n"))
        #expect(clientRB.contains("client_key '/etc/chef/client.pem'\n"))
        // Nothing of it reached the host's own /etc/chef.
        #expect(!FileManager.default.fileExists(atPath: "/etc/chef/client.pem"))
        let node = try server.rubyGet("nodes/\(machine.name)")
        #expect(node["run_list"] as? [String] == ["recipe[app]"])
        let reference = ((node["normal"] as? [String: Any])?["chef_provisioning"] as? [String: Any])?["reference"] as? [String: Any]
        #expect(reference?["host"] as? String == machine.address)

        // `sous machine list` and `sous machine ssh` find it from the spec on the server.
        let knife = server.knifeRB
        let list = try ProcessRunner.run(TestPaths.sous, ["machine", "list", "-c", knife])
        #expect(list.status == 0, "\(list.stderr)")
        let row = list.stdout.split(separator: "\n").first { $0.hasPrefix(machine.name + " ") }.map { $0.split(separator: " ").map(String.init) }
        #expect(row == [machine.name, "ssh", machine.address, "-", "allocated"], "\(list.stdout)")
        let command = try ProcessRunner.run(TestPaths.sous, ["machine", "ssh", "-c", knife, machine.name, "cat /etc/chef/client.rb; exit 7"])
        #expect(command.status == 7)
        #expect(command.stdout == clientRB)
        // Without a command, OpenSSH's shell, checking the host key sous recorded.
        let shell = try ProcessRunner.run(TestPaths.sous, ["machine", "ssh", "-c", knife, machine.name], input: "cat /etc/chef/client.rb\n")
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(shell.stdout == clientRB)
        let unknown = try ProcessRunner.run(TestPaths.sous, ["machine", "ssh", "-c", knife, "no-such-machine", "true"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("there is no node no-such-machine at \(server.url)"))
    }

    /// The Chef server listens on the host's loopback only; the machine's own client run
    /// reaches it through the port that the SSH connection forwards back (the same port, so
    /// client.rb names the server as the workstation knows it).
    @Test func aConvergeReachesTheHostsLoopbackServerThroughAForwardedPort() throws {
        let server = try ChefServerFixture.server
        let machines = try NamespaceMachines(1, prefix: "ns-converge")
        defer { machines.stop() }
        let machine = machines.machines[0]
        let marker = machines.root.appendingPathComponent("marker.txt")
        let cookbooks = TestPaths.fixtures.appendingPathComponent("provisioning/cookbooks").path
        func recipe(_ action: String) -> String {
            """
            with_driver 'ssh'
            machine '\(machine.name)' do
              \(machines.options(for: machine, strategy: "sous", cookbooks: cookbooks))
              recipe 'marker'
              attributes 'marker' => { 'path' => '\(marker.path)' }
              action :\(action)
            end
            """
        }
        let first = try run(recipe("converge"), in: machines.root, "converge-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("- install sous on \(machine.name) at /usr/local/bin/sous"))
        #expect(first.stdout.contains("- converge \(machine.name)"))
        #expect(try String(contentsOf: marker, encoding: .utf8).hasPrefix("converged \(machine.name) with run list recipe[marker]"))
        // The machine's run saved its node, with what it found out about itself.
        let node = try server.rubyGet("nodes/\(machine.name)")
        #expect((node["automatic"] as? [String: Any])?["hostname"] != nil)
        #expect(try machine.read("/etc/chef/client.rb")?.contains("chef_server_url '\(server.url)'\n") == true)

        let second = try run(recipe("converge"), in: machines.root, "converge-2")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("* machine[\(machine.name)] action converge (up to date)"), "\(second.stdout)")
        // converge_only converges every time, through a forward on a new connection (the
        // marker, removed before each, is written again).
        for attempt in 1...2 {
            try FileManager.default.removeItem(at: marker)
            let only = try run(recipe("converge_only"), in: machines.root, "converge-only-\(attempt)")
            #expect(only.status == 0, "\(only.stdout)\(only.stderr)")
            #expect(only.stdout.contains("- converge \(machine.name)"))
            #expect(!only.stdout.contains("- install sous"))
            #expect(FileManager.default.fileExists(atPath: marker.path))
        }
    }

    /// Key material given as `key_data` logs in but never reaches the node; a command that
    /// reads its standard input gets an empty one and ends; downloads keep the machine's
    /// mode; `ssh_options port` is the port used.
    @Test func keyDataStandardInputModesAndPorts() throws {
        let server = try ChefServerFixture.server
        let machines = try NamespaceMachines(1, prefix: "ns-secrets")
        defer { machines.stop() }
        let machine = machines.machines[0]
        let root = machines.root
        let key = try String(contentsOf: machines.key, encoding: .utf8)
        let secret = root.appendingPathComponent("client.pem")
        let shared = root.appendingPathComponent("shared.txt")
        let recipe = """
            with_driver 'ssh'
            machine '\(machine.name)' do
              machine_options transport_options: {
                  'ip_address' => '\(machine.address)', username: 'root',
                  ssh_options: { key_data: [File.read('\(machines.key.path)')], keys_only: true, verify_host_key: :accept_new,
                                 user_known_hosts_file: '\(root.path)/known_hosts', timeout: 3 }
                }, convergence_options: { strategy: 'none' }
              action :setup
            end
            machine_file '/etc/chef/client.pem' do
              machine '\(machine.name)'
              local_path '\(secret.path)'
              action :download
            end
            machine_file '/etc/sous-shared.txt' do
              machine '\(machine.name)'
              content "shared\\n"
              mode '0640'
            end
            machine_file '/etc/sous-shared.txt' do
              machine '\(machine.name)'
              local_path '\(shared.path)'
              action :download
            end
            machine_execute 'cat' do
              machine '\(machine.name)'
            end
            """
        let setup = try run(recipe, in: root, "key-data")
        #expect(setup.status == 0, "\(setup.stdout)\(setup.stderr)")
        let keyBody = key.split(separator: "\n").dropFirst().first.map(String.init) ?? key
        let (_, nodeJSON) = try server.rubyRequest("GET", "nodes/\(machine.name)")
        let stored = String(data: try JSONSerialization.data(withJSONObject: try #require(nodeJSON)), encoding: .utf8) ?? ""
        #expect(!stored.contains("PRIVATE KEY") && !stored.contains(keyBody) && !stored.contains("key_data"), "\(stored)")
        #expect(!setup.stdout.contains(keyBody) && !setup.stderr.contains(keyBody))
        #expect(try FileManager.default.attributesOfItem(atPath: secret.path)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: shared.path)[.posixPermissions] as? Int == 0o640)


        let wrongPort = try run("""
            with_driver 'ssh'
            machine '\(machine.name)-port' do
              machine_options transport_options: { 'ip_address' => '\(machine.address)', username: 'root',
                ssh_options: { port: 2299, keys: ['\(machines.key.path)'], keys_only: true, timeout: 2,
                               verify_host_key: :accept_new, user_known_hosts_file: '\(root.path)/known_hosts' } },
                ready_timeout: 2
              action :ready
            end
            """, in: root, "port")
        #expect(wrongPort.status == 1)
        #expect((wrongPort.stdout + wrongPort.stderr).contains("\(machine.address):2299"), "\(wrongPort.stdout)\(wrongPort.stderr)")
    }

    /// machine_file and machine_execute on a machine's own /etc, the client key against a
    /// `source_key`, the remaining machine actions, and destroy refusing a node that no
    /// driver made.
    @Test func filesKeysAndTheOtherActionsOnAMachine() throws {
        let server = try ChefServerFixture.server
        let machines = try NamespaceMachines(1, prefix: "ns-files")
        defer { machines.stop() }
        let machine = machines.machines[0]
        let root = machines.root
        try "from the workstation\n".write(to: root.appendingPathComponent("local.txt"), atomically: false, encoding: .utf8)
        let downloaded = root.appendingPathComponent("downloaded.txt")
        func machineBlock(_ body: String) -> String {
            "with_driver 'ssh'\nmachine '\(machine.name)' do\n  \(machines.options(for: machine))\n\(body)\nend\n"
        }
        let files = machineBlock("  action :setup") + """
            machine_file '/etc/sous-test/uploaded.txt' do
              machine '\(machine.name)'
              local_path '\(root.path)/local.txt'
              mode '0640'
            end
            machine_file '/etc/sous-test/inline.txt' do
              machine '\(machine.name)'
              content "inline\\n"
            end
            machine_file '/etc/sous-test/inline.txt' do
              machine '\(machine.name)'
              local_path '\(downloaded.path)'
              action :download
            end
            machine_execute 'test -s /etc/sous-test/uploaded.txt && test ! -e /etc/sous-test/absent' do
              machine '\(machine.name)'
            end
            """
        let first = try run(files, in: root, "files-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(try machine.read("/etc/sous-test/uploaded.txt") == "from the workstation\n")
        #expect(try machine.read("/etc/sous-test/inline.txt") == "inline\n")
        #expect(try String(contentsOf: downloaded, encoding: .utf8) == "inline\n")
        #expect(!FileManager.default.fileExists(atPath: "/etc/sous-test"))
        let second = try run(files, in: root, "files-2")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Infra Phase complete, 1/5 resources updated"), "only the command runs again: \(second.stdout)")
        let delete = "machine_file '/etc/sous-test/uploaded.txt' do\n  machine '\(machine.name)'\n  action :delete\nend\n"
        #expect(try run(machineBlock("  action :ready_only") + delete, in: root, "delete-1").stdout.contains("- delete /etc/sous-test/uploaded.txt"))
        #expect(try machine.read("/etc/sous-test/uploaded.txt") == nil)
        let again = try run(machineBlock("  action :ready_only") + delete, in: root, "delete-2")
        #expect(again.stdout.contains("Infra Phase complete, 0/2 resources updated"), "\(again.stdout)")

        // A source_key that differs from the machine's key replaces it only when allowed.
        let machineKey = try #require(try machine.read("/etc/chef/client.pem"))
        let source = root.appendingPathComponent("source.pem")
        #expect(try ProcessRunner.run("/usr/bin/openssl", ["genrsa", "-traditional", "-out", source.path, "2048"]).status == 0)
        func withSource(_ allow: Bool) -> String {
            machineBlock("""
                  add_machine_options convergence_options: { source_key_path: '\(source.path)' }
                  allow_overwrite_keys \(allow)
                  action :setup
                """)
        }
        let refused = try run(withSource(false), in: root, "source-refused")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the private key on machine \(machine.name) (/etc/chef/client.pem) does not match its source_key"))
        #expect(try machine.read("/etc/chef/client.pem") == machineKey)
        for attempt in 1...2 {
            let allowed = try run(withSource(true), in: root, "source-allowed-\(attempt)")
            #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
            #expect(allowed.stdout.contains("- write the source_key of \(machine.name)") == (attempt == 1), "\(allowed.stdout)")
        }
        let publicKey = try ProcessRunner.run("/usr/bin/openssl", ["pkey", "-in", source.path, "-pubout"]).stdout
        #expect((try server.rubyGet("clients/\(machine.name)")["public_key"] as? String)?.filter { !$0.isWhitespace }
                == publicKey.filter { !$0.isWhitespace })
        #expect(try server.rubyRequest("GET", "nodes/\(machine.name)", user: machine.name, key: source.path).status == 200)

        // stop: an existing host is left running, and said so.
        let stop = try run(machineBlock("  action :stop"), in: root, "stop")
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(stop.stderr.contains("sous does not stop it"))

        // destroy refuses a node that no driver made, and forgets its own machine once.
        let plain = "plain-node-\(machine.name)"
        #expect(try server.rubyRequest("POST", "nodes", body: "{\"name\": \"\(plain)\", \"json_class\": \"Chef::Node\", \"chef_type\": \"node\"}").status == 201)
        let refusedDestroy = try run("machine '\(plain)' do\n  action :destroy\nend\n", in: root, "destroy-plain")
        #expect(refusedDestroy.status == 1)
        #expect(refusedDestroy.stderr.contains("has no chef_provisioning spec, so no driver made it and sous will not destroy it"))
        #expect(try server.rubyRequest("GET", "nodes/\(plain)").status == 200)
        let destroy = machineBlock("  action :destroy")
        let destroyed = try run(destroy, in: root, "destroy-1")
        #expect(destroyed.stdout.contains("- delete client \(machine.name)") && destroyed.stdout.contains("- delete node \(machine.name)"))
        #expect(try run(destroy, in: root, "destroy-2").stdout.contains("* machine[\(machine.name)] action destroy (up to date)"))
        #expect(try server.rubyRequest("GET", "nodes/\(machine.name)").status == 404)
        #expect(try server.rubyRequest("GET", "clients/\(machine.name)").status == 404)
        #expect(try machine.read("/etc/chef/client.pem") != nil, "the ssh driver leaves the host alone")
    }

    /// A machine reached as an ordinary user with a password, whose Chef files are written
    /// through the `sudo ` prefix: root's, mode 0600, and the password never stored.
    @Test func aPasswordLoginWithASudoPrefix() throws {
        let server = try ChefServerFixture.server
        let machines = try NamespaceMachines(1, prefix: "ns-sudo", passwordLogin: true)
        defer { machines.stop() }
        let machine = machines.machines[0]
        // The user exists only in the machine's own /etc (useradd writes its overlay).
        for command in [["useradd", "-M", "-d", machines.root.path, "-s", "/bin/sh", "deploy"],
                        ["sh", "-c", "echo deploy:s3cret-pass | chpasswd"],
                        ["sh", "-c", "echo 'deploy ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/sous-test && chmod 0440 /etc/sudoers.d/sous-test"]] {
            let result = try machine.inside(command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        let recipe = """
            with_driver 'ssh'
            machine '\(machine.name)' do
              machine_options transport_options: {
                  'ip_address' => '\(machine.address)', username: 'deploy', options: { prefix: 'sudo ' },
                  ssh_options: { password: 's3cret-pass', keys_only: true, verify_host_key: :accept_new,
                                 user_known_hosts_file: '\(machines.root.path)/known_hosts', timeout: 3 }
                }, convergence_options: { strategy: 'none' }
              action :setup
            end
            """
        let first = try run(recipe, in: machines.root, "sudo-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(try machine.inside(["stat", "-c", "%U %a", "/etc/chef/client.pem", "/etc/chef/client.rb"]).stdout == "root 600\nroot 644\n")
        let second = try run(recipe, in: machines.root, "sudo-2")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("* machine[\(machine.name)] action setup (up to date)"), "\(second.stdout)")
        let node = try server.rubyRequest("GET", "nodes/\(machine.name)")
        let stored = String(describing: node.json)
        #expect(stored.contains("deploy") && !stored.contains("s3cret-pass"), "\(stored)")

        let wrong = try run(recipe.replacingOccurrences(of: "s3cret-pass", with: "wrong"), in: machines.root, "sudo-wrong")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("ssh deploy@\(machine.address):22"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("the server accepted none of the credentials (tried a password)"), "\(wrong.stderr)")
        // The password shows only where the recipe's own lines are quoted.
        #expect(!wrong.stderr.contains("'wrong'"))
        #expect(wrong.stdout.split(separator: "\n").filter { $0.contains("'wrong'") }
                    .allSatisfy { $0.trimmingCharacters(in: .whitespaces).first?.isNumber == true }, "\(wrong.stdout)")
        #expect(wrong.stderr.contains("check the user name and the password"), "\(wrong.stderr)")
    }

    /// The chef-client strategy: installs with install_sh_url only where `chef-client -v`
    /// fails, then runs chef-client with client.rb. Chef Infra Client is not packaged for
    /// Debian, so the installer (served over http by the test) puts a `chef-client` on the
    /// machine that answers -v and otherwise records its arguments and runs `sous client`.
    @Test func theChefClientStrategyInstallsWhereMissingThenRunsChefClient() throws {
        let server = try ChefServerFixture.server
        let machines = try NamespaceMachines(2, prefix: "ns-chef")
        defer { machines.stop() }
        let (machine, bare) = (machines.machines[0], machines.machines[1])
        let site = machines.root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let calls = machines.root.appendingPathComponent("chef-client-calls")
        try """
            #!/bin/bash
            set -e
            cat > /usr/local/bin/chef-client <<'WRAPPER'
            #!/bin/sh
            [ "$1" = "-v" ] && { echo "Chef Infra Client: 18.5.0"; exit 0; }
            echo "chef-client $*" >> '\(calls.path)'
            exec '\(TestPaths.sous)' client "$@"
            WRAPPER
            chmod 0755 /usr/local/bin/chef-client
            """.write(to: site.appendingPathComponent("install.sh"), atomically: false, encoding: .utf8)
        let web = try StaticWebServer(serving: site)
        defer { web.stop() }
        let marker = machines.root.appendingPathComponent("marker.txt")
        let cookbooks = TestPaths.fixtures.appendingPathComponent("provisioning/cookbooks").path
        func recipe(_ target: NamespaceMachines.Machine, _ action: String, installer: Bool = true) -> String {
            """
            with_driver 'ssh'
            machine '\(target.name)' do
              \(machines.options(for: target, strategy: "chef-client", cookbooks: cookbooks))
              \(installer ? "add_machine_options convergence_options: { install_sh_url: '\(web.url)/install.sh' }" : "")
              recipe 'marker'
              attributes 'marker' => { 'path' => '\(marker.path)' }
              action :\(action)
            end
            """
        }
        let first = try run(recipe(machine, "converge"), in: machines.root, "chef-client-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("- install chef-client on \(machine.name) with \(web.url)/install.sh"))
        #expect(first.stdout.contains("- converge \(machine.name) (chef-client -c '/etc/chef/client.rb')"))
        #expect(try String(contentsOf: marker, encoding: .utf8).hasPrefix("converged \(machine.name)"))
        #expect(try server.rubyGet("nodes/\(machine.name)")["automatic"] as? [String: Any] != nil)
        let again = try run(recipe(machine, "converge_only"), in: machines.root, "chef-client-2")
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(!again.stdout.contains("- install chef-client"))
        #expect(try String(contentsOf: calls, encoding: .utf8) == String(repeating: "chef-client -c /etc/chef/client.rb\n", count: 2))

        let missing = try run(recipe(bare, "converge", installer: false), in: machines.root, "chef-client-missing")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("chef-client is not installed on \(bare.name) (`chef-client -v` failed)"), "\(missing.stderr)")
    }

    @Test func aBatchOfEightWithOneUnreachableFinishesTheRestAndTheRerunOnlyTheMissing() throws {
        let server = try ChefServerFixture.server
        let machines = try NamespaceMachines(8, prefix: "ns-batch")
        defer { machines.stop() }
        // The eighth machine is first given an address in its /30 where nothing answers.
        func recipe(unreachable: Bool) -> String {
            let blocks = machines.machines.enumerated().map { index, machine in
                var options = machines.options(for: machine)
                if index == 7 && unreachable {
                    let parts = machine.address.split(separator: ".").map(String.init)
                    options = options.replacingOccurrences(of: "'\(machine.address)'", with: "'\(parts[0]).\(parts[1]).\(parts[2]).\(Int(parts[3])! + 1)'")
                }
                return "  machine '\(machine.name)' do\n    \(options)\n  end"
            }
            return "with_driver 'ssh'\nmachine_batch 'eight' do\n  action :setup\n" + blocks.joined(separator: "\n") + "\nend\n"
        }
        let first = try run(recipe(unreachable: true), in: machines.root, "eight-1")
        #expect(first.status == 1)
        #expect(first.stderr.contains("1 of 8 machines failed: ns-batch8"))
        #expect(first.stdout.contains("ns-batch8: machine ns-batch8 (stage ready) did not answer on SSH within 3 s"))
        for machine in machines.machines.prefix(7) {
            #expect(try machine.read("/etc/chef/client.rb") != nil, "\(machine.name) was not set up")
            #expect(try server.rubyRequest("GET", "clients/\(machine.name)").status == 200)
        }
        let second = try run(recipe(unreachable: false), in: machines.root, "eight-2")
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        let changedMachines = Set(second.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]"), line.contains("- [") else { return nil }
            return String(line[line.index(after: open)..<close])
        })
        #expect(changedMachines == ["ns-batch8"])
        #expect(try machines.machines[7].read("/etc/chef/client.rb") != nil)
    }
}
