import Foundation
import SousChefServer
import SousCommandLine
import SousLanguage
import Testing

/// knife.rb / client.rb run by sous's recipe language as Chef runs them, and found where
/// knife looks for them.
@Suite(.chefServer) struct ConfigFileTests {
    /// A recipe that prints the config keys a test looks at.
    static let probe = """
        %w[chef_server_url node_name client_key validation_client_name validation_key ssl_verify_mode
           trusted_certs_dir cookbook_path authentication_protocol_version log_location].each do |key|
          puts "#{key}=#{Chef::Config[key.to_sym].inspect}"
        end
        puts "knife=#{Chef::Config[:knife].inspect}"
        puts "cache=#{Chef::Config[:cache_options].inspect}"
        """

    func folder(_ name: String) throws -> URL {
        let folder = try ChefServerFixture.server.state.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        try Self.probe.write(to: folder.appendingPathComponent("probe.rb"), atomically: false, encoding: .utf8)
        return folder
    }

    /// Keys and config files that are not regular files, or too big to be what they claim,
    /// are refused at once (a device read until memory runs out, a FIFO waited on forever);
    /// a config file's syntax error is printed once, with its line and caret.
    @Test func keyAndConfigFilesAreReadSafely() throws {
        let server = try ChefServerFixture.server
        let folder = try folder("unreadable")
        let fifo = folder.appendingPathComponent("key.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let huge = folder.appendingPathComponent("huge.pem")
        try Data(count: 200_000).write(to: huge)
        for (key, reason) in [("/dev/zero", "is not a regular file (a character device)"), (fifo, "is not a regular file (a FIFO)"),
                              (folder.path, "is not a regular file (a folder)"), (huge.path, "is 200000 bytes, more than the 65536")] {
            let config = folder.appendingPathComponent("knife.rb")
            try "node_name 'admin'\nclient_key '\(key)'\nchef_server_url '\(server.url)'\n".write(to: config, atomically: false, encoding: .utf8)
            let result = try ProcessRunner.run(TestPaths.sous, ["knife", "node", "list", "-c", config.path], timeout: 20)
            #expect(result.status == 1)
            #expect(result.stderr.contains("cannot read the key of admin, \(key): \(reason)"), "\(key): \(result.stderr)")
        }
        let fifoConfig = try ProcessRunner.run(TestPaths.sous, ["knife", "node", "list", "-c", fifo], timeout: 20)
        #expect(fifoConfig.status == 1 && fifoConfig.stderr.contains("cannot read config file \(fifo): is not a regular file (a FIFO)"), "\(fifoConfig.stderr)")

        let broken = folder.appendingPathComponent("broken.rb")
        try "node_name 'admin'\nchef_server_url '\(server.url)'\nclient_key 'x' 1\n".write(to: broken, atomically: false, encoding: .utf8)
        for arguments in [["-c", broken.path, folder.appendingPathComponent("probe.rb").path], ["knife", "node", "list", "-c", broken.path]] {
            let result = try ProcessRunner.run(TestPaths.sous, arguments, timeout: 20)
            #expect(result.status == 1)
            #expect(result.stderr.components(separatedBy: "error: syntax error").count == 2, "printed once: \(result.stderr)")
            #expect(result.stderr.contains("\(broken.path):3:16: error: syntax error") && result.stderr.contains("client_key 'x' 1\n                 ^"),
                    "\(result.stderr)")
        }
    }

