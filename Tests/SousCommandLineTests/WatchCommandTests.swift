import Foundation
import Testing

/// `sous watch RECIPE` on this machine (no Chef server): the recipe runs, runs again when a
/// file under cookbooks/ is saved (one line per change), and Ctrl-C ends the watch cleanly.
@Suite struct WatchCommandTests {
    @Test func aPlainRecipeRunsAgainOnEveryChangeAndCtrlCStopsIt() throws {
        let scratch = try TestPaths.makeScratchDirectory("watch")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let cookbook = scratch.appendingPathComponent("cookbooks/greet")
        try FileManager.default.createDirectory(at: cookbook, withIntermediateDirectories: true)
        try "hello\n".write(to: cookbook.appendingPathComponent("message.txt"), atomically: true, encoding: .utf8)
        let out = scratch.appendingPathComponent("out.txt")
        try """
        file '\(out.path)' do
          content File.read('\(cookbook.path)/message.txt')
        end
        """.write(to: scratch.appendingPathComponent("recipe.rb"), atomically: true, encoding: .utf8)
        let log = scratch.appendingPathComponent("watch.log")
        let watch = try ProcessRunner.start("/bin/sh", ["-c", "exec '\(TestPaths.sous)' watch recipe.rb > '\(log.path)' 2>&1"],
                                            directory: scratch.path)
        defer { watch.stop() }
        func lines() -> [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init).filter { $0.hasPrefix("[") }
        }
        func waitForLine(_ count: Int) -> Bool {
            for _ in 0..<600 {  // bounded: 30 s
                if lines().count >= count { return true }
                usleep(50_000)
            }
            return false
        }
        try #require(waitForLine(1), "no first line: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        #expect(lines()[0].contains("ran recipe.rb: "), "\(lines())")
        #expect(try String(contentsOf: out, encoding: .utf8) == "hello\n")

        try "hello again\n".write(to: cookbook.appendingPathComponent("message.txt"), atomically: true, encoding: .utf8)
        try #require(waitForLine(2), "no line after the change: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        #expect(lines()[1].contains("cookbooks/greet/message.txt: "), "\(lines())")
        #expect(lines()[1].contains("1/1 resources updated"), "\(lines())")
        #expect(try String(contentsOf: out, encoding: .utf8) == "hello again\n")

        kill(watch.pid, SIGINT)
        #expect(watch.waitForExit(timeout: 10) == 0, "sous watch did not end cleanly on SIGINT")
        #expect(((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("sous watch: stopped"))
    }
}
