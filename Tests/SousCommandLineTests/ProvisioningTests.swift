import Foundation
import Testing

/// `machine`, `machine_file` and `machine_execute` with the ssh driver, against a real
/// goiardi and a real sshd: every stage saves the spec where chef-provisioning keeps it, each
/// recipe runs twice (the second changes nothing), the converge runs sous on the machine, and
/// destroy forgets the machine without touching the host.
@Suite(.chefServer, .sshServer) struct ProvisioningTests {
    static let cookbooks = TestPaths.fixtures.appendingPathComponent("provisioning/cookbooks").path

    /// The machine options for the test sshd, with the machine's Chef files in `folder`.
    func options(_ folder: URL, strategy: String = "sous") throws -> String {
        let ssh = try SSHServerFixture.server
        return """
            with_driver 'ssh'
            with_machine_options transport_options: {
              'ip_address' => '127.0.0.1', port: \(ssh.port), username: '\(ssh.user)',
              ssh_options: { keys: ['\(ssh.ed25519Key)'], keys_only: true, verify_host_key: :accept_new,
                             user_known_hosts_file: '\(folder.path)/known_hosts' }
            }, convergence_options: {
              strategy: '\(strategy)', client_rb_path: '\(folder.path)/etc/client.rb', client_pem_path: '\(folder.path)/etc/client.pem',
              sous_path: '\(folder.path)/bin/sous', chef_config: "cookbook_path ['\(Self.cookbooks)']"
            }

            """
    }

    func run(_ recipe: String, in folder: URL, _ label: String) throws -> ProcessResult {
        let server = try ChefServerFixture.server
        let file = folder.appendingPathComponent("\(label).rb")
        try recipe.write(to: file, atomically: false, encoding: .utf8)
        return try ProcessRunner.run(TestPaths.sous, ["-c", server.knifeRB, file.path], timeout: 120)
    }

    func folder(_ name: String) throws -> URL {
        let folder = try SSHServerFixture.server.folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func machineIsSetUpConvergedOnceAndForgottenByDestroy() throws {
        let server = try ChefServerFixture.server
        let folder = try folder("web1")
        let recipe = try options(folder) + """
            machine 'prov-web1' do
              recipe 'marker'
              tag 'web'
              attributes 'marker' => { 'path' => '\(folder.path)/marker.txt' }
              ohai_hints 'sous' => { 'local' => true }
              files '\(folder.path)/etc/motd' => { content: "hello\\n" }
            end
            """
        let first = try run(recipe, in: folder, "first")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        for line in ["- allocate machine prov-web1 at", "- create node prov-web1 at \(server.url)",
                     "- generate a private key for prov-web1 and write it to \(folder.path)/etc/client.pem (mode 0600)",
                     "- create client prov-web1", "- write client.rb on prov-web1", "- install sous on prov-web1",
                     "- converge prov-web1"] {
            #expect(first.stdout.contains(line), "missing: \(line)")
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("marker.txt"), encoding: .utf8)
                == "converged prov-web1 with run list recipe[marker]\n")
        #expect(try FileManager.default.attributesOfItem(atPath: folder.path + "/etc/client.pem")[.posixPermissions] as? Int == 0o600)

        let second = try run(recipe, in: folder, "second")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("* machine[prov-web1] action converge (up to date)"))

        // Stored as chef-provisioning stores it, and the client's key is the machine's.
        let node = try server.rubyGet("nodes/prov-web1")
        let normal = node["normal"] as? [String: Any]
        let provisioning = normal?["chef_provisioning"] as? [String: Any]
        #expect(provisioning?["driver_url"] as? String == "ssh")
        #expect((provisioning?["reference"] as? [String: Any])?["host"] as? String == "127.0.0.1")
        #expect(normal?["tags"] as? [String] == ["web"])
        #expect(node["run_list"] as? [String] == ["recipe[marker]"])
        #expect((node["automatic"] as? [String: Any])?["platform"] as? String == "debian")
        #expect(try server.rubyRequest("GET", "nodes/prov-web1", user: "prov-web1", key: folder.path + "/etc/client.pem").status == 200)

