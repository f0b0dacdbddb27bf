import Foundation
@testable import SousChefServer
import SousLanguage
import SousSupport
import Testing

/// The Chef server layer's pure parts: the request signer's canonical strings and headers as
/// Mixlib::Authentication's protocol defines them, the config file as Chef::Config reads it,
/// and the server's error bodies. (Signatures byte for byte against Ruby's mixlib, and real
/// requests to goiardi, are the end-to-end tests' job.)
@Suite struct SignerAndConfigTests {
    /// Digests of "abc" are FIPS 180's test vectors; the empty body's are the constants the
    /// protocol's documentation gives.
    static let sha1OfABC = "qZk+NkcGgWq6PiVxeFDCbJzQ2J0="
    static let sha256OfABC = "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
    static let sha1OfNothing = "2jmj7l5rSw0yVb/vlWAYkK/YBwk="
    static let sha256OfNothing = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

    /// Protocol 1.3 signs the plain path (slashes collapsed, no trailing one), the SHA-256
    /// of the body, the plain user id and the API version header, in this order.
    @Test func protocol13CanonicalString() {
        let request = SigningRequest(method: "post", path: "//organizations//acme/nodes/", body: Array("abc".utf8),
                                     userID: "admin", timestamp: 1_700_000_000, serverAPIVersion: "1")
        #expect(RequestSigner.canonicalString(for: request, version: .v1_3) == [
            "Method:POST", "Path:/organizations/acme/nodes", "X-Ops-Content-Hash:\(Self.sha256OfABC)", "X-Ops-Sign:version=1.3",
            "X-Ops-Timestamp:2023-11-14T22:13:20Z", "X-Ops-UserId:admin", "X-Ops-Server-API-Version:1",
        ].joined(separator: "\n"))
        let root = SigningRequest(method: "GET", path: "/", userID: "admin", timestamp: 0)
        #expect(RequestSigner.canonicalString(for: root, version: .v1_3).contains("\nPath:/\n"))
        #expect(RequestSigner.canonicalString(for: root, version: .v1_3).contains("X-Ops-Content-Hash:\(Self.sha256OfNothing)\n"))
        #expect(RequestSigner.canonicalString(for: root, version: .v1_3).contains("X-Ops-Timestamp:1970-01-01T00:00:00Z\n"))
    }

    /// Protocols 1.0 and 1.1 sign the SHA-1 of the path and of the body; 1.1 also hashes the
    /// user id, 1.0 signs it plain.
    @Test func protocols10And11CanonicalStrings() {
        let request = SigningRequest(method: "put", path: "abc", body: [], userID: "abc", timestamp: 1_700_000_000)
        let common = ["Method:PUT", "Hashed Path:\(Self.sha1OfABC)", "X-Ops-Content-Hash:\(Self.sha1OfNothing)",
                      "X-Ops-Timestamp:2023-11-14T22:13:20Z"]
        #expect(RequestSigner.canonicalString(for: request, version: .v1_1) == (common + ["X-Ops-UserId:\(Self.sha1OfABC)"]).joined(separator: "\n"))
        #expect(RequestSigner.canonicalString(for: request, version: .v1_0) == (common + ["X-Ops-UserId:abc"]).joined(separator: "\n"))
    }

    /// The headers: `X-Ops-Sign` with its trailing `;`, the user, time and body hash, and the
    /// signature in base64 lines of 60 (six for a 2048-bit key). Both RSA schemes are
    /// deterministic, so the same request signs the same; another time signs differently.
    @Test func headersCarryTheSignatureInSixtyCharacterLines() throws {
        let key = try RSAPrivateKey.generate(bits: 2048)
        for version in SigningProtocol.allCases {
            let request = SigningRequest(method: "GET", path: "/nodes", userID: "admin", timestamp: 1_700_000_000)
            let headers = try RequestSigner.headers(for: request, key: key, version: version)
            let named = Dictionary(headers, uniquingKeysWith: { first, _ in first })
            #expect(named["X-Ops-Sign"] == (version == .v1_3 ? "algorithm=sha256;version=1.3;" : "algorithm=sha1;version=\(version.rawValue);"))
            #expect(named["X-Ops-Userid"] == "admin")
            #expect(named["X-Ops-Timestamp"] == "2023-11-14T22:13:20Z")
            #expect(named["X-Ops-Content-Hash"] == (version == .v1_3 ? Self.sha256OfNothing : Self.sha1OfNothing))
            let lines = headers.filter { $0.0.hasPrefix("X-Ops-Authorization-") }
            #expect(lines.map(\.0) == (1...6).map { "X-Ops-Authorization-\($0)" })
            #expect(lines.dropLast().allSatisfy { $0.1.count == 60 } && lines.last!.1.count <= 60)
            #expect(Base64.decode(lines.map(\.1).joined())?.count == 256)
            #expect(try RequestSigner.headers(for: request, key: key, version: version).map(\.1) == headers.map(\.1))
            var later = request
            later.timestamp += 1
            #expect(try RequestSigner.headers(for: later, key: key, version: version).last?.1 != headers.last?.1)
        }
    }

    /// What Chef::Config derives from an organization URL, its defaults, Ruby's `=` pitfall
    /// (a local variable, not the setting) and a protocol it does not speak.
    @Test func organizationURLsNameTheirValidator() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sous-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("config.rb").path
        func load(_ text: String?) throws -> ChefConfig {
            if let text { try text.write(toFile: file, atomically: false, encoding: .utf8) }
            return try ChefConfig.load(path: text == nil ? nil : file, interpreter: Interpreter(host: ProcessHost()))
        }
        let config = try load("chef_server_url 'https://chef.example.com/organizations/acme/'\n")
        #expect(config.validationClientName == "acme-validator")
        #expect(config.validationKey == "/etc/chef/validation.pem")
        #expect(config.clientKey == "/etc/chef/client.pem")
        #expect(config.signingProtocol == .v1_1)
        #expect(config.sslVerifyMode == .verifyPeer)
        #expect(config.trustedCertsDir == folder.appendingPathComponent("trusted_certs").path)
        #expect(config.restTimeout == 300)
        #expect(try load(nil).chefServerURL == "https://localhost:443")
        #expect(try load("authentication_protocol_version '1.3'\n").signingProtocol == .v1_3)
        // Written with `=`, it only assigns a local variable, as in Ruby: still 1.1.
        #expect(try load("authentication_protocol_version = '1.3'\n").signingProtocol == .v1_1)
        let refused = #expect(throws: ConfigError.self) { try load("authentication_protocol_version '2.0'\n") }
        #expect(refused?.description == "\(file): authentication_protocol_version 2.0 is not one sous speaks; use '1.0', '1.1', '1.3'")
        let missing = #expect(throws: ConfigError.self) {
            try ChefConfig.load(path: folder.appendingPathComponent("none.rb").path, interpreter: Interpreter(host: ProcessHost()))
        }
        #expect(missing?.description.contains("config file \(folder.path)/none.rb does not exist") == true)
    }

    /// Chef's error bodies: `{"error": ["a", "b"]}`, `{"error": "a"}`, or text that is not JSON.
    @Test func serverErrorMessagesAreReadFromTheBody() {
        #expect(ChefServerError.message(in: Array(#"{"error":["Field 'name' invalid","second"]}"#.utf8)) == "Field 'name' invalid; second")
        #expect(ChefServerError.message(in: Array(#"{"error":"not found"}"#.utf8)) == "not found")
        #expect(ChefServerError.message(in: Array("<html>Bad Gateway</html>".utf8)) == "<html>Bad Gateway</html>")
        #expect(ChefServerError.message(in: []) == nil)
        let error = ChefServerError(method: "GET", url: "https://chef/nodes/x", status: 404, serverMessage: "not found", hint: "run knife node list")
        #expect(error.description == "GET https://chef/nodes/x answered 404 Not Found: not found\n  run knife node list")
        #expect(error.isNotFound && !error.isConflict)
    }
}
