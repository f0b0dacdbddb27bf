import Foundation
import Testing

/// `sous verify` against Debian's rspec (ruby-rspec 3.12, rspec_junit_formatter 0.4.1),
/// run at test time on the same spec files: the documentation and progress output must be
/// identical once timings are normalized, and the JUnit files must hold the same testcases.
@Suite struct VerifyCommandTests {
    static let differential = TestPaths.fixtures.appendingPathComponent("verify/differential")
    static let outcomes = TestPaths.fixtures.appendingPathComponent("verify/outcomes")

    static let specFiles: [String] = {
        let folder = differential.appendingPathComponent("spec").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix("_spec.rb") }.sorted()
    }()

    /// Timings are the only thing that may differ.
    static func normalized(_ output: String) -> String {
        output.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("Finished in ") ? "Finished in (time)" : String($0) }
            .joined(separator: "\n")
    }

    /// Both run under the same `$SHELL`, which decides whether rspec quotes re-run ids.
    static func rspec(_ arguments: [String], in directory: URL, shell: String = "/bin/bash") throws -> ProcessResult {
        try ProcessRunner.run("/usr/bin/rspec", ["--no-color"] + arguments, directory: directory,
                              environment: ["SHELL": shell], timeout: 120)
    }

    static func sous(_ arguments: [String], in directory: URL, shell: String = "/bin/bash") throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.sous, ["verify", "--no-color"] + arguments, directory: directory,
                              environment: ["SHELL": shell], timeout: 120)
    }

    @Test func theSuiteCoversPassingFailingAndPendingExamples() throws {
        #expect(Self.specFiles.count >= 9)
        let ruby = try Self.rspec(["--format", "progress"], in: Self.differential)
        let summary = ruby.stdout.split(separator: "\n").first { $0.contains(" examples, ") } ?? ""
        let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count == 3, "rspec's summary: \(summary)")
        if numbers.count == 3 {
            #expect(numbers[0] >= 150 && numbers[1] >= 50 && numbers[2] >= 15, "examples, failures, pending: \(numbers)")
            #expect(numbers[0] - numbers[1] - numbers[2] >= 40, "passing examples: \(numbers)")
        }
    }

    @Test(arguments: [["--format", "documentation"], ["--format", "progress"]])
    func theWholeSuitePrintsWhatRSpecPrints(_ format: [String]) throws {
        let ruby = try Self.rspec(format, in: Self.differential)
        let sous = try Self.sous(format, in: Self.differential)
        #expect(ruby.status == 1 && sous.status == 1, "exit status: rspec \(ruby.status), sous \(sous.status)\n\(sous.stderr)")
        #expect(Self.normalized(sous.stdout) == Self.normalized(ruby.stdout), "\(firstDifference(Self.normalized(ruby.stdout), Self.normalized(sous.stdout)))")
    }

    @Test(arguments: specFiles)
    func eachFilePrintsWhatRSpecPrints(_ file: String) throws {
        let arguments = ["--format", "documentation", "spec/\(file)"]
        let ruby = try Self.rspec(arguments, in: Self.differential)
        let sous = try Self.sous(arguments, in: Self.differential)
        #expect(sous.status == ruby.status, "exit status: rspec \(ruby.status), sous \(sous.status)\n\(sous.stderr)")
        #expect(Self.normalized(sous.stdout) == Self.normalized(ruby.stdout), "\(firstDifference(Self.normalized(ruby.stdout), Self.normalized(sous.stdout)))")
    }

    /// rspec leaves `rspec ./spec/x_spec.rb[1:7:2]` bare for bash, ksh and fish and quotes it
    /// for any other `$SHELL` (CI's may be unset or /bin/sh), so the re-run lines depend on it.
    @Test(arguments: ["/bin/sh", "/usr/bin/zsh", "", "/bin/bash", "/usr/bin/fish"])
    func rerunIDsAreQuotedForTheUsersShellAsRSpecQuotesThem(_ shell: String) throws {
        let arguments = ["--format", "progress", "spec/collections_spec.rb"]
        let ruby = try Self.rspec(arguments, in: Self.differential, shell: shell)
        let sous = try Self.sous(arguments, in: Self.differential, shell: shell)
        #expect(ruby.stdout.contains("rspec ./spec/collections_spec.rb[") || ruby.stdout.contains("rspec './spec/collections_spec.rb["),
                "the file must keep an example whose re-run needs its id")
        #expect(Self.normalized(sous.stdout) == Self.normalized(ruby.stdout), "\(firstDifference(Self.normalized(ruby.stdout), Self.normalized(sous.stdout)))")
    }

    @Test func theJUnitReportHoldsRSpecsTestcases() throws {
        let scratch = try TestPaths.makeScratchDirectory("verify-junit")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let rubyXML = scratch.appendingPathComponent("rspec.xml").path
        let sousXML = scratch.appendingPathComponent("sous.xml").path
        _ = try Self.rspec(["--format", "RspecJunitFormatter", "--out", rubyXML], in: Self.differential)
        let sous = try Self.sous(["--format", "junit", "--out", sousXML], in: Self.differential)
        #expect(sous.status == 1, "\(sous.stderr)")
        let expected = try JUnitFile.read(rubyXML)
        let actual = try JUnitFile.read(sousXML)
        #expect(actual.cases.count == expected.cases.count)
        #expect(actual.suite == expected.suite, "suite counts (tests, failures, skipped)")
        for (mine, theirs) in zip(actual.cases, expected.cases) {
            #expect(mine == theirs)
        }
    }

    @Test func exitCodesAndCountsFollowTheExamples() throws {
        let scratch = try TestPaths.makeScratchDirectory("verify-outcomes")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let passing = try Self.sous(["spec/passing_spec.rb"], in: Self.outcomes)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.contains("4 examples, 0 failures, 1 pending"), "\(passing.stdout)")

        let report = scratch.appendingPathComponent("report.xml").path
        let failing = try Self.sous(["--format", "progress", "--format", "junit", "--out", report], in: Self.outcomes)
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains("7 examples, 2 failures, 1 pending"), "\(failing.stdout)")
        #expect(failing.stdout.contains("rspec ./spec/failing_spec.rb:6 # greeting says goodbye"))

        let junit = try JUnitFile.read(report)
        #expect(junit.suite == JUnitFile.Suite(tests: 7, failures: 2, skipped: 1))
        let goodbye = junit.cases.first { $0.name == "greeting says goodbye" }
        #expect(goodbye?.classname == "spec.failing_spec")
        // XML parsers read the newlines of an attribute as spaces (rspec_junit_formatter's too).
        #expect(goodbye?.failureMessage == " expected: \"goodbye\"      got: \"hello world\"  (compared using ==) ")
        #expect(goodbye?.failureBody.hasPrefix("Failure/Error: it('says goodbye') { expect(greeting).to eq('goodbye') }\n") == true)
        #expect(goodbye?.failureBody.contains("./spec/failing_spec.rb:6:in `block (2 levels) in <top (required)>'") == true)
        let shouts = junit.cases.first { $0.name == "greeting shouts" }
        #expect(shouts?.failureMessage.hasPrefix("expected \"hello world\" to match /WORLD/") == true)
        #expect(junit.cases.first { $0.name == "arithmetic divides by zero" }?.skipped == true)

        // rspec's JSON format, read back with a JSON parser.
        let json = try Self.sous(["--format", "json"], in: Self.outcomes)
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["example_count"] as? Int == 7 && summary["failure_count"] as? Int == 2 && summary["pending_count"] as? Int == 1)
        let examples = try #require(object["examples"] as? [[String: Any]])
        let failed = examples.first { $0["full_description"] as? String == "greeting says goodbye" }
        #expect(failed?["status"] as? String == "failed" && failed?["line_number"] as? Int == 6)
        #expect(((failed?["exception"] as? [String: Any])?["class"] as? String) == "RSpec::Expectations::ExpectationNotMetError")
    }

    @Test func specsThatCannotRunExitWithTwo() throws {
        let broken = TestPaths.fixtures.appendingPathComponent("verify/broken")
        let result = try Self.sous([], in: broken)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("spec/syntax_spec.rb:"), "the message names the file: \(result.stderr)")
        // A Chef server that does not answer: no example could pass.
        let scratch = try TestPaths.makeScratchDirectory("verify-unreachable")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let key = scratch.appendingPathComponent("admin.pem").path
        _ = try ProcessRunner.run("/usr/bin/openssl", ["genrsa", "-out", key, "2048"])
        let knifeRB = scratch.appendingPathComponent("knife.rb")
        try "node_name 'admin'\nclient_key '\(key)'\nchef_server_url 'http://127.0.0.1:9'\n".write(to: knifeRB, atomically: true, encoding: .utf8)
        let unreachable = try Self.sous(["-c", knifeRB.path], in: TestPaths.fixtures.appendingPathComponent("verify/unreachable"))
        #expect(unreachable.status == 2, "\(unreachable.stdout)\(unreachable.stderr)")
        #expect(unreachable.stderr.contains("the Chef server http://127.0.0.1:9 did not answer for node web1"), "\(unreachable.stderr)")

        let missing = try Self.sous(["spec/nothing_spec.rb"], in: broken)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("spec/nothing_spec.rb: no such spec file or folder"), "\(missing.stderr)")
    }
}

