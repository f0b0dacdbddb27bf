import Foundation
import Testing

/// This repository's hello cluster, end to end, as a user brings it up: the chef-repo
/// uploaded to the Chef server, `cluster.rb` run from nothing (PostgreSQL, two web nodes and
/// HAProxy on local machines, converged from the server), the greeting through the load
/// balancer from the host; the repository's specs (`sous verify`: smoke, load, heartbeats
/// through lb while web1 is killed and cut off, none dropped); a heartbeat straight at web1
/// drops requests; faults are restored when a spec fails and when sous verify is
/// interrupted; the greeting changed in the database is seen changed; destroy leaves nothing.
@Suite(.chefServer) struct HelloClusterTests {
    @Test func theClusterServesTheGreetingAndLosesNoRequestWhenANodeDies() throws {
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        let prefix = "\(local.cluster)-"
        let environment = local.environment.merging(["HELLO_CLUSTER": local.cluster, "HELLO_PREFIX": prefix]) { $1 }
        func sous(_ arguments: [String], timeout: Double = 60) throws -> ProcessResult {
            try ProcessRunner.run(TestPaths.sous, arguments, directory: TestPaths.packageRoot, environment: environment, timeout: timeout)
        }
        let upload = try sous(["knife", "upload", "--chef-repo-path", TestPaths.packageRoot.path, "roles", "environments", "data_bags",
                               "cookbooks", "-c", local.knifeRB])
        try #require(upload.status == 0, "\(upload.stdout)\(upload.stderr)")

        let up = try sous(["-c", local.knifeRB, "cookbooks/hello_cluster/recipes/cluster.rb"], timeout: 170)
        try #require(up.status == 0, "\(up.stdout)\(up.stderr)")
        let list = try sous(["machine", "list", "-c", local.knifeRB, "-F", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let lb = try #require(rows.first { $0["name"] as? String == "\(prefix)lb" }?["address"] as? String)
        let url = "http://\(lb)/"
        func body() throws -> String {
            try ProcessRunner.run("/usr/bin/python3", ["-c", "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())", url]).stdout
        }

        // The repository's own specs, as make demo runs them: the greeting through lb and
        // from each web node, the row in the database, 2,000 requests through lb, and 1,000
        // heartbeats through lb while web1 is killed and while it is cut off, none dropped.
        let reports = try TestPaths.makeScratchDirectory("hello-verify")
        defer { try? FileManager.default.removeItem(at: reports) }
        let specs = try sous(["verify", "-c", local.knifeRB, "--format", "doc", "--format", "junit", "--out", reports.appendingPathComponent("hello.xml").path],
                             timeout: 170)
        #expect(specs.status == 0, "\(specs.stdout)\(specs.stderr)")
        let junit = try JUnitFile.read(reports.appendingPathComponent("hello.xml").path)
        #expect(junit.suite == JUnitFile.Suite(tests: 8, failures: 0, skipped: 0), "\(specs.stdout)")
        #expect(specs.stdout.contains("Heartbeat     [requests, dropped]    1000, 0"), "\(specs.stdout)")
        let heartbeatCase = junit.cases.first { $0.name.hasSuffix("loses no request while web1 is killed") }
        #expect(heartbeatCase?.systemOut.contains("Heartbeat     [requests, dropped]    1000, 0") == true, "the summary in system-out")
        #expect(junit.cases.first { $0.name.contains("takes 2,000 requests") }?.systemOut.contains("Status Codes  [code:count]           200:2000") == true)

        // Straight at web1 (no load balancer), the same kill drops the requests sent while it
        // is down; a spec that fails after its fault still has the fault restored.
        let fixtures = TestPaths.fixtures.appendingPathComponent("verify/cluster")
        func verify(_ arguments: [String], timeout: Double = 120) throws -> ProcessResult {
            try ProcessRunner.run(TestPaths.sous, ["verify", "-c", local.knifeRB, "--format", "doc"] + arguments,
                                  directory: fixtures, environment: environment, timeout: timeout)
        }
        let direct = try verify(["spec/direct_spec.rb"])
        #expect(direct.status == 0, "\(direct.stdout)\(direct.stderr)")
        #expect(direct.stdout.contains("Dropped       #"), "\(direct.stdout)")
        let failing = try verify(["spec/failing_spec.rb"])
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains("restored \(prefix)web1 after the last request"), "\(failing.stdout)")
        let web1 = try #require(rows.first { $0["name"] as? String == "\(prefix)web1" }?["address"] as? String)
        #expect(try answers("http://\(web1):8080/", within: 30), "web1 was not restored after the failing spec")

        // Interrupted while web1 is down: its watcher starts it again.
        let interrupted = try ProcessRunner.start(TestPaths.sous, ["verify", "-c", local.knifeRB, "spec/interrupted_spec.rb"],
                                                  directory: fixtures.path, environment: environment)
        defer { interrupted.stop() }
        var killed = false
        for _ in 0..<300 where !killed {  // bounded: 30 s
            killed = !(try answers("http://\(web1):8080/", within: 0))
            if !killed { usleep(100_000) }
        }
        #expect(killed, "web1 was never killed by the interrupted spec")
        kill(interrupted.pid, SIGINT)
        #expect(interrupted.waitForExit(timeout: 30) != nil, "sous verify did not end on SIGINT")
        #expect(try answers("http://\(web1):8080/", within: 30), "web1 was not restored after sous verify was interrupted")

        // Changed in the database: the next answer has it (read on every request).
        let update = try sous(["machine", "ssh", "-c", local.knifeRB, "\(prefix)db",
                               "runuser -u postgres -- psql -q hello -c \"UPDATE greetings SET message = 'changed by the test'\""])
        #expect(update.status == 0, "\(update.stderr)")
        #expect(try body() == "changed by the test\n")

        // A second converge of the whole cluster changes nothing.
        let again = try sous(["-c", local.knifeRB, "cookbooks/hello_cluster/recipes/cluster.rb"], timeout: 120)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(!again.stdout.contains("\n        - "), "a resource changed on the second converge:\n\(again.stdout)")

        // Down: no machine, namespace, link or process; no node or client.
        let down = try sous(["-c", local.knifeRB, "cookbooks/hello_cluster/recipes/destroy.rb"], timeout: 120)
        #expect(down.status == 0, "\(down.stdout)\(down.stderr)")
        #expect(local.namespaces.isEmpty && local.links.isEmpty && local.initProcesses.isEmpty, "\(local.namespaces) \(local.links)")
        for name in ["db", "web1", "web2", "lb"] {
            #expect(try ChefServerFixture.server.rubyRequest("GET", "nodes/\(prefix)\(name)").status == 404)
            #expect(try ChefServerFixture.server.rubyRequest("GET", "clients/\(prefix)\(name)").status == 404)
        }
    }

    /// Whether `url` answers 200 within `seconds` (polled every 0.2 s; once when 0).
    func answers(_ url: String, within seconds: Double) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            let probe = try ProcessRunner.run("/usr/bin/python3", ["-c", "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)", url])
            if probe.status == 0 { return true }
            if seconds > 0 { usleep(200_000) }
        } while Date() < deadline
        return false
    }
}
