import Foundation
import SousLanguage
import Testing

/// Real community cookbooks and chef-provisioning recipes (`../shared/corpus` beside the
/// repository, or `$SOUS_CORPUS`; third-party files that stay outside the repository):
/// every Ruby file in them must parse. Skipped, and said so, where the corpus is absent.
@Suite struct CorpusParseTests {
    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["SOUS_CORPUS"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    static var present: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("MANIFEST.tsv").path) }

    @Test(.enabled(if: present, "the corpus (../shared/corpus, or $SOUS_CORPUS) is not here")) func everyRubyFileParses() throws {
        let files = (FileManager.default.enumerator(atPath: Self.root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".rb") }.sorted()
        #expect(files.count > 100, "the corpus has its cookbooks and recipes")
        var failures: [String] = []
        for file in files {
            let path = Self.root.appendingPathComponent(file).path
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            do {
                _ = try Parser.parse(SourceFile(path: path, bytes: bytes))
            } catch {
                failures.append("\(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(files.count) files do not parse:\n\(failures.joined(separator: "\n"))")
    }
}
