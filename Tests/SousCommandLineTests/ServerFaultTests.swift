import Foundation
import Testing

/// The client against a real goiardi behind a proxy that fails as networks and load
/// balancers do (`Tests/Fixtures/chef-server/fault_proxy.rb`): what sous does must leave the
/// server exactly as one clean request would, as the server itself (read by Ruby) shows.
@Suite(.chefServer) struct ServerFaultTests {
    /// The proxy, stopped by its PID when the test ends.
    struct FaultProxy {
        let process: BackgroundProcess
        let url: String
        let log: URL
        /// A knife.rb that reaches the server through the proxy.
        let knifeRB: String

        init(_ fault: [String], folder: URL) throws {
            let server = try ChefServerFixture.server
            let portFile = folder.appendingPathComponent("port")
            log = folder.appendingPathComponent("proxy.log")
            process = try ProcessRunner.start("/usr/bin/ruby", [TestPaths.fixtures.appendingPathComponent("chef-server/fault_proxy.rb").path,
                                                                server.url, portFile.path, log.path] + fault)
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: portFile.path) {
                guard Date() < deadline, process.isRunning else { throw ChefServerFixture.FixtureError(description: "fault proxy did not start") }
                usleep(10_000)
            }
            url = "http://127.0.0.1:" + (try String(contentsOf: portFile, encoding: .utf8))
            knifeRB = folder.appendingPathComponent("knife.rb").path
            try """
            node_name 'admin'
            client_key '\(server.adminKey)'
            validation_key '\(server.validatorKey)'
            chef_server_url '\(url)'
            """.write(toFile: knifeRB, atomically: false, encoding: .utf8)
        }

        func stop() { process.stop() }

