import Foundation
import Testing

/// `sous knife upload` of a chef-repo against goiardi: roles and environments in JSON and in
/// Chef's Ruby DSL, a data bag, a cookbook; read back by Ruby's mixlib client.
@Suite(.chefServer) struct KnifeRepositoryTests {
    func write(_ files: [String: String], under root: URL) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
    }

    func knife(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.sous, ["knife"] + arguments + ["-c", try ChefServerFixture.server.knifeRB], timeout: 120)
    }

    @Test func uploadCreatesUpdatesAndThenChangesNothing() throws {
        let server = try ChefServerFixture.server
        let root = server.state.appendingPathComponent("repo-\(UUID().uuidString)")
        try write([
            "roles/repo-web.rb": """
                name "repo-web"
                description "web servers"
                run_list "repo-app::site", "role[repo-base]"
                env_run_lists "_default" => ["repo-app"], "repo-prod" => ["repo-app::site"]
                default_attributes "app" => { "port" => 8080 }
                """,
            "roles/repo-base.json": #"{"name": "repo-base", "run_list": ["recipe[repo-app]"]}"#,
            "environments/repo-prod.rb": """
                name "repo-prod"
                description "production"
                cookbook "repo-app", "= 1.0.0"
                override_attributes "app" => { "debug" => false }
                """,
            "data_bags/repo-users/alice.json": #"{"id": "alice", "shell": "/bin/bash"}"#,
            "cookbooks/repo-app/metadata.rb": "name 'repo-app'\nversion '1.0.0'\n",
            "cookbooks/repo-app/recipes/default.rb": "log 'app'\n",
            "cookbooks/repo-app/recipes/site.rb": "log 'site'\n",
        ], under: root)

        let first = try knife(["upload", "--chef-repo-path", root.path])
        try #require(first.status == 0, "\(first.stderr)")
        #expect(Set(first.stdout.split(separator: "\n").map(String.init)) == [
            "Created environments/repo-prod.rb", "Created roles/repo-base.json", "Created roles/repo-web.rb",
            "Created data_bags/repo-users", "Created data_bags/repo-users/alice.json", "Created cookbooks/repo-app",
        ], "\(first.stdout)")

        let role = try server.rubyGet("roles/repo-web")
        #expect(role["run_list"] as? [String] == ["recipe[repo-app::site]", "role[repo-base]"])
        #expect(role["env_run_lists"] as? [String: [String]] == ["repo-prod": ["recipe[repo-app::site]"]])
        #expect((role["default_attributes"] as? [String: [String: Int]])?["app"]?["port"] == 8080)
        let environment = try server.rubyGet("environments/repo-prod")
        #expect(environment["cookbook_versions"] as? [String: String] == ["repo-app": "= 1.0.0"])
        #expect(try server.rubyGet("data/repo-users/alice")["shell"] as? String == "/bin/bash")
        #expect((try server.rubyGet("cookbooks/repo-app/1.0.0")["recipes"] as? [[String: Any]])?.count == 2)

        // knife role from file takes the Ruby DSL too.
        let fromFile = try knife(["role", "from", "file", root.appendingPathComponent("roles/repo-web.rb").path])
        #expect(fromFile.stdout == "Role repo-web is up to date\n", "\(fromFile.stdout)\(fromFile.stderr)")

        let again = try knife(["upload", "--chef-repo-path", root.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "Nothing to upload: the server already has everything in \(root.path).\n", "\(again.stdout)")

        // knife diff: nothing, then the changed role as M, a role only on the server as D.
        // The server is shared with other tests (and has its own clients, which the repo
        // lacks): only this test's objects, all named repo-*, are looked at.
        func ours(_ listing: String) -> String {
            listing.split(separator: "\n").filter { $0.contains("/repo-") }.map { $0 + "\n" }.joined()
        }
        let same = try knife(["diff", "--name-status", "--chef-repo-path", root.path])
        #expect(same.status == 0 && ours(same.stdout).isEmpty, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("D\tclients/chef-validator.json\n"), "the server's clients are not in the repo: \(same.stdout)")
        let serverOnly = root.appendingPathComponent("server-only.json")
        try #"{"name": "repo-server-only"}"#.write(to: serverOnly, atomically: false, encoding: .utf8)
        try #require(try knife(["role", "from", "file", serverOnly.path]).status == 0)

        // One role changed: only it is updated.
        try write(["roles/repo-base.json": #"{"name": "repo-base", "run_list": ["recipe[repo-app]", "recipe[repo-app::site]"]}"#], under: root)
        let diff = try knife(["diff", "roles", "--name-status", "--chef-repo-path", root.path])
        #expect(ours(diff.stdout) == "M\troles/repo-base.json\nD\troles/repo-server-only.json\n", "\(diff.stdout)\(diff.stderr)")
        let changed = try knife(["upload", "roles", "--chef-repo-path", root.path])
        #expect(changed.stdout == "Updated roles/repo-base.json\n", "\(changed.stdout)\(changed.stderr)")
        #expect(try server.rubyGet("roles/repo-base")["run_list"] as? [String] == ["recipe[repo-app]", "recipe[repo-app::site]"])

        // Download into an empty repo: what the server has, as files; again: nothing.
        let copy = server.state.appendingPathComponent("repo-copy-\(UUID().uuidString)")
        let download = try knife(["download", "roles", "data_bags", "cookbooks/repo-app", "--chef-repo-path", copy.path])
        try #require(download.status == 0, "\(download.stderr)")
        #expect(download.stdout.contains("Created roles/repo-web.json\n") && download.stdout.contains("Created cookbooks/repo-app/recipes/site.rb\n"),
                "\(download.stdout)")
        let web = try JSONSerialization.jsonObject(with: Data(contentsOf: copy.appendingPathComponent("roles/repo-web.json"))) as? [String: Any]
        #expect(web?["run_list"] as? [String] == ["recipe[repo-app::site]", "role[repo-base]"])
        let alice = try JSONSerialization.jsonObject(with: Data(contentsOf: copy.appendingPathComponent("data_bags/repo-users/alice.json"))) as? [String: Any]
        #expect(alice?["shell"] as? String == "/bin/bash")
        #expect(try String(contentsOf: copy.appendingPathComponent("cookbooks/repo-app/recipes/site.rb"), encoding: .utf8) == "log 'site'\n")
        let downloadAgain = try knife(["download", "roles", "data_bags", "cookbooks/repo-app", "--chef-repo-path", copy.path])
        #expect(downloadAgain.stdout.hasPrefix("Nothing to download"), "\(downloadAgain.stdout)")
        // --purge: a role the server does not have loses its file; nothing else changes.
        try write(["roles/repo-stale.json": #"{"name": "repo-stale"}"#], under: copy)
        let purged = try knife(["download", "roles", "--purge", "--chef-repo-path", copy.path])
        #expect(ours(purged.stdout) == "Deleted extra entry roles/repo-stale.json (purge is on)\n", "\(purged.stdout)\(purged.stderr)")
        #expect(!FileManager.default.fileExists(atPath: copy.appendingPathComponent("roles/repo-stale.json").path))
        #expect(FileManager.default.fileExists(atPath: copy.appendingPathComponent("roles/repo-web.json").path))

        // A file whose name is not its object's is refused, naming the file.
        try write(["roles/repo-other.json": #"{"name": "repo-mismatch"}"#], under: root)
        let refused = try knife(["upload", "roles", "--chef-repo-path", root.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("roles/repo-other.json: Name must be 'repo-other' (is 'repo-mismatch')"), "\(refused.stderr)")
    }
}
