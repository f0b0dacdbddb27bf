import Foundation
import Testing

/// `sous -z` (chef-client's local mode): a chef-repo in a test folder, served by a goiardi
/// that sous starts for the run (authentication on) and stops at its end, also when the run
/// fails and when sous is interrupted; what the run saves comes back into the repo.
@Suite struct LocalModeTests {
    /// A chef-repo with a cookbook, a role, an environment and a data bag; the recipe
    /// writes what it read from each, then waits for `release` when asked to.
    func makeRepository() throws -> URL {
        let root = try TestPaths.makeScratchDirectory("local-mode")
        let files: [String: String] = [
            "cookbooks/greeter/metadata.rb": "name 'greeter'\nversion '1.0.0'\n",
            "cookbooks/greeter/recipes/default.rb": """
                out = ENV.fetch('LOCAL_OUT')
                user = data_bag_item('people', 'ada')
                file "#{out}/greeting" do
                  content "#{node['greeting']} #{user['name']} in #{node.chef_environment}\\n"
                end
                if ENV['LOCAL_WAIT']
                  ruby_block 'wait for release' do
                    block do
                      File.write("#{out}/waiting", '')
                      600.times { break if File.exist?(ENV['LOCAL_WAIT']); sleep 0.05 }
                    end
                  end
                end
                raise 'the recipe was asked to fail' if ENV['LOCAL_FAIL']
                """,
            "roles/greeters.json": #"{"name": "greeters", "run_list": ["recipe[greeter]"], "default_attributes": {"greeting": "hello"}}"#,
            "environments/staging.json": #"{"name": "staging", "override_attributes": {"greeting": "hi"}}"#,
            "data_bags/people/ada.json": #"{"id": "ada", "name": "Ada"}"#,
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
        return root
    }

    /// Processes whose command line names a local-mode folder under `temporary`.
    func localServers(under temporary: URL) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.contains(temporary.path + "/sous-local-mode-") ? "\(pid): \(line)" : nil
        }
    }

    func leftovers(under temporary: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []).filter { $0.hasPrefix("sous-local-mode-") }
    }

    /// Whether, within 10 s of sous ending, no process of the run's server is left (goiardi,
    /// or the watcher that stops it, which ends right after sous) and no folder of it.
    func cleanedUp(under temporary: URL) -> Bool {
        for _ in 0..<200 {
            if localServers(under: temporary).isEmpty && leftovers(under: temporary).isEmpty { return true }
            usleep(50_000)
        }
        return false
    }

    @Test func aRunConvergesFromTheRepoAndWritesItsNodeBack() throws {
        let repository = try makeRepository()
        let temporary = repository.appendingPathComponent("tmp")
        let out = repository.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let result = try ProcessRunner.run(TestPaths.sous, ["-z", "-N", "local-web", "-E", "staging", "-o", "role[greeters]"],
                                           directory: repository,
                                           environment: ["LOCAL_OUT": out.path, "TMPDIR": temporary.path], timeout: 120)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        // The role's default, overridden by the environment; the data bag item's name.
        #expect(try String(contentsOf: out.appendingPathComponent("greeting"), encoding: .utf8) == "hi Ada in staging\n")
        let node = try JSONSerialization.jsonObject(with: Data(contentsOf: repository.appendingPathComponent("nodes/local-web.json"))) as? [String: Any]
        #expect(node?["name"] as? String == "local-web")
        #expect(node?["chef_environment"] as? String == "staging")
        // Not written back: the run's own client (its key is new each run), the server's own
        // clients, the _default environment.
        #expect(!FileManager.default.fileExists(atPath: repository.appendingPathComponent("clients").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("environments").path) == ["staging.json"])
        #expect(cleanedUp(under: temporary), "\(localServers(under: temporary)) \(leftovers(under: temporary))")
    }

    @Test func aFailedRunStopsItsServerToo() throws {
        let repository = try makeRepository()
        let temporary = repository.appendingPathComponent("tmp")
        let out = repository.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let result = try ProcessRunner.run(TestPaths.sous, ["-z", "-N", "local-failing", "-o", "role[greeters]"], directory: repository,
                                           environment: ["LOCAL_OUT": out.path, "TMPDIR": temporary.path, "LOCAL_FAIL": "1"], timeout: 120)
        #expect(result.status != 0)
        #expect(result.stderr.contains("the recipe was asked to fail"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: repository.appendingPathComponent("nodes/local-failing.json").path))
        #expect(cleanedUp(under: temporary), "\(localServers(under: temporary)) \(leftovers(under: temporary))")
    }

    /// SIGINT in the middle of the run: sous ends, and its server with it.
    @Test func anInterruptedRunLeavesNoServer() throws {
        let repository = try makeRepository()
        let temporary = repository.appendingPathComponent("tmp")
        let out = repository.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let release = repository.appendingPathComponent("release")
        let process = try ProcessRunner.start(TestPaths.sous, ["-z", "-N", "local-interrupted", "-o", "role[greeters]",
                                                                "--chef-repo-path", repository.path],
                                              environment: ["LOCAL_OUT": out.path, "TMPDIR": temporary.path, "LOCAL_WAIT": release.path])
        defer { process.stop() }
        // The run is in its recipe (its server up) once it says it waits; bounded to 60 s.
        var waiting = false
        for _ in 0..<1200 where !waiting {
            waiting = FileManager.default.fileExists(atPath: out.appendingPathComponent("waiting").path)
            if !waiting { usleep(50_000) }
        }
        try #require(waiting, "the run never reached its recipe")
        #expect(!localServers(under: temporary).isEmpty, "no server ran during the run")
        kill(process.pid, SIGINT)
        let status = process.waitForExit(timeout: 30)
        #expect(status != nil && status != 0, "sous did not end on SIGINT: \(String(describing: status))")
        // The watcher stops the server and removes its folder.
        #expect(cleanedUp(under: temporary), "\(localServers(under: temporary)) \(leftovers(under: temporary))")
    }

    /// `sous knife ... -z`: knife against the repo through a server of its own; what the
    /// command changes is written back.
    @Test func knifeInLocalModeWorksOnTheRepo() throws {
        let repository = try makeRepository()
        let temporary = repository.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        func knife(_ arguments: [String]) throws -> ProcessResult {
            try ProcessRunner.run(TestPaths.sous, ["knife"] + arguments + ["-z"], directory: repository,
                                  environment: ["TMPDIR": temporary.path], timeout: 120)
        }
        let roles = try knife(["role", "list"])
        #expect(roles.status == 0 && roles.stdout == "greeters\n", "\(roles.stdout)\(roles.stderr)")
        let node = repository.appendingPathComponent("web9.json")
        try #"{"name": "web9", "run_list": ["role[greeters]"]}"#.write(to: node, atomically: false, encoding: .utf8)
        let created = try knife(["node", "from", "file", node.path])
        #expect(created.status == 0, "\(created.stderr)")
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: repository.appendingPathComponent("nodes/web9.json"))) as? [String: Any]
        #expect(written?["run_list"] as? [String] == ["role[greeters]"])
        #expect(cleanedUp(under: temporary), "\(localServers(under: temporary)) \(leftovers(under: temporary))")
    }
}