/// A JUnit XML file read with Python's XML parser (ElementTree): Swift here has none.
struct JUnitFile {
    struct Suite: Equatable {
        var tests: Int, failures: Int, skipped: Int
    }

    struct Case: Equatable {
        var classname: String
        var name: String
        var skipped: Bool
        var failureMessage: String
        var failureType: String
        var failureBody: String
        var systemOut: String
    }

    var suite: Suite
    var cases: [Case]

    static func read(_ path: String) throws -> JUnitFile {
        let script = """
        import json, sys, xml.etree.ElementTree as ET
        root = ET.parse(sys.argv[1]).getroot()
        cases = []
        for case in root.iter('testcase'):
            failure = case.find('failure')
            cases.append({'classname': case.get('classname'), 'name': case.get('name'),
                          'skipped': case.find('skipped') is not None,
                          'message': failure.get('message') if failure is not None else '',
                          'type': failure.get('type') if failure is not None else '',
                          'body': failure.text or '' if failure is not None else '',
                          'out': case.findtext('system-out') or ''})
        print(json.dumps({'tests': int(root.get('tests')), 'failures': int(root.get('failures')),
                          'skipped': int(root.get('skipped')), 'cases': cases}))
        """
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", script, path])
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ChefServerFixture.FixtureError(description: "\(path) is not JUnit XML: \(result.stderr)")
        }
        let cases = (object["cases"] as? [[String: Any]] ?? []).map { item in
            Case(classname: item["classname"] as? String ?? "", name: item["name"] as? String ?? "",
                 skipped: item["skipped"] as? Bool ?? false, failureMessage: item["message"] as? String ?? "",
                 failureType: item["type"] as? String ?? "", failureBody: item["body"] as? String ?? "",
                 systemOut: item["out"] as? String ?? "")
        }
        return JUnitFile(suite: Suite(tests: object["tests"] as? Int ?? -1, failures: object["failures"] as? Int ?? -1,
                                      skipped: object["skipped"] as? Int ?? -1), cases: cases)
    }
}

/// Where two outputs first differ, for a readable failure.
func firstDifference(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(a.count, b.count) where index >= a.count || index >= b.count || a[index] != b[index] {
        let wanted = index < a.count ? String(a[index]) : "(end)"
        let got = index < b.count ? String(b[index]) : "(end)"
        return "line \(index + 1): rspec printed\n  \(wanted)\nsous printed\n  \(got)"
    }
    return "identical"
}
