import Foundation
import Testing

/// The recipe language checked against real Ruby: every snippet under
/// `Tests/Fixtures/differential` runs through `ruby` and through `sous apply`, and the two
/// must print the same stdout and exit the same way. Snippets named `error_*.rb` end in an
/// uncaught exception; there the exception class and line must match too.
@Suite struct DifferentialTests {
    static let corpus = TestPaths.fixtures.appendingPathComponent("differential")

    /// Relative paths of every snippet, sorted so that runs are reproducible.
    static let snippets: [String] = {
        let root = corpus.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".rb") }.sorted()
    }()

    @Test func corpusIsLargeEnough() {
        #expect(Self.snippets.count >= 300, "the differential corpus must keep at least 300 snippets")
    }

    @Test(arguments: snippets)
    func behavesLikeRuby(_ snippet: String) throws {
        let path = Self.corpus.appendingPathComponent(snippet).path
        // Both run in the same fresh directory, one after the other, so that snippets which
        // write files start from nothing and see the same paths.
        let directory = try TestPaths.makeScratchDirectory("differential")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Ruby's error_highlight and did_you_mean add hints to messages that sous does not
        // give; compare with them off.
        let ruby = try ProcessRunner.run("/usr/bin/ruby", ["--disable-error_highlight", "--disable-did_you_mean", path],
                                         directory: directory)
        try FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sous = try ProcessRunner.run(TestPaths.sous, ["apply", path], directory: directory)

        #expect(sous.stdout == ruby.stdout, "stdout differs from ruby's\n--- sous stderr:\n\(sous.stderr)")
        #expect(sous.status == ruby.status, "exit status: ruby \(ruby.status), sous \(sous.status)\n--- sous stderr:\n\(sous.stderr)")
        let endsInError = (snippet as NSString).lastPathComponent.hasPrefix("error_")
        if endsInError, let expected = UncaughtException(stderr: ruby.stderr, file: path) {
            let actual = UncaughtException(stderr: sous.stderr, file: path)
            #expect(actual == expected, "ruby: \(ruby.stderr)\nsous: \(sous.stderr)")
        } else if !endsInError {
            #expect(sous.stderr == ruby.stderr, "stderr differs")
        }
    }
}

/// What Ruby prints for an uncaught exception, `path:LINE:in 'method': message (Class)`
/// then `\tfrom path:LINE:in ...` lines, reduced to what must agree: the class, and the
/// first line in the snippet itself (Ruby's own first frame may be inside rubygems).
struct UncaughtException: Equatable, CustomStringConvertible {
    var className: String
    var line: Int

    init?(stderr: String, file: String) {
        let lines = stderr.split(separator: "\n").map(String.init)
        guard let first = lines.first,
              let classMatch = first.firstMatch(of: Self.classPattern) else { return nil }
        let frames = lines.map { $0.hasPrefix("\tfrom ") ? String($0.dropFirst(6)) : $0 }
        guard let frame = frames.first(where: { $0.hasPrefix(file + ":") }),
              let line = Int(frame.dropFirst(file.count + 1).prefix { $0.isNumber }) else { return nil }
        self.className = String(classMatch.output[1].substring ?? "")
        self.line = line
    }

    var description: String { "\(className) at line \(line)" }

    private static let classPattern = try! Regex(#"\(([A-Z][A-Za-z0-9_:]*)\)$"#)
}
