import Foundation
import Testing

/// The hello cluster per Chef environment: `sous -E ENV cluster.rb` brings up ENV's own
/// cluster (local cluster ENV, machines ENV-db..., nodes in ENV); two run side by side, each
/// load balancer sending only to its own web nodes, and destroying one leaves the other
/// running and answering.
@Suite(.chefServer) struct EnvironmentClusterTests {
    @Test func twoEnvironmentsRunSideBySideAndOneIsDestroyedAlone() throws {
        let first = try LocalClusterFixture(), second = try LocalClusterFixture()
        defer {
            first.cleanup()
            second.cleanup()
        }
        let server = try ChefServerFixture.server
        func sous(_ fixture: LocalClusterFixture, _ arguments: [String], timeout: Double = 170) throws -> ProcessResult {
            try ProcessRunner.run(TestPaths.sous, arguments, directory: TestPaths.packageRoot, environment: fixture.environment, timeout: timeout)
        }
        let upload = try sous(first, ["knife", "upload", "--chef-repo-path", TestPaths.packageRoot.path, "roles", "environments", "data_bags",
                                      "cookbooks", "-c", server.knifeRB])
        try #require(upload.status == 0, "\(upload.stdout)\(upload.stderr)")
        for fixture in [first, second] {
            let body = "{\"name\": \"\(fixture.cluster)\", \"json_class\": \"Chef::Environment\", \"chef_type\": \"environment\"}"
            try #require(try server.rubyRequest("POST", "environments", body: body).status == 201)
        }
        for fixture in [first, second] {
            let up = try sous(fixture, ["-c", server.knifeRB, "-E", fixture.cluster, "cookbooks/hello_cluster/recipes/cluster.rb"])
            try #require(up.status == 0, "\(up.stdout)\(up.stderr)")
            #expect(fixture.namespaces.count == 4, "\(fixture.namespaces)")
            let node = try server.rubyGet("nodes/\(fixture.cluster)-web1")
            #expect(node["chef_environment"] as? String == fixture.cluster)
        }
        // Each cluster's specs pass against its own machines (its lb sends only to its own web nodes).
        func smoke(_ fixture: LocalClusterFixture) throws -> ProcessResult {
            try sous(fixture, ["verify", "-c", server.knifeRB, "-E", fixture.cluster, "--format", "doc", "spec/smoke_spec.rb"], timeout: 120)
        }
        for fixture in [first, second] {
            let result = try smoke(fixture)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("server '\(fixture.cluster)-lb'"), "\(result.stdout)")
        }

        let down = try sous(first, ["-c", server.knifeRB, "-E", first.cluster, "cookbooks/hello_cluster/recipes/destroy.rb"], timeout: 120)
        #expect(down.status == 0, "\(down.stdout)\(down.stderr)")
        #expect(first.namespaces.isEmpty && first.links.isEmpty && first.initProcesses.isEmpty, "\(first.namespaces) \(first.links)")
        #expect(try server.rubyRequest("GET", "nodes/\(first.cluster)-web1").status == 404)
        #expect(second.namespaces.count == 4, "the other environment's cluster was touched: \(second.namespaces)")
        let still = try smoke(second)
        #expect(still.status == 0, "\(still.stdout)\(still.stderr)")

        let secondDown = try sous(second, ["-c", server.knifeRB, "-E", second.cluster, "cookbooks/hello_cluster/recipes/destroy.rb"], timeout: 120)
        #expect(secondDown.status == 0, "\(secondDown.stdout)\(secondDown.stderr)")
    }
}