    @Test func chefIdiomsEvaluateAndPathsResolveAgainstTheFile() throws {
        let server = try ChefServerFixture.server
        let folder = try folder("idioms")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".chef"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: server.adminKey, toPath: folder.appendingPathComponent(".chef/admin.pem").path)
        try """
        current_dir = File.dirname(__FILE__)
        user = ENV['SOUS_TEST_USER'] || 'nobody'
        log_level                :info
        log_location             STDOUT
        node_name                user
        client_key               "#{current_dir}/#{user}.pem"
        chef_server_url          '\(server.url)'
        cookbook_path            ["#{current_dir}/../cookbooks", 'relative/cookbooks']
        trusted_certs_dir        'certs'
        ssl_verify_mode          ':verify_none'
        authentication_protocol_version '1.3'
        knife[:aws_region] = ENV.fetch('SOUS_TEST_REGION', 'eu-west-1')
        knife[:ssh_user] = 'ops'
        cache_options(:path => File.join(current_dir, 'checksums'))
        something_sous_ignores   true
        """.write(to: folder.appendingPathComponent(".chef/knife.rb"), atomically: false, encoding: .utf8)

        // No -c: knife's lookup finds the nearest .chef/knife.rb walking up from here.
        let deeper = folder.appendingPathComponent("sub/deeper")
        let result = try ProcessRunner.run(TestPaths.sous, ["client", "-l", "debug", folder.appendingPathComponent("probe.rb").path],
                                           directory: deeper, environment: ["SOUS_TEST_USER": "admin", "SOUS_TEST_REGION": "us-east-2"],
                                           timeout: 60)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let chef = folder.appendingPathComponent(".chef").path
        #expect(result.stdout.contains("node_name=\"admin\"\n"))
        #expect(result.stdout.contains("client_key=\"\(chef)/admin.pem\"\n"))
        #expect(result.stdout.contains("cookbook_path=[\"\(chef)/../cookbooks\", \"\(chef)/relative/cookbooks\"]\n"))
        #expect(result.stdout.contains("trusted_certs_dir=\"\(chef)/certs\"\n"))
        #expect(result.stdout.contains("ssl_verify_mode=:verify_none\n"))
        #expect(result.stdout.contains("validation_client_name=\"chef-validator\"\n"))
        #expect(result.stdout.contains("authentication_protocol_version=\"1.3\"\n"))
        #expect(result.stdout.contains("knife={:aws_region=>\"us-east-2\", :ssh_user=>\"ops\"}\n"))
        #expect(result.stdout.contains("cache={:path=>\"\(chef)/checksums\"}\n"))
        // Signed with protocol 1.3 and accepted; the unknown key named at debug level, in the
        // log, which log_location STDOUT sends to standard output as chef-client does.
        #expect(result.stdout.contains("DEBUG: \(chef)/knife.rb: something_sous_ignores is set; sous does not use it"))
        #expect(try server.rubyRequest("GET", "nodes/admin").status == 200)
    }

    @Test func configLookupPrefersKnifeHomeThenConfigRb() throws {
        let server = try ChefServerFixture.server
        let folder = try folder("lookup")
        let home = folder.appendingPathComponent("knife-home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let common = "node_name 'admin'\nclient_key '\(server.adminKey)'\nchef_server_url '\(server.url)'\n"
        try (common + "knife[:origin] = 'knife-home'\n").write(to: home.appendingPathComponent("knife.rb"), atomically: false, encoding: .utf8)
        try (common + "knife[:origin] = 'config.rb'\n").write(to: folder.appendingPathComponent("config.rb"), atomically: false, encoding: .utf8)
        try (common + "knife[:origin] = 'knife.rb'\n").write(to: folder.appendingPathComponent("knife.rb"), atomically: false, encoding: .utf8)
        func origin(_ environment: [String: String]) throws -> String {
            let probe = try ProcessRunner.run(TestPaths.sous, ["client", "-W", folder.appendingPathComponent("probe.rb").path],
                                              directory: folder, environment: environment, timeout: 60)
            return probe.stdout.split(separator: "\n").first { $0.hasPrefix("knife=") }.map(String.init) ?? probe.stderr
        }
        #expect(try origin(["KNIFE_HOME": home.path]) == "knife={:origin=>\"knife-home\"}")
        #expect(try origin([:]) == "knife={:origin=>\"config.rb\"}")
    }
}
