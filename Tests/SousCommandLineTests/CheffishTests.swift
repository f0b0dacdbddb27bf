import Foundation
import Testing

/// Cheffish's resources against a real goiardi: each recipe runs twice (the second sends
/// nothing and reports every resource up to date), a change lists only the fields that
/// changed, and what was written is read back by Ruby's mixlib-authentication client.
@Suite(.chefServer) struct CheffishTests {
    /// Runs a recipe; a machine in it keeps its local-driver state in the server's folder.
    func run(_ recipe: String, _ label: String) throws -> ProcessResult {
        let server = try ChefServerFixture.server
        let file = server.state.appendingPathComponent("\(label).rb")
        try recipe.write(to: file, atomically: false, encoding: .utf8)
        return try ProcessRunner.run(TestPaths.sous, ["-c", server.knifeRB, file.path],
                                     environment: ["SOUS_LOCAL_STATE": server.state.appendingPathComponent("local").path], timeout: 60)
    }

    /// Cheffish's node properties, as its NodeProperties module defines them: `attributes` are
    /// the normal attributes; `attribute` sets a path, deletes it with `:delete`, or gives a
    /// block the stored value; `tags` replaces the tags, `tag`/`remove_tag` change some;
    /// `recipe`/`role` append to the run list, `remove_recipe`/`remove_role` take out.
    @Test func nodePropertiesChangeTheStoredNodeInOrder() throws {
        let server = try ChefServerFixture.server
        let recipe = """
            chef_node 'cheffish-props' do
              attributes 'team' => 'ops'
              attribute %w(app version), '1.2'
              attribute 'ip', '10.0.0.1'
              attribute 'ip', :delete
              attribute('ips') { |old| (old || []) + ['10.0.0.2'] }
              tags 'a', 'b'
              tag 'c'
              remove_tag 'a'
              recipe 'base', 'app@1.0.0'
              role 'web'
              remove_recipe 'base'
            end
            """
        let first = try run(recipe, "props-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        var node = try server.rubyGet("nodes/cheffish-props")
        #expect(node["run_list"] as? [String] == ["recipe[app@1.0.0]", "role[web]"])
        var normal = try #require(node["normal"] as? [String: Any])
        #expect(normal["team"] as? String == "ops")
        #expect((normal["app"] as? [String: Any])?["version"] as? String == "1.2")
        #expect(normal["ip"] == nil)
        #expect(normal["ips"] as? [String] == ["10.0.0.2"])
        #expect(normal["tags"] as? [String] == ["b", "c"])

        // The block runs again on what is stored now, as Cheffish's does on every run.
        let second = try run(recipe, "props-2")
        #expect(second.status == 0, "\(second.stderr)")
        node = try server.rubyGet("nodes/cheffish-props")
        normal = try #require(node["normal"] as? [String: Any])
        #expect(normal["ips"] as? [String] == ["10.0.0.2", "10.0.0.2"])
        #expect(normal["tags"] as? [String] == ["b", "c"])

        let missing = try run("chef_node 'cheffish-props' do\n  attribute 'x'\nend\n", "props-3")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("props-3.rb:2:in `attribute': attribute requires either a value or a block (ArgumentError)"), "\(missing.stderr)")
    }

