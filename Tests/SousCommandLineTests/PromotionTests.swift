import Foundation
import Testing

/// `sous promote FROM TO` against goiardi: refused when FROM was never verified, when its
/// last verification failed (naming the failing example), when its pins changed since,
/// and when a node of FROM converged other versions; allowed after a passing verification,
/// after which TO, read by Ruby's mixlib client, holds exactly FROM's pins.
@Suite(.chefServer) struct PromotionTests {
    static let specs = TestPaths.fixtures.appendingPathComponent("verify/promotion")

    @Test func promotionFollowsTheLastVerification() throws {
        let server = try ChefServerFixture.server
        func create(_ name: String, pins: [String: String]) throws {
            let body = try JSONSerialization.data(withJSONObject: ["name": name, "description": "\(name) of the promotion test",
                                                                   "cookbook_versions": pins, "json_class": "Chef::Environment",
                                                                   "chef_type": "environment"])
            let (status, _) = try server.rubyRequest("POST", "environments", body: String(decoding: body, as: UTF8.self))
            try #require(status == 201, "POST environments/\(name): \(status)")
        }
        func setPins(_ name: String, _ pins: [String: String]) throws {
            var environment = try server.rubyGet("environments/\(name)")
            environment["cookbook_versions"] = pins
            let body = try JSONSerialization.data(withJSONObject: environment)
            #expect(try server.rubyRequest("PUT", "environments/\(name)", body: String(decoding: body, as: UTF8.self)).status == 200)
        }
        func pins(_ name: String) throws -> [String: String] {
            try server.rubyGet("environments/\(name)")["cookbook_versions"] as? [String: String] ?? [:]
        }
        func verify(_ folder: String) throws -> ProcessResult {
            try server.sous(["verify", "-c", server.knifeRB, "-E", "ptest"], directory: Self.specs.appendingPathComponent(folder))
        }
        func promote(_ extra: [String] = []) throws -> ProcessResult {
            try server.sous(["promote", "ptest", "pprod", "-c", server.knifeRB] + extra)
        }
        let testPins = ["hello_app": "= 1.1.0", "hello_db": "= 1.0.0"]
        try create("ptest", pins: testPins)
        try create("pprod", pins: ["hello_app": "= 1.0.0"])

        let never = try promote()
        #expect(never.status == 1)
        #expect(never.stderr.contains("ptest was never verified"), "\(never.stderr)")

        let failing = try verify("failing")
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stderr.contains("Recorded this verification of environment ptest (failed)"), "\(failing.stderr)")
        let refused = try promote()
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the last verification of ptest"), "\(refused.stderr)")
        #expect(refused.stderr.contains("./spec/greeting_spec.rb:3 # the greeting is in French"), "\(refused.stderr)")
        #expect(try pins("pprod") == ["hello_app": "= 1.0.0"])

        #expect(try verify("passing").status == 0)
        let record = try server.rubyGet("data/sous_verify/ptest")
        #expect(record["passed"] as? Bool == true && record["pinned"] as? [String: String] == testPins)
        #expect((record["specs"] as? [String: String])?["./spec/greeting_spec.rb"]?.count == 64)

        let dryRun = try promote(["--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("- hello_app = 1.0.0\n  + hello_app = 1.1.0\n  + hello_db = 1.0.0"), "\(dryRun.stdout)")
        #expect(try pins("pprod") == ["hello_app": "= 1.0.0"], "a dry run changed nothing")

        let promoted = try promote()
        #expect(promoted.status == 0, "\(promoted.stdout)\(promoted.stderr)")
        #expect(try pins("pprod") == testPins)
        #expect(try server.rubyGet("environments/pprod")["description"] as? String == "pprod of the promotion test", "only the pins changed")

        // Pins changed after the verification: refused until verified again.
        try setPins("ptest", ["hello_app": "= 1.2.0", "hello_db": "= 1.0.0"])
        let changed = try promote()
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("ptest's pins changed since its verification"), "\(changed.stderr)")
        #expect(changed.stderr.contains("- hello_app = 1.1.0\n  + hello_app = 1.2.0"), "\(changed.stderr)")
        #expect(try pins("pprod") == testPins)

        // Verified again, but a node of ptest converged another version.
        #expect(try verify("passing").status == 0)
        let node = try JSONSerialization.data(withJSONObject: [
            "name": "ptest-web1", "chef_environment": "ptest", "json_class": "Chef::Node", "chef_type": "node",
            "run_list": [], "normal": [:], "default": [:], "override": [:],
            "automatic": ["cookbooks": ["hello_app": ["version": "1.1.0"], "hello_db": ["version": "1.0.0"]]],
        ] as [String: Any])
        #expect(try server.rubyRequest("POST", "nodes", body: String(decoding: node, as: UTF8.self)).status == 201)
        let stray = try promote()
        #expect(stray.status == 1)
        #expect(stray.stderr.contains("node ptest-web1 converged hello_app 1.1.0, not = 1.2.0"), "\(stray.stderr)")
        #expect(try pins("pprod") == testPins)
    }
}
