import Foundation
import Testing

/// The Chef server behind TLS with a certificate from a CA the test makes: refused by
/// default, naming the certificate problem; accepted once the CA is trusted through
/// `trusted_certs_dir` or `ssl_ca_file`; accepted with `ssl_verify_mode :verify_none`.
@Suite struct TLSTests {
    /// A CA, and a certificate it signed for 127.0.0.1.
    static func makeCertificates(in folder: URL) throws -> (ca: String, certificate: String, key: String) {
        func openssl(_ arguments: [String]) throws {
            let result = try ProcessRunner.run("/usr/bin/openssl", arguments, directory: folder)
            try #require(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                     "-subj", "/CN=sous test CA"])
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"])
        try "subjectAltName=IP:127.0.0.1\n".write(to: folder.appendingPathComponent("san.ext"), atomically: false, encoding: .utf8)
        try openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "server.crt", "-days", "2", "-extfile", "san.ext"])
        return (folder.appendingPathComponent("ca.crt").path, folder.appendingPathComponent("server.crt").path,
                folder.appendingPathComponent("server.key").path)
    }

    @Test func certificatesAreCheckedByDefault() throws {
        let certificates = try TestPaths.makeScratchDirectory("tls")
        defer { try? FileManager.default.removeItem(at: certificates) }
        let (ca, certificate, key) = try Self.makeCertificates(in: certificates)
        let server = try ChefServerFixture.start(tls: (certificate, key))
        defer { server.stop() }
        #expect(server.url.hasPrefix("https://127.0.0.1:"))

        let folder = server.state.appendingPathComponent("workstation")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let base = "node_name 'admin'\nclient_key '\(server.adminKey)'\nchef_server_url '\(server.url)'\nhttp_retry_count 0\n"
        func nodeList(_ extra: String) throws -> ProcessResult {
            let config = folder.appendingPathComponent("knife.rb")
            try (base + extra).write(to: config, atomically: false, encoding: .utf8)
            return try ProcessRunner.run(TestPaths.sous, ["knife", "node", "list", "-c", config.path], timeout: 60)
        }

        let refused = try nodeList("")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("GET \(server.url)/nodes"))
        #expect(refused.stderr.contains("SSL certificate problem: unable to get local issuer certificate"))
        #expect(refused.stderr.contains("trusted_certs_dir"))

        // trusted_certs_dir defaults to trusted_certs next to the config file.
        let trusted = folder.appendingPathComponent("trusted_certs")
        try FileManager.default.createDirectory(at: trusted, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ca, toPath: trusted.appendingPathComponent("test-ca.crt").path)
        let viaTrustedCerts = try nodeList("")
        #expect(viaTrustedCerts.status == 0, "\(viaTrustedCerts.stderr)")
        try FileManager.default.removeItem(at: trusted)
        #expect(try nodeList("").status == 1)

        let viaCAFile = try nodeList("ssl_ca_file '\(ca)'\n")
        #expect(viaCAFile.status == 0, "\(viaCAFile.stderr)")

        let unverified = try nodeList("ssl_verify_mode :verify_none\n")
        #expect(unverified.status == 0, "\(unverified.stderr)")
    }
}
