import Foundation
import Testing

/// A machine set up against an https Chef server whose certificate comes from a CA only the
/// workstation trusts: setup copies that CA to the machine's trusted_certs, so the machine's
/// own client run (sous, over SSH) verifies the server.
@Suite(.sshServer) struct HTTPSProvisioningTests {
    @Test func theServersCertificateAuthorityGoesWithTheMachine() throws {
        let ssh = try SSHServerFixture.server
        let certificates = ssh.folder.appendingPathComponent("certificates")
        try FileManager.default.createDirectory(at: certificates, withIntermediateDirectories: true)
        let (ca, certificate, key) = try TLSTests.makeCertificates(in: certificates)
        let server = try ChefServerFixture.start(tls: (certificate, key))
        defer { server.stop() }

        let workstation = ssh.folder.appendingPathComponent("workstation")
        try FileManager.default.createDirectory(at: workstation.appendingPathComponent("trusted_certs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ca, toPath: workstation.appendingPathComponent("trusted_certs/test-ca.crt").path)
        try "node_name 'admin'\nclient_key '\(server.adminKey)'\nchef_server_url '\(server.url)'\n"
            .write(to: workstation.appendingPathComponent("knife.rb"), atomically: false, encoding: .utf8)
        let machine = ssh.folder.appendingPathComponent("https-machine")
        let recipe = """
            with_driver 'ssh'
            machine 'https-web1' do
              machine_options transport_options: {
                'ip_address' => '127.0.0.1', port: \(ssh.port), username: '\(ssh.user)',
                ssh_options: { keys: ['\(ssh.ed25519Key)'], keys_only: true, verify_host_key: :accept_new,
                               user_known_hosts_file: '\(machine.path)/known_hosts' }
              }, convergence_options: {
                client_rb_path: '\(machine.path)/etc/client.rb', client_pem_path: '\(machine.path)/etc/client.pem',
                sous_path: '\(machine.path)/bin/sous'
              }
              converge true
            end
            """
        try recipe.write(to: workstation.appendingPathComponent("cluster.rb"), atomically: false, encoding: .utf8)
        let result = try ProcessRunner.run(TestPaths.sous, ["-c", "knife.rb", "cluster.rb"], directory: workstation, timeout: 120)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("- copy trusted certificate test-ca.crt on https-web1"))
        #expect(try Data(contentsOf: machine.appendingPathComponent("etc/trusted_certs/test-ca.crt")) == Data(contentsOf: URL(fileURLWithPath: ca)))
        let clientRB = try String(contentsOf: machine.appendingPathComponent("etc/client.rb"), encoding: .utf8)
        #expect(clientRB.contains("ssl_verify_mode :verify_peer\n"))
        #expect(clientRB.contains("trusted_certs_dir '\(machine.path)/etc/trusted_certs'\n"))
        // The machine's own run reached the server over verified TLS and saved its node.
        // (Its run list is empty: the converge changed nothing, so no `- converge` line.)
        #expect(result.stdout.components(separatedBy: "Starting sous client").count == 3, "the machine's own run did not start:\n\(result.stdout)")
        #expect((try server.rubyGet("nodes/https-web1")["automatic"] as? [String: Any])?["platform"] as? String == "debian")
    }
}