        let destroy = "machine 'prov-web1' do\n  action :destroy\nend\n"
        let destroyed = try run(destroy, in: folder, "destroy")
        #expect(destroyed.status == 0, "\(destroyed.stderr)")
        #expect(destroyed.stdout.contains("- delete client prov-web1"))
        #expect(destroyed.stdout.contains("- delete node prov-web1"))
        #expect(try run(destroy, in: folder, "destroy-again").stdout.contains("(up to date)"))
        #expect(try server.rubyRequest("GET", "nodes/prov-web1").status == 404)
        #expect(try server.rubyRequest("GET", "clients/prov-web1").status == 404)
        // The ssh driver never touches the host.
        #expect(FileManager.default.fileExists(atPath: folder.path + "/etc/client.pem"))
    }

    @Test func filesAndCommandsOnAMachine() throws {
        let folder = try folder("files")
        try "from the workstation\n".write(to: folder.appendingPathComponent("local.txt"), atomically: false, encoding: .utf8)
        let recipe = try options(folder, strategy: "none") + """
            machine 'prov-files' do
              action :setup
            end
            machine_file '\(folder.path)/remote/uploaded.txt' do
              machine 'prov-files'
              local_path '\(folder.path)/local.txt'
              mode '0600'
            end
            machine_file '\(folder.path)/remote/inline.txt' do
              machine 'prov-files'
              content "inline\\n"
            end
            machine_file '\(folder.path)/remote/inline.txt' do
              machine 'prov-files'
              local_path '\(folder.path)/downloaded.txt'
              action :download
            end
            machine_execute 'test -s \(folder.path)/remote/uploaded.txt' do
              machine 'prov-files'
            end
            """
        let first = try run(recipe, in: folder, "files-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("remote/uploaded.txt"), encoding: .utf8) == "from the workstation\n")
        #expect(try FileManager.default.attributesOfItem(atPath: folder.path + "/remote/uploaded.txt")[.posixPermissions] as? Int == 0o600)
        #expect(try String(contentsOf: folder.appendingPathComponent("downloaded.txt"), encoding: .utf8) == "inline\n")
        let second = try run(recipe, in: folder, "files-2")
        #expect(second.status == 0, "\(second.stderr)")
        // Only the command runs again (it always does).
        #expect(second.stdout.contains("Infra Phase complete, 1/5 resources updated"))

        let failing = try options(folder, strategy: "none") + "machine_execute 'exit 7' do\n  machine 'prov-files'\nend\n"
        let failed = try run(failing, in: folder, "files-fail")
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("`exit 7` on prov-files exited 7"))
    }

    @Test func driversAreCheckedBeforeAnythingIsMade() throws {
        let folder = try folder("drivers")
        let unknown = try run("machine 'prov-nowhere' do\n  driver 'vagrant:~/vms'\n  action :allocate\nend\n", in: folder, "unknown")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no driver for \"vagrant:~/vms\": the scheme \"vagrant\" is not one sous knows; known: aws, local, ssh"))

        let recipe = try options(folder, strategy: "none") + "machine 'prov-moving' do\n  action :allocate\nend\n"
        #expect(try run(recipe, in: folder, "moving-1").status == 0)
        let moved = try run(recipe.replacingOccurrences(of: "with_driver 'ssh'", with: "with_driver 'ssh:elsewhere'"), in: folder, "moving-2")
        #expect(moved.status == 1)
        #expect(moved.stderr.contains("Cannot move 'prov-moving' from ssh to ssh:elsewhere: machine moving is not supported. Destroy and recreate."))
    }

    @Test func batchMachinesConvergeAtTheSameTimeAndFailAlone() throws {
        let server = try ChefServerFixture.server
        let folder = try folder("batch")
        let barrier = folder.appendingPathComponent("barrier")
        try FileManager.default.createDirectory(at: barrier, withIntermediateDirectories: true)
        let machines = ["p-b1", "p-b2", "p-b3"].map { name in """
              machine '\(name)' do
                recipe 'marker::barrier'
                attributes 'barrier' => { 'dir' => '\(barrier.path)', 'count' => 3 }
                add_machine_options convergence_options: {
                  client_rb_path: '\(folder.path)/\(name)/client.rb', client_pem_path: '\(folder.path)/\(name)/client.pem',
                  sous_path: '\(folder.path)/\(name)/sous' }
              end
            """ }.joined(separator: "\n")
        let recipe = try options(folder) + "machine_batch 'trio' do\n" + machines + "\nend\n"
        let first = try run(recipe, in: folder, "batch-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        for name in ["p-b1", "p-b2", "p-b3"] {
            #expect(first.stdout.contains("- [\(name)] converge \(name)"), "no converge line for \(name)")
            #expect(FileManager.default.fileExists(atPath: barrier.appendingPathComponent("started-\(name)").path))
            let node = try server.rubyGet("nodes/\(name)")
            #expect(((node["normal"] as? [String: Any])?["chef_provisioning"] as? [String: Any])?["driver_url"] as? String == "ssh")
        }
        let second = try run(recipe, in: folder, "batch-2")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("* machine_batch[trio] action converge (up to date)"))

        // One machine that never answers fails alone; the batch names it.
        let mixed = try options(folder, strategy: "none") + """
            machine_batch do
              machine 'p-good' do
                add_machine_options convergence_options: { client_rb_path: '\(folder.path)/p-good/client.rb', client_pem_path: '\(folder.path)/p-good/client.pem' }
              end
              machine 'p-bad' do
                add_machine_options transport_options: { port: 1 }, ready_timeout: 1
              end
              action :setup
            end
            """
        let failed = try run(mixed, in: folder, "batch-mixed")
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("1 of 2 machines failed: p-bad"))
        #expect(failed.stdout.contains("p-bad: machine p-bad (stage ready) did not answer on SSH within 1 s"))
        #expect(try server.rubyRequest("GET", "clients/p-good").status == 200)
    }

    /// `max_simultaneous 1`: one machine at a time, so each machine's lines come as one block.
    @Test func maxSimultaneousLimitsHowManyMachinesRunAtOnce() throws {
        let folder = try folder("one-at-a-time")
        let names = ["p-m1", "p-m2", "p-m3"]
        let machines = names.map { name in """
              machine '\(name)' do
                add_machine_options convergence_options: {
                  client_rb_path: '\(folder.path)/\(name)/client.rb', client_pem_path: '\(folder.path)/\(name)/client.pem' }
              end
            """ }.joined(separator: "\n")
        let recipe = try options(folder, strategy: "none") + "machine_batch 'serial' do\n  max_simultaneous 1\n  action :setup\n" + machines + "\nend\n"
        let result = try run(recipe, in: folder, "serial")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let order = result.stdout.split(separator: "\n").compactMap { line in names.first { line.contains("- [\($0)] ") } }
        var blocks: [String] = []
        for name in order where blocks.last != name { blocks.append(name) }
        #expect(blocks.count == 3 && Set(blocks) == Set(names), "lines interleaved: \(order)")
    }

    @Test func whyRunReportsEveryStageAndChangesNothing() throws {
        let server = try ChefServerFixture.server
        let folder = try folder("why-run")
        // A machine that does not exist: nothing is connected to, nothing waited for.
        let nowhere = """
            with_driver 'ssh'
            machine 'prov-imagined' do
              machine_options transport_options: { 'ip_address' => '10.255.255.1', username: 'root' }, ready_timeout: 1
            end
            """
        let file = folder.appendingPathComponent("imagined.rb")
        try nowhere.write(to: file, atomically: false, encoding: .utf8)
        let imagined = try ProcessRunner.run(TestPaths.sous, ["-c", server.knifeRB, "-W", file.path], timeout: 60)
        #expect(imagined.status == 0, "\(imagined.stdout)\(imagined.stderr)")
        for line in ["- Would allocate machine prov-imagined at root@10.255.255.1:22", "- Would create node prov-imagined",
                     "- Would bring machine prov-imagined up", "- Would set up machine prov-imagined (it does not exist yet)",
                     "- Would converge machine prov-imagined (it does not exist yet)"] {
            #expect(imagined.stdout.contains(line), "missing: \(line)")
        }
        #expect(try server.rubyRequest("GET", "nodes/prov-imagined").status == 404)

        // A machine that exists: looked at, and only what would change is reported.
        let recipe = { (motd: String) in try self.options(folder, strategy: "none") + """
            machine 'prov-why' do
              files '\(folder.path)/etc/motd' => { content: "\(motd)\\n" }
              action :setup
            end
            """ }
        #expect(try run(recipe("first"), in: folder, "why-setup").status == 0)
        let changed = folder.appendingPathComponent("why-changed.rb")
        try recipe("second").write(to: changed, atomically: false, encoding: .utf8)
        let whyRun = try ProcessRunner.run(TestPaths.sous, ["-c", server.knifeRB, "-W", changed.path], timeout: 60)
        #expect(whyRun.status == 0, "\(whyRun.stderr)")
        #expect(whyRun.stdout.contains("- Would upload \(folder.path)/etc/motd on prov-why"))
        #expect(!whyRun.stdout.contains("Would create client"))
        #expect(try String(contentsOf: folder.appendingPathComponent("etc/motd"), encoding: .utf8) == "first\n")
    }
}
