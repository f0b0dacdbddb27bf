import Foundation
import Testing

/// The doc formatter's output, compared whole with golden files in Tests/Fixtures/formatter
/// (the scratch folder written as `{DIR}`, the elapsed time as `N.NN`). The golden files are
/// written by hand from chef-client's own formatter and providers; SOURCES.md there says
/// where each kind of line comes from and which differences from chef-client remain. They
/// are never rewritten from sous's output.
@Suite struct FormatterGoldenTests {
    static let folder = TestPaths.fixtures.appendingPathComponent("formatter")
    static let cookbooks = TestPaths.fixtures.appendingPathComponent("cookbooks").path

    func recipe(_ name: String) throws -> String {
        try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// The site cookbook's attributes need a root; these recipes do not write there.
    func siteRoot(_ scratch: ConvergeScratch) -> [String: String] { ["SITE_ROOT": scratch.path + "/site"] }

    func expectGolden(_ actual: String, _ name: String) throws {
        let expected = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        #expect(actual == expected, "output differs from \(name)")
    }

    @Test func whyRunOfEveryResourceKind() throws {
        let scratch = try ConvergeScratch("golden-whyrun")
        defer { scratch.cleanUp() }
        let result = try scratch.apply(try recipe("every_resource.rb"), ["--why-run", "--cookbook-path", Self.cookbooks],
                                       environment: siteRoot(scratch))
        #expect(result.status == 0, "\(result.stderr)")
        try expectGolden(scratch.normalized(result.stdout), "every_resource.why_run.txt")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["recipe.rb"])
    }

    @Test func firstAndSecondRunOfEveryResourceKind() throws {
        let scratch = try ConvergeScratch("golden-runs")
        defer { scratch.cleanUp() }
        let first = try scratch.apply(try recipe("every_resource.rb"), ["--cookbook-path", Self.cookbooks],
                                      environment: siteRoot(scratch))
        #expect(first.status == 0, "\(first.stderr)")
        try expectGolden(scratch.normalized(first.stdout), "every_resource.first_run.txt")
        let second = try scratch.apply(try recipe("every_resource.rb"), ["--cookbook-path", Self.cookbooks],
                                       environment: siteRoot(scratch))
        #expect(second.status == 0, "\(second.stderr)")
        try expectGolden(scratch.normalized(second.stdout), "every_resource.second_run.txt")
        #expect(!first.stdout.contains("hunter2") && !second.stdout.contains("hunter2"))
    }

    @Test func aFailingResource() throws {
        let scratch = try ConvergeScratch("golden-failure")
        defer { scratch.cleanUp() }
        let result = try scratch.apply(try recipe("failure.rb"))
        #expect(result.status == 1)
        try expectGolden(scratch.normalized(result.stdout), "failure.txt")
        #expect(scratch.normalized(result.stderr) == "{DIR}/recipe.rb:6: error: execute[the failing step] action run failed: "
            + "Expected process to exit with [0], but received '3' (Mixlib::ShellOut::ShellCommandFailed)\n")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/before.txt"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/after.txt"))
    }
}
