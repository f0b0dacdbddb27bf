import Foundation
import Testing

/// Converging real files, folders, links, templates and commands: the first run changes
/// them, the second changes nothing, and why-run never touches the disk.
@Suite struct ConvergeTests {
    static let cookbooks = TestPaths.fixtures.appendingPathComponent("cookbooks").path

    func converge(_ scratch: ConvergeScratch, _ extra: [String] = []) throws -> ProcessResult {
        try scratch.apply("include_recipe 'site'", ["--cookbook-path", Self.cookbooks] + extra,
                          environment: ["SITE_ROOT": scratch.path + "/out"])
    }

    func contents(_ scratch: ConvergeScratch, _ relative: String) -> String? {
        (try? Data(contentsOf: scratch.root.appendingPathComponent("out/" + relative))).map { String(decoding: $0, as: UTF8.self) }
    }

    func mode(_ scratch: ConvergeScratch, _ relative: String) -> String {
        var info = stat()
        lstat(scratch.path + "/out/" + relative, &info)
        return String(info.st_mode & 0o7777, radix: 8)
    }

    @Test func firstRunConvergesAndSecondRunChangesNothing() throws {
        let scratch = try ConvergeScratch("converge")
        defer { scratch.cleanUp() }

        let first = try converge(scratch)
        try #require(first.status == 0, "first run failed: \(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("Infra Phase complete, 9/9 resources updated"))
        #expect(contents(scratch, "etc/app/plain.txt") == "plain content\n")
        #expect(contents(scratch, "etc/app/app.conf") == "# Managed by sous for the converge test\nworkers = 4\nbackend alpha\nbackend beta\nbackend gamma\n")
        #expect(contents(scratch, "etc/app/data.txt") == "static data shipped with the cookbook\n")
        #expect(contents(scratch, "current.conf") == contents(scratch, "etc/app/app.conf"))
        #expect(contents(scratch, "marker") == "converged\n")
        #expect(contents(scratch, "report.txt") == "app.conf\ndata.txt\nplain.txt\n")
        #expect(contents(scratch, "copy.txt") == "plain content\n")
        #expect(mode(scratch, "etc/app") == "750")
        #expect(mode(scratch, "etc/app/plain.txt") == "640")
        #expect(mode(scratch, "copy.txt") == "600")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.path + "/out/current.conf")
            == scratch.path + "/out/etc/app/app.conf")
        var plain = stat(), hard = stat()
        lstat(scratch.path + "/out/etc/app/plain.txt", &plain)
        lstat(scratch.path + "/out/hard.txt", &hard)
        #expect(plain.st_ino == hard.st_ino)

        let before = try scratch.snapshot()
        let second = try converge(scratch)
        try #require(second.status == 0, "second run failed: \(second.stdout)\(second.stderr)")
        let lines = ConvergeScratch.actionLines(second.stdout)
        #expect(lines.count == 9)
        for line in lines {
            #expect(line.hasSuffix("(up to date)") || line.hasSuffix("(skipped due to not_if)"), "changed on the second run: \(line)")
        }
        #expect(second.stdout.contains("Infra Phase complete, 0/9 resources updated"))
        #expect(!second.stdout.contains("    - "))
        let after = try scratch.snapshot()
        #expect(after.filter { !$0.key.hasPrefix("recipe.rb") } == before.filter { !$0.key.hasPrefix("recipe.rb") })

        // A why-run of a converged machine has nothing to report either.
        let whyRun = try converge(scratch, ["--why-run"])
        #expect(whyRun.status == 0)
        #expect(whyRun.stdout.contains("0/9 resources would have been updated"))
    }

    @Test func whyRunOnAFreshFolderLeavesTheDiskUntouched() throws {
        let scratch = try ConvergeScratch("whyrun")
        defer { scratch.cleanUp() }
        let result = try converge(scratch, ["-W"])
        try #require(result.status == 0, "why-run failed: \(result.stdout)\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/out"))
        #expect(result.stdout.contains("    - Would create new directory \(scratch.path)/out/etc/app"))
        #expect(result.stdout.contains("    - Would execute echo converged > \(scratch.path)/out/marker"))
        #expect(result.stdout.contains("resources would have been updated"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["recipe.rb"])
    }

    @Test func changedContentIsReplacedAndShownAsADiff() throws {
        let scratch = try ConvergeScratch("update")
        defer { scratch.cleanUp() }
        let target = try scratch.write("out/config.txt", "one\ntwo\nthree\n")
        let recipe = """
        file '\(target)' do
          content "one\\n2\\nthree\\n"
          backup false
        end
        """
        let result = try scratch.apply(recipe, [], environment: [:])
        try #require(result.status == 0, "\(result.stderr)")
        let expected = [
            "    - update content in file \(target) from b6285c to bc85ca",
            "    --- \(target)",
            "    +++ \(scratch.path)/out/.chef-config.txt",
            "    @@ -1,3 +1,3 @@",
            "     one",
            "    -two",
            "    +2",
            "     three",
        ].joined(separator: "\n")
        #expect(result.stdout.contains(expected))
        #expect(contents(scratch, "config.txt") == "one\n2\nthree\n")
    }
}

/// What is at a file's path when it is not a regular file.
@Suite struct FileTypeTests {
    @Test func forceUnlinkReplacesALinkAndAFolderIsRefusedWithAWayOut() throws {
        let scratch = try ConvergeScratch("filetype")
        defer { scratch.cleanUp() }
        let target = try scratch.write("target.txt", "target\n")
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/link.txt", withDestinationPath: target)
        try FileManager.default.createDirectory(atPath: scratch.path + "/folder", withIntermediateDirectories: false)

        let replaced = try scratch.apply("""
            file '{DIR}/link.txt' do
              content "regular\\n"
              force_unlink true
            end
            """)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stdout.contains("    - unlink symlink at \(scratch.path)/link.txt"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: scratch.path + "/link.txt")) == nil)
        #expect(try String(contentsOfFile: scratch.path + "/link.txt", encoding: .utf8) == "regular\n")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "target\n")

        let refused = try scratch.apply("file '{DIR}/folder' do content 'x' end")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("File \(scratch.path)/folder exists, but is a directory; remove the directory or give the file another path"))
    }

    @Test func atomicUpdateFalseWritesInPlace() throws {
        let scratch = try ConvergeScratch("inplace")
        defer { scratch.cleanUp() }
        let path = try scratch.write("held.txt", "old\n")
        var before = stat()
        lstat(path, &before)
        let result = try scratch.apply("""
            file '{DIR}/held.txt' do
              content "new\\n"
              atomic_update false
              backup false
            end
            """)
        #expect(result.status == 0, "\(result.stderr)")
        var after = stat()
        lstat(path, &after)
        #expect(after.st_ino == before.st_ino)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
    }
}
