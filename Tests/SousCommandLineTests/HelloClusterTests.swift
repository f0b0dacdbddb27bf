import Foundation
import Testing

/// This repository's hello cluster, end to end, as a user brings it up: the chef-repo
/// uploaded to the Chef server, `cluster.rb` run from nothing (PostgreSQL, two web nodes and
/// HAProxy on local machines, converged from the server), the greeting through the load
/// balancer from the host, served by both web nodes, changed in the database and seen
/// changed; then 500 requests while a web node is killed, and again while one is cut off,
/// none lost; the node started again serves again; destroy leaves nothing.
@Suite(.chefServer) struct HelloClusterTests {
    struct Traffic: Decodable {
        let statuses: [String: Int]
        let backends: [String: Int]
        let failures: [[String: AnyDecodable]]
    }

    struct AnyDecodable: Decodable, CustomStringConvertible {
        let description: String
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { description = String(number) } else { description = (try? container.decode(String.self)) ?? "?" }
        }
    }

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
        func traffic(_ count: Int, at: Int = -1, _ command: [String] = []) throws -> Traffic {
            let script = TestPaths.fixtures.appendingPathComponent("hello/traffic.py").path
            let result = try ProcessRunner.run("/usr/bin/python3", [script, url, String(count), String(at)] + command,
                                               environment: environment, timeout: 120)
            try #require(result.status == 0, "traffic.py: \(result.stderr)")
            return try JSONDecoder().decode(Traffic.self, from: Data(result.stdout.utf8))
        }
        func body() throws -> String {
            try ProcessRunner.run("/usr/bin/python3", ["-c", "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())", url]).stdout
        }

        // The greeting, from both web nodes.
        #expect(try body() == "hello world\n")
        let twenty = try traffic(20)
        #expect(twenty.statuses == ["200": 20], "\(twenty)")
        #expect(Set(twenty.backends.keys) == ["\(prefix)web1", "\(prefix)web2"], "\(twenty.backends)")

        // Changed in the database: the next answer has it (read on every request).
        let update = try sous(["machine", "ssh", "-c", local.knifeRB, "\(prefix)db",
                               "runuser -u postgres -- psql -q hello -c \"UPDATE greetings SET message = 'changed by the test'\""])
        #expect(update.status == 0, "\(update.stderr)")
        #expect(try body() == "changed by the test\n")

        // web1 killed at the 250th of 500 requests: none is lost.
        let kill = [TestPaths.sous, "machine", "kill", "-c", local.knifeRB, "\(prefix)web1"]
        let killed = try traffic(500, at: 250, kill)
        #expect(killed.statuses == ["200": 500], "\(killed.statuses) \(killed.failures)")

        // Started again, it rejoins once its health check passes (bounded: 20 s).
        #expect(try sous(["machine", "start", "-c", local.knifeRB, "\(prefix)web1"]).status == 0)
        var rejoined = false
        for _ in 0..<40 where !rejoined {
            rejoined = try traffic(4).backends["\(prefix)web1"] != nil
            if !rejoined { usleep(500_000) }
        }
        #expect(rejoined, "web1 did not serve again after its start")

        // web1 cut off at the 250th of 500 requests: none is lost either.
        let partition = [TestPaths.sous, "machine", "partition", "-c", local.knifeRB, "\(prefix)web1"]
        let cut = try traffic(500, at: 250, partition)
        #expect(cut.statuses == ["200": 500], "\(cut.statuses) \(cut.failures)")
        #expect(try sous(["machine", "heal", "-c", local.knifeRB, "\(prefix)web1"]).status == 0)

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
}
