import Foundation
import Testing

/// Templates render byte for byte as Erubis (Chef's template engine) renders them: every
/// template in Tests/Fixtures/templates, with the same variables and node attributes.
@Suite struct TemplateTests {
    static let folder = TestPaths.fixtures.appendingPathComponent("templates")

    static var templateNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".erb") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.templateNames.count >= 30)
    }

    @Test func templatesRenderAsErubisDoes() throws {
        let scratch = try TestPaths.makeScratchDirectory("templates")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let rubyOutput = scratch.appendingPathComponent("ruby"), sousOutput = scratch.appendingPathComponent("sous")
        for folder in [rubyOutput, sousOutput] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let ruby = try ProcessRunner.run("/usr/bin/ruby", [Self.folder.appendingPathComponent("render_with_ruby.rb").path,
                                                           Self.folder.path, rubyOutput.path])
        try #require(ruby.status == 0, "ruby failed: \(ruby.stderr)")
        let sous = try ProcessRunner.run(TestPaths.sous, ["apply", Self.folder.appendingPathComponent("render_with_sous.rb").path],
                                         environment: ["TEMPLATE_SOURCES": Self.folder.path, "TEMPLATE_OUTPUT": sousOutput.path])
        try #require(sous.status == 0, "sous failed: \(sous.stderr)\(sous.stdout)")
        let count = Self.templateNames.count
        #expect(sous.stdout.contains("Infra Phase complete, \(count)/\(count) resources updated"))
        for name in Self.templateNames {
            let expected = try Data(contentsOf: rubyOutput.appendingPathComponent(name))
            let actual = try? Data(contentsOf: sousOutput.appendingPathComponent(name))
            #expect(actual == expected, "\(name).erb renders differently from Erubis")
        }
    }
}
