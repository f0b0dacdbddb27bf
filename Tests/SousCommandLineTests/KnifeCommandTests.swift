import Foundation
import Testing

/// `sous knife` against a real goiardi with authentication on. Every command runs twice
/// (the second changes nothing and says so), and what it wrote is read back by Ruby's
/// mixlib-authentication client.
@Suite(.chefServer) struct KnifeCommandTests {
    func knife(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        let server = try ChefServerFixture.server
        return try ProcessRunner.run(TestPaths.sous, ["knife"] + arguments + ["-c", server.knifeRB], input: input, timeout: 60)
    }

    func write(_ json: String, _ name: String) throws -> String {
        let path = try ChefServerFixture.server.state.appendingPathComponent(name).path
        try json.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func nodeFromFileShowRunListAndDelete() throws {
        let server = try ChefServerFixture.server
        let file = try write("""
            {"name": "knife-web1", "chef_environment": "_default", "run_list": ["recipe[app]"],
             "normal": {"tags": ["blue"]}, "automatic": {"ipaddress": "10.9.8.7", "platform": "debian", "platform_version": "12"}}
            """, "knife-web1.json")
        let first = try knife(["node", "from", "file", file])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "Updated Node knife-web1\n")
        let second = try knife(["node", "from", "file", file])
        #expect(second.stdout == "Node knife-web1 is up to date\n")
        #expect(try server.rubyGet("nodes/knife-web1")["run_list"] as? [String] == ["recipe[app]"])

        let list = try knife(["node", "list"])
        #expect(list.stdout.split(separator: "\n").contains("knife-web1"))

        let show = try knife(["node", "show", "knife-web1"])
        #expect(show.stdout.contains("Node Name:   knife-web1\n"))
        #expect(show.stdout.contains("IP:          10.9.8.7\n"))
        #expect(show.stdout.contains("Run List:    recipe[app]\n"))
        #expect(show.stdout.contains("Platform:    debian 12\n"))
        #expect(show.stdout.contains("Tags:        blue"))
        let attribute = try knife(["node", "show", "knife-web1", "-a", "ipaddress"])
        #expect(attribute.stdout == "knife-web1:\n  ipaddress: 10.9.8.7\n")
        let json = try knife(["node", "show", "knife-web1", "-F", "json"])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(parsed?["name"] as? String == "knife-web1")
        #expect(json.stdout.contains("\n  \"run_list\": [\n    \"recipe[app]\"\n  ]"))

        for _ in 0..<2 {
            let add = try knife(["node", "run_list", "add", "knife-web1", "role[web],base::users"])
            #expect(add.status == 0, "\(add.stderr)")
            #expect(add.stdout == "knife-web1:\n  run_list:\n    recipe[app]\n    role[web]\n    recipe[base::users]\n")
        }
        #expect(try knife(["node", "run_list", "add", "knife-web1", "role[web]"]).stderr.contains("already this; nothing changed"))
        #expect(try server.rubyGet("nodes/knife-web1")["run_list"] as? [String] == ["recipe[app]", "role[web]", "recipe[base::users]"])
        // The rest of the node is kept when the run list changes.
        #expect((try server.rubyGet("nodes/knife-web1")["automatic"] as? [String: Any])?["ipaddress"] as? String == "10.9.8.7")

        let before = try knife(["node", "run_list", "add", "knife-web1", "recipe[first]", "--before", "recipe[app]"])
        #expect(before.stdout.contains("run_list:\n    recipe[first]\n    recipe[app]\n"))
        for round in 0..<2 {
            let remove = try knife(["node", "run_list", "remove", "knife-web1", "recipe[first]"])
            #expect(remove.stdout == "knife-web1:\n  run_list:\n    recipe[app]\n    role[web]\n    recipe[base::users]\n")
            #expect(remove.stderr.contains("nothing changed") == (round == 1))
        }
        for round in 0..<2 {
            let set = try knife(["node", "run_list", "set", "knife-web1", "recipe[only]"])
            #expect(set.stdout == "knife-web1:\n  run_list: recipe[only]\n")
            #expect(set.stderr.contains("nothing changed") == (round == 1))
        }
        #expect(try server.rubyGet("nodes/knife-web1")["run_list"] as? [String] == ["recipe[only]"])

        let badItem = try knife(["node", "run_list", "add", "knife-web1", "role[broken"])
        #expect(badItem.status == 1)
        #expect(badItem.stderr.contains("role[broken is not a run list item"))

        let refused = try knife(["node", "delete", "knife-web1"], input: "n\n")
        #expect(refused.status == 3)
        #expect(try server.rubyRequest("GET", "nodes/knife-web1").status == 200)
        let deleted = try knife(["node", "delete", "knife-web1", "-y"])
        #expect(deleted.stdout == "Deleted node[knife-web1]\n")
        #expect(try server.rubyRequest("GET", "nodes/knife-web1").status == 404)
        let again = try knife(["node", "delete", "knife-web1", "-y"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("node knife-web1 does not exist on \(server.url)"))
    }

    @Test(arguments: ["role", "environment"])
    func rolesAndEnvironmentsFromFile(_ kind: String) throws {
        let server = try ChefServerFixture.server
        let name = "knife-\(kind)-web"
        let document = kind == "role"
            ? #"{"name": "\#(name)", "description": "web servers", "json_class": "Chef::Role", "chef_type": "role", "run_list": ["recipe[app]"], "default_attributes": {"app": {"port": 8080}}, "override_attributes": {}, "env_run_lists": {}}"#
            : #"{"name": "\#(name)", "description": "web servers", "json_class": "Chef::Environment", "chef_type": "environment", "cookbook_versions": {}, "default_attributes": {"app": {"port": 8080}}, "override_attributes": {}}"#
        let file = try write(document, "\(name).json")
        let capitalized = kind.prefix(1).uppercased() + kind.dropFirst()
        #expect(try knife([kind, "from", "file", file]).stdout == "Updated \(capitalized) \(name)\n")
        #expect(try knife([kind, "from", "file", file]).stdout == "\(capitalized) \(name) is up to date\n")
        let read = try server.rubyGet("\(kind)s/\(name)")
        #expect(read["description"] as? String == "web servers")
        #expect(((read["default_attributes"] as? [String: Any])?["app"] as? [String: Any])?["port"] as? Int == 8080)
        #expect(try knife([kind, "list"]).stdout.split(separator: "\n").contains(Substring(name)))
        let show = try knife([kind, "show", name])
        // knife's text formatter pads each key to the longest one (override_attributes) and a space.
        #expect(show.stdout.contains("description:         web servers\n"), "\(show.stdout)")
        #expect(show.stdout.contains("default_attributes:\n  app:\n    port: 8080\n"))
        #expect(try knife([kind, "delete", name, "-y"]).stdout == "Deleted \(kind)[\(name)]\n")
        #expect(try server.rubyRequest("GET", "\(kind)s/\(name)").status == 404)
        #expect(try knife([kind, "delete", name, "-y"]).status == 1)
    }

    @Test func dataBags() throws {
        let server = try ChefServerFixture.server
        #expect(try knife(["data", "bag", "create", "knife-apps"]).stdout == "Created data_bag[knife-apps]\n")
        #expect(try knife(["data", "bag", "create", "knife-apps"]).stdout == "Data bag knife-apps already exists\n")
        let file = try write(#"{"id": "hello", "port": 80, "hosts": ["a", "b"]}"#, "hello-item.json")
        #expect(try knife(["data", "bag", "from", "file", "knife-apps", file]).stdout == "Updated data_bag_item[knife-apps::hello]\n")
        #expect(try knife(["data", "bag", "from", "file", "knife-apps", file]).stdout == "Data bag item knife-apps::hello is up to date\n")
        let read = try server.rubyGet("data/knife-apps/hello")
        #expect(read["port"] as? Int == 80)
        #expect(read["hosts"] as? [String] == ["a", "b"])
        #expect(try knife(["data", "bag", "list"]).stdout.split(separator: "\n").contains("knife-apps"))
        #expect(try knife(["data", "bag", "show", "knife-apps"]).stdout == "hello\n")
        #expect(try knife(["data", "bag", "show", "knife-apps", "hello"]).stdout == "hosts:\n  a\n  b\nid:    hello\nport:  80\n")
        let missingBag = try knife(["data", "bag", "from", "file", "knife-nothing", file])
        #expect(missingBag.status == 1)
        #expect(missingBag.stderr.contains("sous knife data bag create knife-nothing"))
        #expect(try knife(["data", "bag", "delete", "knife-apps", "hello", "-y"]).stdout == "Deleted data_bag_item[knife-apps::hello]\n")
        #expect(try server.rubyRequest("GET", "data/knife-apps/hello").status == 404)
        #expect(try knife(["data", "bag", "delete", "knife-apps", "-y"]).stdout == "Deleted data_bag[knife-apps]\n")
        #expect(try server.rubyRequest("GET", "data/knife-apps").status == 404)
        let deletedAgain = try knife(["data", "bag", "delete", "knife-apps", "-y"])
        #expect(deletedAgain.status == 1)
        #expect(deletedAgain.stderr.contains("answered 404 Not Found"))
    }

    @Test func clientsSearchAndRaw() throws {
        let server = try ChefServerFixture.server
        // A client made by the independent Ruby client, then seen and deleted by knife.
        let made = try server.rubyRequest("POST", "clients", body: #"{"name": "knife-client1", "admin": false}"#)
        #expect(made.status == 201)
        #expect(try knife(["client", "list"]).stdout.split(separator: "\n").contains("knife-client1"))
        let show = try knife(["client", "show", "knife-client1", "-F", "json"])
        #expect(show.stdout.contains("\"name\": \"knife-client1\""))
        let validator = try knife(["client", "delete", "chef-validator", "-y"])
        #expect(validator.status == 1)
        #expect(validator.stderr.contains("--delete-validators"))
        #expect(try knife(["client", "delete", "knife-client1", "-y"]).stdout == "Deleted client[knife-client1]\n")
        #expect(try server.rubyRequest("GET", "clients/knife-client1").status == 404)
        let deletedAgain = try knife(["client", "delete", "knife-client1", "-y"])
        #expect(deletedAgain.status == 1)
        #expect(deletedAgain.stderr.contains("client knife-client1 does not exist"))

        let file = try write(#"{"name": "knife-search1", "chef_environment": "_default", "run_list": ["role[db]"], "automatic": {"ipaddress": "10.1.1.1"}}"#, "s1.json")
        #expect(try knife(["node", "from", "file", file]).status == 0)
        let found = try knife(["search", "node", "role:db AND name:knife-search1", "-a", "ipaddress"])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout == "1 items found\n\nknife-search1:\n  ipaddress: 10.1.1.1\n\n")
        let ids = try knife(["search", "node", "name:knife-search1", "-i"])
        #expect(ids.stdout.contains("knife-search1"))
        // Paging: one row per request still finds every match.
        let file2 = try write(#"{"name": "knife-search2", "chef_environment": "_default", "run_list": ["role[db]"]}"#, "s2.json")
        #expect(try knife(["node", "from", "file", file2]).status == 0)
        let paged = try knife(["search", "node", "role:db", "-i", "-R", "1"])
        #expect(paged.stdout == "2 items found\n\nknife-search1\n\nknife-search2\n\n" || paged.stdout == "2 items found\n\nknife-search2\n\nknife-search1\n\n")
        let none = try knife(["search", "node", "role:nothing-has-this"])
        #expect(none.stdout == "0 items found\n\n")

        let raw = try knife(["raw", "/nodes/knife-search1"])
        let rawNode = try JSONSerialization.jsonObject(with: Data(raw.stdout.utf8)) as? [String: Any]
        #expect(rawNode?["run_list"] as? [String] == ["role[db]"])
        let input = try write(#"{"name": "knife-raw1", "chef_environment": "_default", "run_list": []}"#, "raw1.json")
        #expect(try knife(["raw", "/nodes", "-m", "POST", "-i", input]).status == 0)
        #expect(try server.rubyRequest("GET", "nodes/knife-raw1").status == 200)
        let missing = try knife(["raw", "/nodes/does-not-exist"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("GET \(server.url)/nodes/does-not-exist answered 404 Not Found"))
    }

    @Test func signingAsSomeoneElseIsRefusedClearly() throws {
        let server = try ChefServerFixture.server
        let result = try knife(["node", "list", "-u", "chef-webui", "-k", server.adminKey])
        #expect(result.status == 1)
        #expect(result.stderr.contains("answered 401 Unauthorized"))
        #expect(result.stderr.contains("\(server.adminKey) is not the key of the client or user chef-webui"))
        // The key itself is never printed.
        #expect(!result.stderr.contains("PRIVATE KEY"))
    }
}
