import Foundation
import Testing

/// `sous apply` end to end: the built binary, its stdout, stderr and exit status.
@Suite struct ApplyCommandTests {
    /// Runs `sous ARGS` in a scratch directory holding `files`.
    func sous(_ arguments: [String], files: [String: [UInt8]] = [:]) throws -> ProcessResult {
        let directory = try TestPaths.makeScratchDirectory("apply")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, bytes) in files {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        return try ProcessRunner.run(TestPaths.sous, arguments, directory: directory)
    }

    func sous(_ arguments: [String], file name: String, _ text: String) throws -> ProcessResult {
        try sous(arguments, files: [name: Array(text.utf8)])
    }

    @Test func exampleRecipePrintsWhatRubyPrints() throws {
        let recipe = TestPaths.packageRoot.appendingPathComponent("cookbooks/hello/recipes/default.rb").path
        let ruby = try ProcessRunner.run("/usr/bin/ruby", [recipe])
        let result = try sous(["apply", recipe])
        #expect(result.status == 0)
        #expect(result.stdout == ruby.stdout)
        #expect(result.stdout.hasPrefix("Cluster hello: 4 machines\n"))
        #expect(result.stderr.isEmpty)
    }

    @Test func executesCodeGivenWithDashE() throws {
        let result = try sous(["apply", "-e", "puts [1, 2, 3].sum * 2"])
        #expect(result.stdout == "12\n")
        #expect(result.status == 0)
    }

    @Test func missingArgumentsAreAUsageError() throws {
        let result = try sous(["apply"])
        #expect(result.status != 0 && result.status != 1)
        #expect(result.stderr.contains("give a recipe file, or code with -e"))
        #expect(result.stdout.isEmpty)
    }

    @Test func missingRecipeFileNamesTheFile() throws {
        let result = try sous(["apply", "nowhere.rb"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nowhere.rb"))
        #expect(result.stderr.contains("No such file or directory"))
    }

    @Test func syntaxErrorShowsFileLineColumnAndCaret() throws {
        let result = try sous(["apply", "broken.rb"], file: "broken.rb", """
            machine 'web' do
              tags 'a', 'b'
            """)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            broken.rb:2:16: error: syntax error, unexpected end-of-input, expecting 'end' ('do' block on line 1 is not closed)
                tags 'a', 'b'
                             ^
            broken.rb:1:15: note: 'do' block opened here
              machine 'web' do
                            ^

            """)
    }

    @Test func runtimeErrorPrintsRubysClassMessageAndBacktrace() throws {
        let result = try sous(["apply", "nil.rb"], file: "nil.rb", """
            puts "before"
            def shout(name)
              name.upcase
            end
            shout(nil)
            """)
        #expect(result.status == 1)
        #expect(result.stdout == "before\n")
        #expect(result.stderr == """
            nil.rb:3:in `shout': undefined method `upcase' for nil:NilClass (NoMethodError)
            \tfrom nil.rb:5:in `<main>'

            """)
    }

    @Test func infiniteRecursionIsAStackError() throws {
        let result = try sous(["apply", "-e", "def f(n) = f(n + 1)\nf(0)"])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first == "-e:1:in `f': stack level too deep (SystemStackError)")
        #expect(lines.count == 14, "the backtrace is cut like Ruby's")
        #expect(lines.last == "\tfrom -e:2:in `<main>'")
    }

    @Test func malformedUTF8IsADiagnostic() throws {
        let bytes = Array("puts 'ok'\nputs \"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        let result = try sous(["apply", "bad.rb"], files: ["bad.rb": bytes])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("bad.rb:2:7: error: invalid multibyte char (UTF-8)\n"))
    }

    @Test func hundredThousandNestedBracketsAreADiagnostic() throws {
        let depth = 100_000
        let text = "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let result = try sous(["apply", "deep.rb"], file: "deep.rb", text)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("deep.rb:1:"))
        #expect(result.stderr.contains("error: nesting too deep"))
    }

    @Test func tenMegabyteRecipeRuns() throws {
        let line = "total = [1, 2, 3].map { |i| i * 2 }.sum # a line of a large generated recipe\n"
        let text = String(repeating: line, count: 10 * 1024 * 1024 / line.utf8.count + 1) + "puts total\n"
        let result = try sous(["apply", "large.rb"], file: "large.rb", text)
        #expect(result.status == 0)
        #expect(result.stdout == "12\n")
    }

    @Test func unsupportedFeatureNamesItselfAndWhere() throws {
        let result = try sous(["apply", "match.rb"], file: "match.rb", "case [1, 2]\nin [a, b] then p a\nend\n")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("match.rb:2:1: error: pattern matching (case/in) is not supported by sous\n"))
    }

    @Test func unknownLibraryIsAClearError() throws {
        let result = try sous(["apply", "-e", "require 'nokogiri'"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nokogiri"))
        #expect(result.stderr.contains("(LoadError)"))
    }

    @Test func chefLibrariesAreAcceptedSilently() throws {
        let result = try sous(["apply", "-e", "require 'chef/provisioning'\nrequire 'chef/provisioning/ssh_driver'\nputs :ok"])
        #expect(result.status == 0)
        #expect(result.stdout == "ok\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func versionNamesTheLibraries() throws {
        let result = try sous(["version"])
        #expect(result.status == 0)
        for library in ["sous", "libcurl", "libssh2", "OpenSSL"] {
            #expect(result.stdout.contains(library))
        }
    }
}
