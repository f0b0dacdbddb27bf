import Foundation
import Testing

/// `sous client` with no cookbook path takes its cookbooks from the Chef server, as
/// chef-client does: solved for its environment, downloaded into file_cache_path only when a
/// file's checksum changed, and converged from there. Against goiardi with authentication on.
@Suite(.chefServer) struct CookbookSyncTests {
    let root: URL

    init() throws {
        root = try ChefServerFixture.server.state.appendingPathComponent("sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// A version of cookbook `synced` in a folder of its own: its recipe writes which
    /// version ran and renders a template.
    func writeCookbook(version: String, greeting: String) throws -> String {
        let folder = root.appendingPathComponent("v\(version)/synced")
        let files = [
            "metadata.rb": "name 'synced'\nversion '\(version)'\n",
            "recipes/default.rb": """
                out = ENV.fetch('SYNC_OUT')
                file "#{out}/which" do
                  content "\(version)\\n"
                end
                template "#{out}/greeting" do
                  source 'greeting.erb'
                end
                """,
            "templates/default/greeting.erb": greeting,
            "files/default/only-in-\(version).txt": "\(version)\n",
        ]
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
        return folder.deletingLastPathComponent().path
    }

    func knife(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.sous, ["knife"] + arguments + ["-c", try ChefServerFixture.server.knifeRB], timeout: 120)
    }

    /// A node's client.rb: registered with the validator key on its first run, with a cache
    /// of its own and no cookbook path.
    func clientConfig(node: String, environment: String? = nil) throws -> String {
        let server = try ChefServerFixture.server
        let path = root.appendingPathComponent("\(node).rb").path
        try """
            node_name '\(node)'
            chef_server_url '\(server.url)'
            client_key '\(root.path)/\(node).pem'
            validation_client_name 'chef-validator'
            validation_key '\(server.validatorKey)'
            file_cache_path '\(root.path)/\(node)-cache'
            \(environment.map { "environment '\($0)'" } ?? "")
            """.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    func converge(_ config: String, output: URL) throws -> ProcessResult {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        return try ProcessRunner.run(TestPaths.sous, ["client", "-c", config, "-o", "role[synced-role]", "-l", "info"],
                                     environment: ["SYNC_OUT": output.path], timeout: 120)
    }

    func stored(_ result: ProcessResult) -> [String] {
        result.stderr.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "INFO: Storing updated ") else { return nil }
            return String(line[range.upperBound...].dropLast(" in the cache.".count))
        }.sorted()
    }

    @Test func aRoleConvergesCookbooksFromTheServerAndSyncsOnlyWhatChanged() throws {
        let older = try writeCookbook(version: "1.0.0", greeting: "hello from one\n")
        let newer = try writeCookbook(version: "2.0.0", greeting: "hello from two\n")
        for path in [older, newer] {
            let upload = try knife(["cookbook", "upload", "synced", "-o", path])
            try #require(upload.status == 0, "\(upload.stderr)")
        }
        let role = root.appendingPathComponent("synced-role.json")
        try #"{"name": "synced-role", "run_list": ["recipe[synced]"], "json_class": "Chef::Role", "chef_type": "role"}"#
            .write(to: role, atomically: false, encoding: .utf8)
        try #require(try knife(["role", "from", "file", role.path]).status == 0)

        // The newest version, downloaded whole, then converged.
        let config = try clientConfig(node: "sync-web1")
        let output = root.appendingPathComponent("out-web1")
        let first = try converge(config, output: output)
        try #require(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("Synchronizing cookbooks:\n  - synced (2.0.0)\nCompiling cookbooks...\n"), "\(first.stdout)")
        #expect(stored(first) == ["cookbooks/synced/files/default/only-in-2.0.0.txt", "cookbooks/synced/metadata.json",
                                  "cookbooks/synced/metadata.rb", "cookbooks/synced/recipes/default.rb",
                                  "cookbooks/synced/templates/default/greeting.erb"], "\(first.stderr)")
        #expect(try String(contentsOf: output.appendingPathComponent("which"), encoding: .utf8) == "2.0.0\n")
        #expect(try String(contentsOf: output.appendingPathComponent("greeting"), encoding: .utf8) == "hello from two\n")

        // Nothing changed on the server: nothing is downloaded.
        let second = try converge(config, output: output)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(stored(second).isEmpty, "\(second.stderr)")

        // One template changed and one file gone, uploaded again: the template alone comes
        // down, and the file that left the cookbook leaves the cache.
        try "hello again from two\n".write(toFile: "\(newer)/synced/templates/default/greeting.erb", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: "\(newer)/synced/files/default/only-in-2.0.0.txt")
        try #require(try knife(["cookbook", "upload", "synced", "-o", newer]).status == 0)
        let third = try converge(config, output: output)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(stored(third) == ["cookbooks/synced/templates/default/greeting.erb"], "\(third.stderr)")
        #expect(try String(contentsOf: output.appendingPathComponent("greeting"), encoding: .utf8) == "hello again from two\n")
        #expect(!FileManager.default.fileExists(atPath: "\(root.path)/sync-web1-cache/cookbooks/synced/files/default/only-in-2.0.0.txt"))
        #expect(third.stderr.contains("Removing cookbooks/synced/files/default/only-in-2.0.0.txt from the cache"), "\(third.stderr)")

        // An environment pinning the older version: a node in it converges 1.0.0, and its
        // cache holds 1.0.0's files only.
        let environment = root.appendingPathComponent("pinned.json")
        try #"{"name": "sync-pinned", "cookbook_versions": {"synced": "= 1.0.0"}, "json_class": "Chef::Environment", "chef_type": "environment"}"#
            .write(to: environment, atomically: false, encoding: .utf8)
        try #require(try knife(["environment", "from", "file", environment.path]).status == 0)
        let pinnedConfig = try clientConfig(node: "sync-web2", environment: "sync-pinned")
        let pinnedOutput = root.appendingPathComponent("out-web2")
        let pinned = try converge(pinnedConfig, output: pinnedOutput)
        try #require(pinned.status == 0, "\(pinned.stdout)\(pinned.stderr)")
        #expect(pinned.stdout.contains("  - synced (1.0.0)\n"), "\(pinned.stdout)")
        #expect(try String(contentsOf: pinnedOutput.appendingPathComponent("which"), encoding: .utf8) == "1.0.0\n")
        #expect(try String(contentsOf: pinnedOutput.appendingPathComponent("greeting"), encoding: .utf8) == "hello from one\n")

    }
}
