import Foundation
import Testing

/// The recipe language checked against real Ruby: every snippet under
/// `Tests/Fixtures/differential` runs through `ruby` and through `sous apply`, and the two
/// must print the same stdout and stderr and exit the same way. Snippets named `error_*.rb` end
/// in an uncaught exception, so their stderr is Ruby's report of it, backtrace and all.
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
        // The whole of stderr must agree, uncaught exceptions included: the message, the
        // class and every backtrace frame with its method label.
        #expect(Self.comparable(sous.stderr) == Self.comparable(ruby.stderr), "stderr differs from ruby's")
    }

    /// Stderr with what differs from run to run taken out: object addresses in `#<Thing:0x…>`
    /// and the count Ruby puts in the middle of a very long backtrace (`... 10067 levels...`),
    /// which depends on how deep each interpreter's stack happens to go.
    static func comparable(_ stderr: String) -> String {
        stderr.replacing(/0x[0-9a-f]{16}/, with: "0xADDRESS").replacing(/\.\.\. [0-9]+ levels\.\.\./, with: "... N levels...")
    }
}
