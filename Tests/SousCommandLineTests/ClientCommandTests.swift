import Foundation
import Testing

/// `sous client` (and `sous -c knife.rb recipe.rb`) against a real goiardi: registration
/// with the validator, run lists with roles and environments from the server, data bags and
/// search in recipes, the node saved at the end. Each run twice; the node read back by Ruby.
@Suite(.chefServer) struct ClientCommandTests {
    static let cookbooks = TestPaths.fixtures.appendingPathComponent("chef-server/cookbooks").path

    /// A folder with a client.rb for node `name`: its key does not exist yet, the validator's
    /// does, as on a machine about to run chef-client for the first time.
    func clientFolder(_ name: String, extra: String = "") throws -> URL {
        let server = try ChefServerFixture.server
        let folder = server.state.appendingPathComponent("client-\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        node_name '\(name)'
        chef_server_url '\(server.url)'
        client_key 'keys/\(name).pem'
        validation_key '\(server.validatorKey)'
        cookbook_path ['\(Self.cookbooks)']
        \(extra)
        """.write(to: folder.appendingPathComponent("client.rb"), atomically: false, encoding: .utf8)
        return folder
    }

    func sous(_ arguments: [String], in folder: URL) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.sous, arguments, directory: folder,
                              environment: ["WEB_ROOT": folder.appendingPathComponent("www").path], timeout: 60)
    }

    func knife(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.sous, ["knife"] + arguments + ["-c", try ChefServerFixture.server.knifeRB], timeout: 60)
    }

    /// The role and data bag item the web cookbook reads.
    func seedServer() throws {
        let server = try ChefServerFixture.server
        let role = server.state.appendingPathComponent("web-role.json")
        try #"{"name": "web-role", "json_class": "Chef::Role", "chef_type": "role", "run_list": ["recipe[web]"], "default_attributes": {"web": {"greeting": "hello from the role"}}, "override_attributes": {}, "env_run_lists": {}}"#
            .write(to: role, atomically: false, encoding: .utf8)
        #expect(try knife(["role", "from", "file", role.path]).status == 0)
        let item = server.state.appendingPathComponent("site.json")
        try #"{"id": "site", "title": "Sous"}"#.write(to: item, atomically: false, encoding: .utf8)
        _ = try knife(["data", "bag", "create", "web-config"])
        #expect(try knife(["data", "bag", "from", "file", "web-config", item.path]).status == 0)
        let qa = server.state.appendingPathComponent("qa.json")
        try #"{"name": "qa", "json_class": "Chef::Environment", "chef_type": "environment", "default_attributes": {"web": {"port": 8081}}, "override_attributes": {}}"#
            .write(to: qa, atomically: false, encoding: .utf8)
        #expect(try knife(["environment", "from", "file", qa.path]).status == 0)
    }

    @Test func registersExpandsRolesAndSavesTheNode() throws {
        let server = try ChefServerFixture.server
        try seedServer()
        let folder = try clientFolder("client-web1")
        try #"{"run_list": ["role[web-role]"], "web": {"owner": "ops"}}"#
            .write(to: folder.appendingPathComponent("first.json"), atomically: false, encoding: .utf8)

        let first = try sous(["client", "-c", "client.rb", "-j", "first.json", "-E", "qa"], in: folder)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("resolving cookbooks for run list: [\"role[web-role]\"]"))
        #expect(first.stdout.contains("Recipe: web::default"))
        #expect(first.stdout.contains("Infra Phase complete, 2/2 resources updated"))
        // Search sees what the server has indexed: the node was new, with no role yet.
        #expect(first.stderr.contains("WARN: peers: \n"))

        // Registered: a key made here, mode 0600, whose public half the server holds.
        let keyPath = folder.appendingPathComponent("keys/client-web1.pem").path
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let client = try server.rubyGet("clients/client-web1")
        let publicKey = try ProcessRunner.run("/usr/bin/openssl", ["pkey", "-in", keyPath, "-pubout"])
        #expect((client["public_key"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines)
                == publicKey.stdout.trimmingCharacters(in: .whitespacesAndNewlines))

        let site = try String(contentsOf: folder.appendingPathComponent("www/site.txt"), encoding: .utf8)
        #expect(site == """
            node: client-web1
            environment: qa
            port: 8081
            greeting: hello from the role
            owner: ops
            title: Sous
            roles: web-role
            server: \(server.url)

            """)

        // The second run changes nothing, with the saved run list and attributes.
        let second = try sous(["client", "-c", "client.rb"], in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Infra Phase complete, 0/2 resources updated"))
        #expect(second.stderr.contains("WARN: peers: client-web1\n"))
        #expect(try String(contentsOf: folder.appendingPathComponent("www/site.txt"), encoding: .utf8) == site)

        let node = try server.rubyGet("nodes/client-web1")
        #expect(node["run_list"] as? [String] == ["role[web-role]"])
        #expect(node["chef_environment"] as? String == "qa")
        #expect(((node["normal"] as? [String: Any])?["web"] as? [String: Any])?["owner"] as? String == "ops")
        let automatic = node["automatic"] as? [String: Any]
        #expect(automatic?["roles"] as? [String] == ["web-role"])
        #expect(automatic?["recipes"] as? [String] == ["web"])
        #expect(automatic?["platform"] as? String == "debian")
        #expect(((node["default"] as? [String: Any])?["web"] as? [String: Any])?["greeting"] as? String == "hello from the role")

        // -o runs another run list once; the node keeps its own.
        let override = try sous(["client", "-c", "client.rb", "-o", "web::other"], in: folder)
        #expect(override.status == 0, "\(override.stderr)")
        #expect(override.stdout.contains("Skipping final node save because override_runlist was given"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("www/other.txt").path))
        #expect(try server.rubyGet("nodes/client-web1")["run_list"] as? [String] == ["role[web-role]"])
    }

    @Test func recipeFilesWithKnifeConfigAsTheDefaultCommand() throws {
        let server = try ChefServerFixture.server
        let folder = server.state.appendingPathComponent("recipe-files")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        file "#{ENV['WEB_ROOT']}-admin.txt" do
          content "saved by #{node.name} with #{Chef::Config[:knife][:flavour]}\\n"
        end
        """.write(to: folder.appendingPathComponent("a.rb"), atomically: false, encoding: .utf8)
        let config = folder.appendingPathComponent("knife.rb")
        try """
        node_name 'admin'
        client_key '\(server.adminKey)'
        chef_server_url '\(server.url)'
        knife[:flavour] = 'vanilla'
        """.write(to: config, atomically: false, encoding: .utf8)
        for round in 0..<2 {
            let result = try sous(["-c", config.path, "a.rb"], in: folder)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("Recipe: @recipe_files::\(folder.path)/a.rb"))
            #expect(result.stdout.contains("Infra Phase complete, \(round == 0 ? 1 : 0)/1 resources updated"))
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("www-admin.txt"), encoding: .utf8) == "saved by admin with vanilla\n")
        // -L sends logs to a file (appended), at the level of -l.
        try "Chef::Log.info('to the log file')\nChef::Log.debug('not at info')\n".write(to: folder.appendingPathComponent("log.rb"), atomically: false, encoding: .utf8)
        let logged = try sous(["-c", config.path, "-l", "info", "-L", "client.log", "log.rb"], in: folder)
        #expect(logged.status == 0, "\(logged.stderr)")
        #expect(!logged.stderr.contains("to the log file"))
        let log = try String(contentsOf: folder.appendingPathComponent("client.log"), encoding: .utf8)
        #expect(log.contains("INFO: to the log file\n"))
        #expect(!log.contains("not at info"))
        let node = try server.rubyGet("nodes/admin")
        #expect(node["run_list"] as? [String] == [])
        #expect((node["automatic"] as? [String: Any])?["os"] as? String == "linux")
    }

    @Test func missingRoleAndBrokenConfigAreClearErrors() throws {
        let folder = try clientFolder("client-broken")
        let missing = try sous(["client", "-c", "client.rb", "-o", "role[no-such-role]"], in: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("the run list names role[no-such-role], which does not exist on"))

        try "chef_server_url 'ftp://example'\n".write(to: folder.appendingPathComponent("bad.rb"), atomically: false, encoding: .utf8)
        let bad = try sous(["client", "-c", "bad.rb"], in: folder)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.rb: chef_server_url ftp://example is not an http:// or https:// URL"))

        try "node_name 'x'\nthis is not ruby (\n".write(to: folder.appendingPathComponent("syntax.rb"), atomically: false, encoding: .utf8)
        let syntax = try sous(["client", "-c", "syntax.rb"], in: folder)
        #expect(syntax.status == 1)
        #expect(syntax.stderr.contains("syntax.rb:2:"))

        let absent = try sous(["client", "-c", "nothing-here.rb"], in: folder)
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("nothing-here.rb does not exist"))
    }
}
