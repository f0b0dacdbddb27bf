import Foundation
import SousCommandLine
import SousLanguage
import SousRun
import SousSupport
import Testing

/// The community cookbooks of `../shared/corpus` (or `$SOUS_CORPUS`) load as they are:
/// each one's metadata, its dependencies, its libraries and its attribute files evaluate
/// in a run of its own, as they would at the start of a chef-client run. Skipped, and said
/// so, where the corpus is absent.
@Suite struct CorpusCookbookTests {
    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["SOUS_CORPUS"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    static var cookbooks: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("cookbooks").path)) ?? []).sorted()
    }

    @Test(.enabled(if: !cookbooks.isEmpty, "the corpus (../shared/corpus, or $SOUS_CORPUS) is not here"))
    func everyCookbookLoads() throws {
        #expect(Self.cookbooks.count >= 10)
        var failures: [String] = []
        for name in Self.cookbooks {
            let host = ProcessHost()
            let interpreter = Interpreter(host: host)
            defer { interpreter.dismantle() }
            do {
                let run = try LocalRun.make(interpreter: interpreter, host: host, whyRun: true,
                                            cookbookPaths: [Self.root.appendingPathComponent("cookbooks").path], logLevel: .fatal)
                try run.loadCookbook(name)
            } catch {
                let report = ErrorReporter.report(error, interpreter: interpreter, source: nil)
                failures.append("\(name): \(report.text)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.cookbooks.count) cookbooks do not load:\n\(failures.joined())")
    }
}