    /// A search for clients, roles or environments gives Chef's objects of those kinds; a
    /// machine never made is skipped by :stop (no node is made for it); with_chef_local_server
    /// given a chef-repo that is not there stops the recipe at its line saying so.
    @Test func searchObjectsStopOfAMachineNeverMadeAndLocalServer() throws {
        let server = try ChefServerFixture.server
        let result = try run("""
            search(:client, 'name:chef-validator').each { |c| puts "#{c.class} #{c.name} #{c.validator} #{c['name']}" }
            machine 'never-made-box' do
              action :stop
            end
            """, "search-stop")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Chef::ApiClient chef-validator true chef-validator\n"), "\(result.stdout)")
        #expect(result.stdout.contains("* machine[never-made-box] action stop (up to date)"))
        #expect(try server.rubyRequest("GET", "nodes/never-made-box").status == 404)
        #expect(!FileManager.default.fileExists(atPath: server.state.appendingPathComponent("local").path), "stop made local-driver state")

        let missing = server.state.appendingPathComponent("no-such-repo").path
        let local = try run("with_chef_local_server chef_repo_path: '\(missing)'\n", "local-server")
        #expect(local.status == 1)
        #expect(local.stderr.contains("local-server.rb:1:in `with_chef_local_server': with_chef_local_server: chef_repo_path \(missing) is not a folder"),
                "\(local.stderr)")
    }

    @Test func objectsAreCreatedOnceThenUpdatedFieldByField() throws {
        let server = try ChefServerFixture.server
        let keyFolder = server.state.appendingPathComponent("cheffish-keys")
        let recipe = { (port: Int) in """
            chef_node 'cheffish-web1' do
              chef_environment '_default'
              run_list ['app', 'role[web]']
              normal_attributes 'app' => { 'port' => \(port), 'name' => 'hello' }
              tags ['blue']
            end
            chef_role 'cheffish-web' do
              description 'web servers'
              run_list ['recipe[app]']
              default_attributes 'app' => { 'workers' => 4 }
            end
            chef_environment 'cheffish-qa' do
              description 'quality'
              cookbook_versions 'app' => '= 1.0.0'
              override_attributes 'app' => { 'debug' => true }
            end
            chef_data_bag 'cheffish-apps'
            chef_data_bag_item 'cheffish-apps/hello' do
              raw_data 'port' => \(port), 'hosts' => ['a', 'b']
            end
            chef_data_bag_item 'second' do
              data_bag 'cheffish-made-on-the-way'
              raw_data 'x' => 1
            end
            chef_client 'cheffish-client' do
              output_key_path '\(keyFolder.path)/cheffish-client.pem'
            end
            """ }

        let first = try run(recipe(8080), "cheffish-first")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("- create node cheffish-web1 at \(server.url)/nodes/cheffish-web1"))
        #expect(first.stdout.contains("-   set run_list to [\"recipe[app]\",\"role[web]\"]"))
        #expect(first.stdout.contains("Infra Phase complete, 7/7 resources updated"))

        let second = try run(recipe(8080), "cheffish-second")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Infra Phase complete, 0/7 resources updated"))
        #expect(!second.stdout.contains("- update"))

        // Read back independently.
        let node = try server.rubyGet("nodes/cheffish-web1")
        #expect(node["run_list"] as? [String] == ["recipe[app]", "role[web]"])
        let normal = node["normal"] as? [String: Any]
        #expect(normal?["tags"] as? [String] == ["blue"])
        #expect((normal?["app"] as? [String: Any])?["port"] as? Int == 8080)
        let role = try server.rubyGet("roles/cheffish-web")
        #expect(role["description"] as? String == "web servers")
        #expect(role["run_list"] as? [String] == ["recipe[app]"])
        let environment = try server.rubyGet("environments/cheffish-qa")
        #expect(environment["cookbook_versions"] as? [String: String] == ["app": "= 1.0.0"])
        let item = try server.rubyGet("data/cheffish-apps/hello")
        #expect(item["port"] as? Int == 8080)
        #expect(item["hosts"] as? [String] == ["a", "b"])
        #expect(try server.rubyGet("data/cheffish-made-on-the-way/second")["x"] as? Int == 1)

        // The client's key came from the server and was written 0600; it signs for the client.
        let keyPath = keyFolder.appendingPathComponent("cheffish-client.pem").path
        #expect(try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int == 0o600)
        #expect(try server.rubyRequest("GET", "clients/cheffish-client", user: "cheffish-client", key: keyPath).status == 200)

        // A change sends only what differs, and says which fields.
        let third = try run(recipe(9090), "cheffish-third")
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("- update node cheffish-web1 at \(server.url)/nodes/cheffish-web1\n    -   update normal.app.port from 8080 to 9090\n"))
        #expect(third.stdout.contains("- update data bag item cheffish-apps/hello at \(server.url)/data/cheffish-apps/hello\n    -   update port from 8080 to 9090\n"))
        #expect(third.stdout.contains("Infra Phase complete, 2/7 resources updated"))
        #expect(((try server.rubyGet("nodes/cheffish-web1")["normal"] as? [String: Any])?["app"] as? [String: Any])?["name"] as? String == "hello")
    }

    @Test func clientsTakeTheirKeyFromASourceKey() throws {
        let server = try ChefServerFixture.server
        let folder = server.state.appendingPathComponent("cheffish-source")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = folder.appendingPathComponent("source.pem").path
        #expect(try ProcessRunner.run("/usr/bin/openssl", ["genrsa", "-out", source, "2048"]).status == 0)
        let recipe = """
            chef_client 'cheffish-sourced' do
              source_key_path '\(source)'
              output_key_path '\(folder.path)/out.pem'
            end
            """
        let first = try run(recipe, "sourced-1")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("- create client cheffish-sourced"))
        #expect(try run(recipe, "sourced-2").stdout.contains("0/1 resources updated"))
        // The server holds the public half of the source key; the written key signs.
        let publicKey = try ProcessRunner.run("/usr/bin/openssl", ["pkey", "-in", source, "-pubout"]).stdout
        let stored = try server.rubyGet("clients/cheffish-sourced")["public_key"] as? String
        #expect(stored?.filter { !$0.isWhitespace } == publicKey.filter { !$0.isWhitespace })
        #expect(try server.rubyRequest("GET", "clients/cheffish-sourced", user: "cheffish-sourced", key: folder.path + "/out.pem").status == 200)

        // A new source key replaces the stored public key.
        #expect(try ProcessRunner.run("/usr/bin/openssl", ["genrsa", "-out", source, "2048"]).status == 0)
        let rotated = try run(recipe, "sourced-3")
        #expect(rotated.stdout.contains("- update client cheffish-sourced at \(server.url)/clients/cheffish-sourced\n    -   update public_key\n"))
        #expect(try server.rubyRequest("GET", "clients/cheffish-sourced", user: "cheffish-sourced", key: folder.path + "/out.pem").status == 200)
    }

    @Test func deleteActionsRemoveOnceThenFindNothing() throws {
        let server = try ChefServerFixture.server
        #expect(try run("chef_node 'cheffish-doomed'\nchef_data_bag_item 'cheffish-doomed-bag/i' do\n  raw_data 'a' => 1\nend\n", "doomed-make").status == 0)
        let recipe = """
            chef_data_bag_item 'cheffish-doomed-bag/i' do
              action :delete
            end
            chef_data_bag 'cheffish-doomed-bag' do
              action :delete
            end
            chef_node 'cheffish-doomed' do
              action :delete
            end
            """
        let first = try run(recipe, "doomed-1")
        #expect(first.stdout.contains("- delete node cheffish-doomed at \(server.url)/nodes/cheffish-doomed"))
        #expect(first.stdout.contains("3/3 resources updated"))
        #expect(try run(recipe, "doomed-2").stdout.contains("0/3 resources updated"))
        #expect(try server.rubyRequest("GET", "nodes/cheffish-doomed").status == 404)
        #expect(try server.rubyRequest("GET", "data/cheffish-doomed-bag").status == 404)
    }

    @Test func withChefServerTalksToASecondServer() throws {
        let server = try ChefServerFixture.server
        let second = try ChefServerFixture.start()
        defer { second.stop() }
        let recipe = """
            with_chef_server '\(second.url)', client_name: 'admin', signing_key_filename: '\(second.adminKey)' do
              chef_node 'cheffish-elsewhere' do
                run_list ['recipe[far]']
              end
            end
            chef_node 'cheffish-here'
            """
        let first = try run(recipe, "elsewhere-1")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("create node cheffish-elsewhere at \(second.url)/nodes/cheffish-elsewhere"))
        #expect(try run(recipe, "elsewhere-2").stdout.contains("0/2 resources updated"))
        #expect(try second.rubyGet("nodes/cheffish-elsewhere")["run_list"] as? [String] == ["recipe[far]"])
        #expect(try server.rubyRequest("GET", "nodes/cheffish-elsewhere").status == 404)
        #expect(try server.rubyRequest("GET", "nodes/cheffish-here").status == 200)
        #expect(try second.rubyRequest("GET", "nodes/cheffish-here").status == 404)
    }

    @Test func withoutAServerTheResourceSaysWhatItNeeds() throws {
        let result = try ProcessRunner.run(TestPaths.sous, ["apply", "-e", "chef_node 'x'"], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderr.contains("chef_node[x] needs a Chef server; run it with `sous client -c knife.rb`"))
    }
}
