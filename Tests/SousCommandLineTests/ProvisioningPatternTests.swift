import Foundation
import Testing

/// The recipe patterns chef-provisioning users write (a tagged machine, loops in a batch,
/// staged orchestration, existing hosts with commands and files, cycling actions and
/// search), from `Tests/Fixtures/provisioning/patterns/`, run under why-run: each prints the
/// resource lines its `# expect:` comments list, and nothing reaches the Chef server.
@Suite(.chefServer) struct ProvisioningPatternTests {
    static let folder = TestPaths.fixtures.appendingPathComponent("provisioning/patterns")

    static var patterns: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".rb") }.sorted()
    }

    /// A missing fixture folder would give no cases, and so no failure.
    @Test func thePatternsAreThere() {
        #expect(Self.patterns.count >= 5, "\(Self.folder.path) has \(Self.patterns.count) patterns")
    }

    @Test(arguments: patterns)
    func patternRunsUnderWhyRun(_ pattern: String) throws {
        let server = try ChefServerFixture.server
        let file = Self.folder.appendingPathComponent(pattern)
        let source = try String(contentsOf: file, encoding: .utf8)
        let expected = source.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("# expect: ") else { return nil }
            return String(line.dropFirst("# expect: ".count)).replacingOccurrences(of: "SERVER", with: server.url)
        }
        #expect(!expected.isEmpty, "\(pattern) has no # expect: lines")
        let before = try server.rubyGet("nodes").keys.sorted()
        let result = try ProcessRunner.run(TestPaths.sous, ["-c", server.knifeRB, "-W", file.path], timeout: 120)
        #expect(result.status == 0, "\(pattern): \(result.stdout)\(result.stderr)")
        for line in expected {
            #expect(result.stdout.contains(line), "\(pattern): missing \(line)")
        }
        #expect(try server.rubyGet("nodes").keys.sorted() == before, "why-run of \(pattern) changed the server's nodes")
    }
}