        var requests: [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    /// A kept-alive connection the server closes just as the client sends a PUT on it: the
    /// client sends the body again on a new connection (libcurl must be able to rewind it).
    @Test func aBodySentOnAConnectionTheServerClosedIsSentAgain() throws {
        let server = try ChefServerFixture.server
        let folder = try TestPaths.makeScratchDirectory("fault-rewind")
        defer { try? FileManager.default.removeItem(at: folder) }
        let proxy = try FaultProxy(["drop-reused"], folder: folder)
        defer { proxy.stop() }
        let name = "fault-rewind-\(getpid())"
        let created = try server.rubyRequest("POST", "nodes", body: #"{"name":"\#(name)","chef_type":"node","json_class":"Chef::Node","run_list":[]}"#)
        #expect(created.status == 201)

        let added = try ProcessRunner.run(TestPaths.sous, ["knife", "node", "run_list", "add", name, "recipe[rewound]", "-c", proxy.knifeRB])
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
        #expect(proxy.requests.contains("PUT /nodes/\(name) -> dropped"), "\(proxy.requests)")
        #expect(proxy.requests.contains("PUT /nodes/\(name) -> 200"), "\(proxy.requests)")
        #expect(try server.rubyGet("nodes/\(name)")["run_list"] as? [String] == ["recipe[rewound]"])
    }

    /// A POST the server carried out whose answer was lost (a 502 from the proxy) is sent
    /// again, meets 409, and the object read back is the one sent: the run goes on.
    @Test func aCreateWhoseAnswerWasLostIsFoundDone() throws {
        let server = try ChefServerFixture.server
        let folder = try TestPaths.makeScratchDirectory("fault-lost")
        defer { try? FileManager.default.removeItem(at: folder) }
        let proxy = try FaultProxy(["lost-answer", "POST", "/nodes"], folder: folder)
        defer { proxy.stop() }
        let name = "fault-lost-\(getpid())"
        let recipe = folder.appendingPathComponent("machine.rb")
        try """
        with_driver 'ssh'
        machine '\(name)' do
          machine_options transport_options: { 'ip_address' => '192.0.2.254' }
          action :allocate
        end
        """.write(to: recipe, atomically: false, encoding: .utf8)
        let run = try ProcessRunner.run(TestPaths.sous, ["-c", proxy.knifeRB, recipe.path], timeout: 60)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(proxy.requests.contains("POST /nodes -> 201, answered 502"), "\(proxy.requests)")
        #expect(proxy.requests.contains("POST /nodes -> 409"), "\(proxy.requests)")
        let node = try server.rubyGet("nodes/\(name)")
        let spec = (node["normal"] as? [String: Any])?["chef_provisioning"] as? [String: Any]
        #expect(spec?["driver_url"] as? String == "ssh")

        // Someone else's object under that name stays a conflict.
        let other = "fault-other-\(getpid())"
        #expect(try server.rubyRequest("POST", "nodes", body: #"{"name":"\#(other)","chef_type":"node","json_class":"Chef::Node","chef_environment":"_default","run_list":["recipe[theirs]"]}"#).status == 201)
        let again = try FaultProxy(["lost-answer", "POST", "/nodes"], folder: try TestPaths.makeScratchDirectory("fault-lost-2"))
        defer { again.stop() }
        let conflicting = folder.appendingPathComponent("node.json")
        try #"{"name":"\#(other)","chef_type":"node","json_class":"Chef::Node","chef_environment":"_default","run_list":["recipe[mine]"]}"#
            .write(to: conflicting, atomically: false, encoding: .utf8)
        let raw = try ProcessRunner.run(TestPaths.sous, ["knife", "raw", "/nodes", "-m", "POST", "-i", conflicting.path, "-c", again.knifeRB])
        #expect(raw.status == 1)
        #expect(raw.stderr.contains("answered 409 Conflict"), "\(raw.stderr)")
        #expect(try server.rubyGet("nodes/\(other)")["run_list"] as? [String] == ["recipe[theirs]"])
    }

    /// `-l debug` says what was asked of the server and how it answered; never a key.
    @Test func debugLogsEachRequest() throws {
        let server = try ChefServerFixture.server
        let folder = try TestPaths.makeScratchDirectory("debug-log")
        defer { try? FileManager.default.removeItem(at: folder) }
        let recipe = folder.appendingPathComponent("empty.rb")
        try "log 'hello'\n".write(to: recipe, atomically: false, encoding: .utf8)
        let logFile = folder.appendingPathComponent("sous.log")
        let run = try server.sous(["-c", server.knifeRB, "-l", "debug", "-L", logFile.path, recipe.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let log = try String(contentsOf: logFile, encoding: .utf8)
        #expect(log.contains("DEBUG: GET \(server.url)/nodes/admin -> "), "\(log)")
        #expect(log.contains("DEBUG: PUT \(server.url)/nodes/admin -> 200"), "\(log)")
        #expect(!log.contains("PRIVATE KEY") && !run.stdout.contains("PRIVATE KEY") && !run.stderr.contains("PRIVATE KEY"))

        // -L wins over the config's log_location, as in chef-client.
        let config = folder.appendingPathComponent("knife.rb")
        try "node_name 'admin'\nclient_key '\(server.adminKey)'\nchef_server_url '\(server.url)'\nlog_location STDOUT\n"
            .write(to: config, atomically: false, encoding: .utf8)
        let flagWins = try server.sous(["-c", config.path, "-l", "info", "-L", logFile.path, recipe.path])
        #expect(flagWins.status == 0)
        #expect(!flagWins.stdout.contains("INFO: hello"), "\(flagWins.stdout)")
        #expect(try String(contentsOf: logFile, encoding: .utf8).contains("INFO: hello"))
        // Without -L, log_location STDOUT is where the log goes.
        let toStdout = try server.sous(["-c", config.path, "-l", "info", recipe.path])
        #expect(toStdout.stdout.contains("INFO: hello"), "\(toStdout.stdout)")
    }

    /// A node another client wrote nested far deeper than 100 levels is read (knife shows
    /// it, search finds it, delete reports success).
    @Test func deeplyNestedNodesAreRead() throws {
        let server = try ChefServerFixture.server
        let name = "deep-\(getpid())"
        let nested = String(repeating: #"{"a":"#, count: 300) + "1" + String(repeating: "}", count: 300)
        #expect(try server.rubyRequest("POST", "nodes", body: #"{"name":"\#(name)","chef_type":"node","json_class":"Chef::Node","normal":\#(nested)}"#).status == 201)
        let show = try server.sous(["knife", "node", "show", name, "-F", "json", "-c", server.knifeRB])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains(#""name": "\#(name)""#))
        let search = try server.sous(["knife", "search", "node", "name:\(name)", "-i", "-c", server.knifeRB])
        #expect(search.stdout.contains(name), "\(search.stdout)\(search.stderr)")
        let delete = try server.sous(["knife", "node", "delete", name, "-y", "-c", server.knifeRB])
        #expect(delete.status == 0, "\(delete.stderr)")
        #expect(try server.rubyRequest("GET", "nodes/\(name)").status == 404)
    }
}
