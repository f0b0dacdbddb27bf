import Foundation
import Testing
@testable import SousVerify

/// rspec's `Diff:` hunks against rspec-support's own differ (on Debian's diff-lcs 1.5),
/// run at test time on the same texts: the header counts and dropped context lines of
/// that diff-lcs included.
@Suite struct RSpecDiffTests {
    static let pairs: [(actual: String, expected: String)] = [
        ("x\ny", "x\nz"),
        ("1\n2", "X\n2"),
        ("1\n2\n3", "X\n2\n3"),
        ("1\n2\n3\n4\n5", "X\n2\n3\n4\n5"),
        ("1\n2\n3\n4\n5\n6", "1\n2\n3\nX\n5\n6"),
        ("a\nb\nc", "a\nc"),
        ("a\nb", "a\nb\nc\nd\ne\nf\ng"),
        ("q\nw\ne\nr\nt\ny\nu\ni", "q\nw\ne\nr\nt\ny\nu\nX"),
        ("1\n2\n3\n4\n5\n6\n7\n8\n9", "1\nX\n3\n4\n5\n6\n7\nY\n9"),
        ("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12", "X\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nY"),
        ("line one\nline 2\nline three\n", "line one\nline two\nline three\n"),
    ]

    @Test func hunksMatchRSpecSupport() throws {
        let script = """
        require 'json'
        require 'rspec/support'
        require 'rspec/support/differ'
        differ = RSpec::Support::Differ.new
        JSON.parse(STDIN.read).each { |actual, expected| puts JSON.generate(differ.diff(actual, expected)) }
        """
        let input = String(decoding: try JSONSerialization.data(withJSONObject: Self.pairs.map { [$0.actual, $0.expected] }), as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ruby")
        process.arguments = ["-e", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let expected = try String(decoding: output, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) as? String ?? ""
        }
        #expect(expected.count == Self.pairs.count)
        for (pair, wanted) in zip(Self.pairs, expected) {
            let lines = { (text: String) -> [String] in
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                while lines.last == "" { lines.removeLast() }
                return lines
            }
            #expect(RSpecDiff.hunks(old: lines(pair.expected), new: lines(pair.actual)) == wanted, "\(pair)")
        }
    }
}
