import Foundation
import Testing

/// The local driver against a real goiardi: machines that are namespaces on this host, each
/// with its own hostname, files and address, reached over real SSH; faults that behave like
/// real ones; destroy and gc that leave nothing behind (checked with the namespaces, links,
/// processes and state folder on the host, not through sous).
@Suite(.chefServer) struct LocalDriverTests {
    @Test func everyActionTwiceAndMachinesAreSeparate() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let (a, b) = (local.machine("a"), local.machine("b"))
        for action in ["allocate", "ready", "setup"] {
            let first = try local.run(local.batch([a, b], action: action), "\(action)-1")
            #expect(first.status == 0, "\(action): \(first.stdout)\(first.stderr)")
            let second = try local.run(local.batch([a, b], action: action), "\(action)-2")
            #expect(second.status == 0, "\(action) again: \(second.stderr)")
            #expect(second.stdout.contains("* machine_batch[batch] action \(action) (up to date)"), "\(action) again: \(second.stdout)")
        }
        #expect(local.namespaces == ["sous.\(local.cluster).\(a)", "sous.\(local.cluster).\(b)"])
        #expect(local.initProcesses.count == 2)

        // Each its own hostname and files; they reach each other, and nothing beyond the subnet.
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, a, "hostname"]).stdout == "\(a)\n")
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, b, "hostname"]).stdout == "\(b)\n")
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, a, "echo mine > /root/only-a.txt"]).status == 0)
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, b, "test ! -e /root/only-a.txt"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: "/root/only-a.txt"))
        let list = try local.sous(["machine", "list", "-c", local.knifeRB, "-F", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let addresses = Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            (row["name"] as? String).flatMap { name in (row["address"] as? String).map { (name, $0) } }
        })
        let addressB = try #require(addresses[b])
        #expect(rows.first { $0["name"] as? String == a }?["state"] as? String == "running")
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, a, "bash -c 'echo > /dev/tcp/\(addressB)/22'"]).status == 0)
        // By name, too: the cluster's hosts file is every machine's /etc/hosts.
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, a, "getent hosts \(b)"]).stdout.hasPrefix(addressB + " "))
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, a, "ip route show default"]).stdout == "")
        // Standard input reaches the command; with none, the command reads an empty one.
        let piped = try ProcessRunner.run(TestPaths.sous, ["machine", "ssh", "-c", local.knifeRB, a, "cat"], input: "through standard input\n",
                                          environment: local.environment, timeout: 30)
        #expect(piped.status == 0 && piped.stdout == "through standard input\n", "\(piped.stdout)\(piped.stderr)")

        // stop keeps the files; ready brings the machine back with them.
        let stop = local.batch([a], action: "stop")
        #expect(try local.run(stop, "stop-1").stdout.contains("- [\(a)] stop machine \(a)"))
        #expect(try local.run(stop, "stop-2").stdout.contains("(up to date)"))
        #expect(local.initProcesses.count == 1)
        let stopped = TCPOutcome.attempt(try #require(addresses[a]), 22, timeout: 2)
        #expect(stopped == .refused, "\(stopped)")
        #expect(try local.run(local.batch([a], action: "ready"), "ready-again").status == 0)
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, a, "cat /root/only-a.txt"]).stdout == "mine\n")

        // destroy leaves nothing: no namespace, link, process or state.
        let destroy = local.batch([a, b], action: "destroy")
        let destroyed = try local.run(destroy, "destroy-1")
        #expect(destroyed.status == 0, "\(destroyed.stdout)\(destroyed.stderr)")
        #expect(try local.run(destroy, "destroy-2").stdout.contains("(up to date)"))
        #expect(local.namespaces.isEmpty)
        #expect(local.links.isEmpty)
        #expect(local.initProcesses.isEmpty)
        #expect(!local.clusterFolderExists)
        #expect(!local.filterTableExists)
    }

    @Test func killPartitionAndHealBehaveLikeRealFailures() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let machine = local.machine("f")
        let ready = try local.run(local.batch([machine], action: "ready"), "ready")
        #expect(ready.status == 0, "\(ready.stdout)\(ready.stderr)")
        let address = try #require(try local.sous(["machine", "ssh", "-c", local.knifeRB, machine, "hostname -I"]).stdout
            .split(separator: " ").first.map(String.init))
        #expect(TCPOutcome.attempt(address, 22, timeout: 2) == .connected)

        #expect(try local.sous(["machine", "kill", "-c", local.knifeRB, machine]).stdout.contains("- kill every process of machine \(machine)"))
        #expect(local.initProcesses.isEmpty)
        #expect(TCPOutcome.attempt(address, 22, timeout: 2) == .refused)
        let started = try local.sous(["machine", "start", "-c", local.knifeRB, machine])
        #expect(started.status == 0, "\(started.stdout)\(started.stderr)")
        #expect(TCPOutcome.attempt(address, 22, timeout: 2) == .connected)

        let partitioned = try local.sous(["machine", "partition", "-c", local.knifeRB, machine])
        #expect(partitioned.status == 0, "\(partitioned.stdout)\(partitioned.stderr)")
        #expect(TCPOutcome.attempt(address, 22, timeout: 1) == .timedOut)
        #expect(try local.sous(["machine", "list", "-c", local.knifeRB]).stdout.contains("partitioned"))
        #expect(try local.sous(["machine", "heal", "-c", local.knifeRB, machine]).status == 0)
        #expect(TCPOutcome.attempt(address, 22, timeout: 2) == .connected)
        #expect(try local.run(local.batch([machine], action: "destroy"), "destroy").status == 0)
    }

    @Test func gcFindsAndRemovesAnOrphanedMachineOnly() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let (orphan, kept) = (local.machine("orphan"), local.machine("kept"))
        #expect(try local.run(local.batch([orphan, kept], action: "ready"), "ready").status == 0)
        // The orphan's spec goes; what the driver made for it stays behind.
        #expect(try local.sous(["knife", "node", "delete", orphan, "-y", "-c", local.knifeRB]).status == 0)
        let listed = try local.sous(["machine", "gc", "-c", local.knifeRB])
        #expect(listed.stdout.contains("orphan machine \(orphan) of local cluster \(local.cluster)"), "\(listed.stdout)")
        #expect(!listed.stdout.contains(kept))
        #expect(local.namespaces.count == 2, "gc without --yes removes nothing")
        let swept = try local.sous(["machine", "gc", "--yes", "-c", local.knifeRB])
        #expect(swept.stdout.contains("- removed machine \(orphan)"), "\(swept.stdout)\(swept.stderr)")
        #expect(local.namespaces == ["sous.\(local.cluster).\(kept)"])
        #expect(local.initProcesses.count == 1)
        #expect(local.links.count == 2, "the bridge and the kept machine's link")
        #expect(!FileManager.default.fileExists(atPath: local.state.appendingPathComponent("\(local.cluster)/machines/\(orphan)").path))
        #expect(try local.sous(["machine", "gc", "-c", local.knifeRB]).stdout.contains("nothing to collect"))
        #expect(try local.run(local.batch([kept], action: "destroy"), "destroy").status == 0)
        #expect(local.links.isEmpty && local.namespaces.isEmpty && !local.clusterFolderExists)
    }

    /// A 4-machine bring-up killed with SIGKILL at a random moment, ten times, each time run
    /// again to the end: exactly 4 machines, nodes and clients, and no orphan of any kind.
    @Test func aBringUpKilledAtRandomMomentsFinishesOnTheRerun() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let names = (1...4).map { local.machine("c\($0)") }
        let bringUp = local.batch(names, action: "setup")
        let destroy = local.batch(names, action: "destroy")
        let recipe = local.state.appendingPathComponent("bring-up.rb")
        try bringUp.write(to: recipe, atomically: false, encoding: .utf8)
        // One whole bring-up gives the span the kills are drawn from.
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try local.run(bringUp, "measure").status == 0)
        let span = (clock.now - started) / .seconds(1)
        #expect(try local.run(destroy, "measure-destroy").status == 0)

        var delays: [Double] = []
        for attempt in 1...10 {
            let delay = Double.random(in: 0...span)
            delays.append(delay)
            let process = try ProcessRunner.start(TestPaths.sous, ["-c", local.knifeRB, recipe.path], environment: local.environment)
            usleep(UInt32(delay * 1_000_000))
            process.stop()

            let rerun = try local.run(bringUp, "rerun-\(attempt)")
            #expect(rerun.status == 0, "attempt \(attempt), killed after \(delay) s: \(rerun.stdout)\(rerun.stderr)")
            let list = try local.sous(["machine", "list", "-c", local.knifeRB, "-F", "json"])
            let rows = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? []
            let mine = rows.filter { ($0["driver"] as? String) == "local:\(local.cluster)" }
            #expect(mine.compactMap { $0["name"] as? String }.sorted() == names, "attempt \(attempt) (killed after \(delay) s): \(list.stdout)")
            #expect(mine.allSatisfy { $0["state"] as? String == "running" }, "attempt \(attempt): \(list.stdout)")
            let clients = try local.sous(["knife", "client", "list", "-c", local.knifeRB]).stdout.split(separator: "\n")
            #expect(clients.filter { $0.hasPrefix(local.cluster + "-") }.sorted() == names.map { Substring($0) }, "attempt \(attempt)")
            #expect(local.namespaces.count == 4, "attempt \(attempt): \(local.namespaces)")
            #expect(local.initProcesses.count == 4, "attempt \(attempt)")
            #expect(local.links.count == 5, "attempt \(attempt): the bridge and 4 links: \(local.links)")
            let gc = try local.sous(["machine", "gc", "-c", local.knifeRB])
            #expect(gc.stdout.contains("nothing to collect"), "attempt \(attempt): \(gc.stdout)")
            let destroyed = try local.run(destroy, "destroy-\(attempt)")
            #expect(destroyed.status == 0, "attempt \(attempt): \(destroyed.stdout)\(destroyed.stderr)")
        }
        #expect(local.namespaces.isEmpty && local.links.isEmpty && local.initProcesses.isEmpty && !local.clusterFolderExists,
                "after kills at \(delays)")
    }

    /// A machine with no cookbook path and no mounts converges a role whose cookbook it
    /// downloads from the Chef server, through the forwarded port (goiardi names its file
    /// URLs by the host's loopback address, which the machine reaches only through
    /// chef_server_url); a second converge downloads nothing.
    @Test func aMachineConvergesCookbooksFromTheServer() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let machine = local.machine("sync")
        let cookbooks = TestPaths.fixtures.appendingPathComponent("provisioning/cookbooks").path
        let upload = try local.sous(["knife", "cookbook", "upload", "marker", "-o", cookbooks, "-c", local.knifeRB])
        try #require(upload.status == 0, "\(upload.stderr)")
        let role = local.state.appendingPathComponent("marker-role.json")
        try #"{"name": "marker-role", "run_list": ["recipe[marker]"], "json_class": "Chef::Role", "chef_type": "role"}"#
            .write(to: role, atomically: false, encoding: .utf8)
        try #require(try local.sous(["knife", "role", "from", "file", role.path, "-c", local.knifeRB]).status == 0)
        let recipe = """
            with_driver 'local:\(local.cluster)'
            machine '\(machine)' do
              role 'marker-role'
              attributes 'marker' => { 'path' => '/root/marker.txt' }
            end
            """
        let first = try local.run(recipe, "converge-from-server-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("Synchronizing cookbooks:"), "\(first.stdout)")
        #expect(first.stdout.contains("  - marker (0.1.0)"), "\(first.stdout)")
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, machine, "cat /root/marker.txt"]).stdout
                == "converged \(machine) with run list role[marker-role]\n")
        let cached = try local.sous(["machine", "ssh", "-c", local.knifeRB, machine, "ls /var/chef/cache/cookbooks/marker/recipes"])
        #expect(cached.stdout == "barrier.rb\ndefault.rb\n", "\(cached.stdout)\(cached.stderr)")
        // The machine's own run saved ohai's ipaddress: its address in the cluster, as an
        // independent client reads it, and as a later recipe's search finds it.
        let node = try ChefServerFixture.server.rubyGet("nodes/\(machine)")
        let address = (((node["normal"] as? [String: Any])?["chef_provisioning"] as? [String: Any])?["reference"] as? [String: Any])?["address"] as? String
        #expect(address != nil && (node["automatic"] as? [String: Any])?["ipaddress"] as? String == address, "\(node["automatic"] ?? "")")
        let found = try local.run("search(:node, 'role:marker-role AND name:\(machine)') { |n| puts \"found #{n.name} at #{n['ipaddress']}\" }\n", "search")
        #expect(found.stdout.contains("found \(machine) at \(address ?? "?")\n"), "\(found.stdout)\(found.stderr)")
        let second = try local.run(recipe, "converge-from-server-2")
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("* machine[\(machine)] action converge (up to date)"), "\(second.stdout)")
        #expect(try local.run(local.batch([machine], action: "destroy"), "destroy").status == 0)
    }

    /// What a real server's cookbook does, on a local machine converging from the Chef
    /// server: a group and a user with the given ids and home; an init script, a daemon
    /// enabled and started that the host reaches on its port; a second converge with nothing
    /// to do; the daemon back after `sous machine stop` and `start`, as after a reboot; a
    /// settings change that restarts it once (a delayed notification); a package the host has
    /// is up to date, one removed in the machine stays on the host, an unknown one fails
    /// naming it.
    @Test func usersServicesAndPackagesOnAMachine() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let machine = local.machine("svc")
        let cookbooks = TestPaths.fixtures.appendingPathComponent("provisioning/cookbooks").path
        let upload = try local.sous(["knife", "cookbook", "upload", "daemon", "-o", cookbooks, "-c", local.knifeRB])
        try #require(upload.status == 0, "\(upload.stderr)")
        func recipe(port: Int, runList: [String] = ["recipe[daemon]"]) -> String {
            """
            with_driver 'local:\(local.cluster)'
            machine '\(machine)' do
              run_list [\(runList.map { "'\($0)'" }.joined(separator: ", "))]
              attributes 'daemon' => { 'port' => \(port), 'package_to_remove' => 'time' }
            end
            """
        }
        func ssh(_ command: String) throws -> ProcessResult {
            try local.sous(["machine", "ssh", "-c", local.knifeRB, machine, command])
        }
        /// The daemon's page from the host, waiting for it to answer (bounded: 20 s).
        func page(_ address: String, _ port: Int) -> String? {
            for _ in 0..<100 {
                if let result = try? ProcessRunner.run("/usr/bin/python3", ["-c", "import sys, urllib.request; "
                    + "sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode())", "http://\(address):\(port)/"], timeout: 10),
                   result.status == 0 { return result.stdout }
                usleep(200_000)
            }
            return nil
        }
        func count(_ text: String, _ line: String) -> Int { text.components(separatedBy: line).count - 1 }

        let first = try local.run(recipe(port: 8800), "daemon-1")
        try #require(first.status == 0, "\(first.stdout)\(first.stderr)")
        for line in ["- create group daemonites", "- create user daemon-user", "- enable service service[daemon]",
                     "- start service service[daemon]", "* apt_package[procps] action install (up to date)"] {
            #expect(first.stdout.contains(line), "no '\(line)' in:\n\(first.stdout)")
        }
        #expect(count(first.stdout, "- restart service service[daemon]") == 1, "\(first.stdout)")
        let node = try ChefServerFixture.server.rubyGet("nodes/\(machine)")
        let address = try #require((node["automatic"] as? [String: Any])?["ipaddress"] as? String)
        #expect(page(address, 8800) == "hello from the daemon\n")
        #expect(try ssh("getent passwd daemon-user; getent group daemonites").stdout
                == "daemon-user:x:4321:4321::/srv/daemon:/usr/sbin/nologin\ndaemonites:x:4321:\n")
        #expect(try ssh("stat -c '%U %a' /srv/daemon").stdout == "daemon-user 755\n")

        let second = try local.run(recipe(port: 8800), "daemon-2")
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("* machine[\(machine)] action converge (up to date)"), "\(second.stdout)")

        // A reboot: the machine's init starts what was enabled in it.
        #expect(try local.sous(["machine", "stop", "-c", local.knifeRB, machine]).status == 0)
        #expect(TCPOutcome.attempt(address, 8800, timeout: 1) != .connected, "the daemon still answers on a stopped machine")
        let started = try local.sous(["machine", "start", "-c", local.knifeRB, machine])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(page(address, 8800) == "hello from the daemon\n", "the daemon did not come back after a restart")

        // A settings change: one restart, at the end of the run; the daemon on its new port.
        let moved = try local.run(recipe(port: 8801), "daemon-3")
        #expect(moved.status == 0, "\(moved.stdout)\(moved.stderr)")
        #expect(count(moved.stdout, "- restart service service[daemon]") == 1, "\(moved.stdout)")
        #expect(page(address, 8801) == "hello from the daemon\n")

        // A host package removed in the machine only.
        let removed = try local.run(recipe(port: 8801, runList: ["recipe[daemon]", "recipe[daemon::remove_a_host_package]",
                                                                "recipe[daemon::extras]"]), "daemon-4")
        #expect(removed.status == 0, "\(removed.stdout)\(removed.stderr)")
        #expect(removed.stdout.contains("- remove package time"), "\(removed.stdout)")
        // cron_d's file as Chef's template writes it; a systemd unit's file from its sections.
        let cronFile = try ssh("cat /etc/cron.d/daemon-cleanup; stat -c %a /etc/cron.d/daemon-cleanup")
        #expect(cronFile.stdout == """
            # Generated by Chef Infra Client. Changes will be overwritten.
            GREETING=hello\\ there

            */5 * * * * daemon-user find /srv/daemon -name '*.tmp' -delete
            600

            """, "\(cronFile.stdout)\(cronFile.stderr)")
        let unit = try ssh("cat /etc/systemd/system/daemon.service")
        #expect(unit.stdout == "[Unit]\nDescription=The daemon cookbook\n\n[Service]\nExecStart=/etc/init.d/daemon start\nType=forking\n\n"
                + "[Install]\nWantedBy=multi-user.target\n", "\(unit.stdout)\(unit.stderr)\n\(removed.stdout)")
        #expect(try ssh("dpkg -s time >/dev/null 2>&1 || echo gone").stdout == "gone\n")
        #expect(try ProcessRunner.run("/usr/bin/dpkg", ["-s", "time"]).stdout.contains("Status: install ok installed"),
                "the host lost its package")

        // A .deb made here and given to the machine: installed there with dpkg, once.
        let package = local.state.appendingPathComponent("deb")
        try FileManager.default.createDirectory(at: package.appendingPathComponent("DEBIAN"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: package.appendingPathComponent("usr/share/sous-test-greeting"), withIntermediateDirectories: true)
        try "Package: sous-test-greeting\nVersion: 1.0-1\nArchitecture: all\nMaintainer: sous tests <tests@sous.invalid>\nDescription: a test package\n"
            .write(to: package.appendingPathComponent("DEBIAN/control"), atomically: false, encoding: .utf8)
        try "hello from a deb\n".write(to: package.appendingPathComponent("usr/share/sous-test-greeting/greeting.txt"), atomically: false, encoding: .utf8)
        let deb = local.state.appendingPathComponent("sous-test-greeting.deb").path
        let built = try ProcessRunner.run("/usr/bin/dpkg-deb", ["--root-owner-group", "--build", package.path, deb])
        try #require(built.status == 0, "\(built.stderr)")
        let debRecipe = """
            with_driver 'local:\(local.cluster)'
            machine '\(machine)' do
              run_list ['recipe[daemon::local_deb]']
              attributes 'daemon' => { 'port' => 8801, 'deb' => '/var/tmp/greeting.deb' }
              files '/var/tmp/greeting.deb' => '\(deb)'
            end
            """
        let installed = try local.run(debRecipe, "deb-1")
        #expect(installed.stdout.contains("- install version 1.0-1 of package sous-test-greeting"), "\(installed.stdout)\(installed.stderr)")
        #expect(try ssh("cat /usr/share/sous-test-greeting/greeting.txt").stdout == "hello from a deb\n")
        #expect(try local.run(debRecipe, "deb-2").stdout.contains("* machine[\(machine)] action converge (up to date)"))
        #expect(try ProcessRunner.run("/usr/bin/dpkg", ["-s", "sous-test-greeting"]).status != 0, "the host got the package")

        let unknown = try local.run(recipe(port: 8801, runList: ["recipe[daemon::unknown_package]"]), "daemon-5")
        #expect(unknown.status != 0)
        #expect((unknown.stdout + unknown.stderr).contains("No candidate version available for sous-no-such-package"),
                "\(unknown.stdout)\(unknown.stderr)")
        #expect(try local.run(local.batch([machine], action: "destroy"), "destroy").status == 0)
    }

    /// Real community cookbooks of the corpus, unchanged, converged from the Chef server on a
    /// local machine with their own attribute defaults: sudo (a template, a cookbook file),
    /// ulimit (pam files) and hostsfile (an LWRP, used by a small wrapper cookbook on a hosts
    /// file of its own). A second converge changes nothing.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CustomResourceTests.corpus + "/sudo"), "the corpus is not here"))
    func communityCookbooksConvergeTwice() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let machine = local.machine("community")
        let fixtures = TestPaths.fixtures.appendingPathComponent("provisioning/cookbooks").path
        let upload = try local.sous(["knife", "cookbook", "upload", "sudo", "ulimit", "hostsfile", "hosts_entries",
                                     "-o", "\(CustomResourceTests.corpus):\(fixtures)", "-c", local.knifeRB])
        try #require(upload.status == 0, "\(upload.stderr)")
        let recipe = """
            with_driver 'local:\(local.cluster)'
            machine '\(machine)' do
              run_list ['recipe[sudo]', 'recipe[ulimit]', 'recipe[hosts_entries]']
            end
            """
        let first = try local.run(recipe, "community-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        for line in ["* template[/etc/sudoers] action create", "* template[/etc/pam.d/su] action create",
                     "* hostsfile_entry[10.0.0.5] action create", "- Create hostsfile_entry[10.0.0.5]"] {
            #expect(first.stdout.contains(line), "no '\(line)' in:\n\(first.stdout)")
        }
        let files = try local.sous(["machine", "ssh", "-c", local.knifeRB, machine,
                                    "grep -c '^#includedir /etc/sudoers.d' /etc/sudoers; grep -c 'db.example.test db' /etc/hosts.entries"])
        #expect(files.stdout == "1\n1\n", "\(files.stdout)\(files.stderr)")
        #expect(try ProcessRunner.run("/bin/grep", ["-c", "db.example.test", "/etc/hosts"]).stdout == "0\n", "the host's hosts file changed")
        let second = try local.run(recipe, "community-2")
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("* machine[\(machine)] action converge (up to date)"), "\(second.stdout)")
        #expect(try local.run(local.batch([machine], action: "destroy"), "destroy").status == 0)
    }

    /// `with_chef_local_server` in a recipe run with no Chef server of its own (`sous apply`):
    /// the chef-repo is served for the run, the machine converges its role from it through
    /// the forwarded port, and what the machine saved (its node, its client) comes back into
    /// the repo, so a second run finds the machine there and destroys it, and the repo then
    /// holds neither. No server is left after either run.
    @Test func withChefLocalServerServesTheRepoToTheMachines() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let machine = local.machine("zero")
        let repository = local.state.appendingPathComponent("repo")
        let temporary = local.state.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: repository.appendingPathComponent("roles"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("provisioning/cookbooks"),
                                         to: repository.appendingPathComponent("cookbooks"))
        try #"{"name": "marker-role", "run_list": ["recipe[marker]"]}"#
            .write(to: repository.appendingPathComponent("roles/marker-role.json"), atomically: false, encoding: .utf8)
        // The same port both times, as a recipe gives it: the machine records the server's URL.
        let port = try StaticWebServer.freePort()
        func run(_ body: String, _ label: String) throws -> ProcessResult {
            let file = local.state.appendingPathComponent("\(label).rb")
            try "with_chef_local_server chef_repo_path: '\(repository.path)', port: \(port)\nwith_driver 'local:\(local.cluster)'\n\(body)"
                .write(to: file, atomically: false, encoding: .utf8)
            return try ProcessRunner.run(TestPaths.sous, ["apply", file.path],
                                         environment: local.environment.merging(["TMPDIR": temporary.path]) { $1 }, timeout: 180)
        }
        func noServerLeft() -> Bool {
            for _ in 0..<200 {
                let left = ((try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []).filter { $0.hasPrefix("sous-local-mode-") }
                if left.isEmpty { return true }
                usleep(50_000)
            }
            return false
        }
        let converged = try run("""
            machine '\(machine)' do
              role 'marker-role'
              attributes 'marker' => { 'path' => '/root/marker.txt' }
            end
            machine_execute 'cat /root/marker.txt' do
              machine '\(machine)'
              live_stream true
            end
            """, "zero-converge")
        #expect(converged.status == 0, "\(converged.stdout)\(converged.stderr)")
        #expect(converged.stdout.contains("  - marker (0.1.0)"), "\(converged.stdout)")
        #expect(converged.stdout.contains("converged \(machine) with run list role[marker-role]"), "\(converged.stdout)")
        let nodeFile = repository.appendingPathComponent("nodes/\(machine).json")
        let node = try JSONSerialization.jsonObject(with: Data(contentsOf: nodeFile)) as? [String: Any]
        #expect((node?["automatic"] as? [String: Any])?["hostname"] as? String == machine, "the machine's own run saved its node")
        #expect(node?["run_list"] as? [String] == ["role[marker-role]"])
        #expect((node?["normal"] as? [String: Any])?["chef_provisioning"] != nil)
        let client = try JSONSerialization.jsonObject(
            with: Data(contentsOf: repository.appendingPathComponent("clients/\(machine).json"))) as? [String: Any]
        #expect((client?["public_key"] as? String)?.hasPrefix("-----BEGIN PUBLIC KEY-----") == true)
        let written = (try? FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("clients").path)) ?? []
        #expect(written == ["\(machine).json"], "the server's own admin and validator stay out of the repo: \(written)")
        #expect(noServerLeft())

        let destroyed = try run("machine '\(machine)' do\n  action :destroy\nend\n", "zero-destroy")
        #expect(destroyed.status == 0, "\(destroyed.stdout)\(destroyed.stderr)")
        #expect(destroyed.stdout.contains("- delete node \(machine) at http://127.0.0.1:"), "\(destroyed.stdout)")
        #expect(!FileManager.default.fileExists(atPath: nodeFile.path))
        #expect(!FileManager.default.fileExists(atPath: repository.appendingPathComponent("clients/\(machine).json").path))
        #expect(!local.clusterFolderExists || local.initProcesses.isEmpty)
        #expect(noServerLeft())
    }

    /// converge twice (the machine's own sous client reaches the host's loopback goiardi
    /// through the forwarded port, its cookbooks bound in with `mounts`: a checkout under /tmp
    /// is not seen under the machine's own /tmp), converge_only, `mounts` read-only, and a subnet
    /// that overlaps a route of the host refused.
    @Test func convergeMountsAndSubnets() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let machine = local.machine("cv")
        let shared = local.state.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try "from the host\n".write(to: shared.appendingPathComponent("note.txt"), atomically: false, encoding: .utf8)
        let cookbooks = TestPaths.fixtures.appendingPathComponent("provisioning/cookbooks").path
        func recipe(_ action: String) -> String {
            """
            with_driver 'local:\(local.cluster)'
            machine '\(machine)' do
              machine_options mounts: { '\(shared.path)' => '/srv/shared', '\(cookbooks)' => '/srv/cookbooks' },
                convergence_options: { chef_config: "cookbook_path '/srv/cookbooks'\\n" }
              recipe 'marker'
              attributes 'marker' => { 'path' => '/root/marker.txt' }
              action :\(action)
            end
            """
        }
        let first = try local.run(recipe("converge"), "converge-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("- converge \(machine)"))
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, machine, "cat /root/marker.txt"]).stdout
                == "converged \(machine) with run list recipe[marker]\n")
        let node = try ChefServerFixture.server.rubyGet("nodes/\(machine)")
        #expect((node["automatic"] as? [String: Any])?["hostname"] as? String == machine)
        #expect(try local.run(recipe("converge"), "converge-2").stdout.contains("* machine[\(machine)] action converge (up to date)"))
        // converge_only converges again: the marker, removed, is written again.
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, machine, "rm /root/marker.txt"]).status == 0)
        let only = try local.run(recipe("converge_only"), "converge-only")
        #expect(only.stdout.contains("- converge \(machine)") && !only.stdout.contains("- install sous"), "\(only.stdout)")

        for attempt in 1...2 {
            let readyOnly = try local.run(recipe("ready_only"), "ready-only-\(attempt)")
            #expect(readyOnly.stdout.contains("* machine[\(machine)] action ready_only (up to date)"), "\(readyOnly.stdout)")
        }
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, machine, "cat /srv/shared/note.txt"]).stdout == "from the host\n")
        #expect(try local.sous(["machine", "ssh", "-c", local.knifeRB, machine, "touch /srv/shared/written"]).status != 0)
        #expect(!FileManager.default.fileExists(atPath: shared.appendingPathComponent("written").path))
        #expect(try local.run(local.batch([machine], action: "destroy"), "destroy").status == 0)

        let overlapping = try local.run("""
            with_driver 'local:\(local.cluster)o'
            machine '\(local.machine("overlap"))' do
              machine_options subnet: '127.0.5.0/24'
              action :allocate
            end
            """, "overlap")
        #expect(overlapping.status == 1)
        #expect(overlapping.stderr.contains("subnet 127.0.5.0/24 overlaps this host's route to 127.0.0.0/8"), "\(overlapping.stderr)")
        // Refused before anything is made: no cluster folder for gc to miss.
        #expect(!FileManager.default.fileExists(atPath: local.state.appendingPathComponent(local.cluster + "o").path))
    }
}
