import Foundation
import SousChefServer
import SousLanguage
import SousSupport
import Testing

/// The request signer against the reference: Ruby's mixlib-authentication (Debian's
/// ruby-mixlib-authentication) must make the same headers, byte for byte, for every
/// protocol version, key format, path and body.
@Suite struct SigningTests {
    struct Case: Codable {
        var key_path: String
        var method: String
        var path: String
        var body: String
        var timestamp: String
        var user_id: String
        var version: String
        var api_version: String
    }

    /// Keys in both PEM formats Chef users have (PKCS#1 from Chef servers, PKCS#8 from
    /// `openssl genpkey`), and a 4096-bit one whose signature takes more header lines.
    static func makeKeys(in folder: URL) throws -> [String] {
        let specs: [(String, [String])] = [
            ("pkcs1-2048.pem", ["genrsa", "-traditional", "-out", "pkcs1-2048.pem", "2048"]),
            ("pkcs8-2048.pem", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pkcs8-2048.pem"]),
            ("pkcs1-4096.pem", ["genrsa", "-traditional", "-out", "pkcs1-4096.pem", "4096"]),
        ]
        return try specs.map { name, arguments in
            let made = try ProcessRunner.run("/usr/bin/openssl", arguments, directory: folder)
            #expect(made.status == 0, "openssl \(arguments): \(made.stderr)")
            return folder.appendingPathComponent(name).path
        }
    }

    @Test func headersMatchMixlibAuthentication() throws {
        let folder = try TestPaths.makeScratchDirectory("signing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = try Self.makeKeys(in: folder)
        #expect(try String(contentsOfFile: keys[0], encoding: .utf8).hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        #expect(try String(contentsOfFile: keys[1], encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----"))

        let requests: [(String, String, String)] = [
            ("get", "/nodes", ""),
            ("post", "/organizations/acme//nodes/", #"{"name":"web1","run_list":["recipe[app]"]}"#),
            ("put", "/", "h\u{e9}llo w\u{f6}rld \u{2603}\n"),
            ("delete", "/data/bag%20one/item", ""),
            ("GET", "/search/node", String(repeating: "x", count: 5000)),
        ]
        var cases: [Case] = []
        for key in keys {
            for version in ["1.0", "1.1", "1.3"] {
                for (index, request) in requests.enumerated() {
                    cases.append(Case(key_path: key, method: request.0, path: request.1, body: request.2,
                                      timestamp: "2026-11-2\(index)T0\(index):1\(index):59Z",
                                      user_id: index % 2 == 0 ? "admin" : "web-1.example.com",
                                      version: version, api_version: index % 2 == 0 ? "1" : "0"))
                }
            }
        }
        let input = String(decoding: try JSONEncoder().encode(cases), as: UTF8.self)
        let script = TestPaths.fixtures.appendingPathComponent("chef-server/sign_with_mixlib.rb").path
        let ruby = try ProcessRunner.run("/usr/bin/ruby", [script], input: input)
        try #require(ruby.status == 0, "ruby: \(ruby.stderr)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(ruby.stdout.utf8)) as? [[[String]]])
        try #require(expected.count == cases.count)

        var loaded: [String: RSAPrivateKey] = [:]
        for (index, item) in cases.enumerated() {
            let key = try loaded[item.key_path] ?? RSAPrivateKey(pem: String(contentsOfFile: item.key_path, encoding: .utf8), origin: item.key_path)
            loaded[item.key_path] = key
            let request = SigningRequest(method: item.method, path: item.path, body: Array(item.body.utf8), userID: item.user_id,
                                         timestamp: try Self.epochSeconds(item.timestamp), serverAPIVersion: item.api_version)
            let ours = try RequestSigner.headers(for: request, key: key, version: try #require(SigningProtocol(rawValue: item.version)))
            #expect(ours.map { [$0.0, $0.1] } == expected[index], "case \(index): \(item.version) \(item.method) \(item.path) with \(item.key_path)")
        }
    }

    /// `2026-11-25T03:10:59Z` as seconds since the epoch (Foundation's parser, independent
    /// of the signer's own formatting).
    static func epochSeconds(_ text: String) throws -> Int {
        let formatter = ISO8601DateFormatter()
        let date = try #require(formatter.date(from: text))
        return Int(date.timeIntervalSince1970)
    }

    @Test func unreadableKeysSayWhy() throws {
        let garbage = #expect(throws: KeyError.self) { try RSAPrivateKey(pem: "not a key", origin: "/etc/chef/client.pem") }
        #expect(garbage?.description.contains("/etc/chef/client.pem is not a usable RSA private key") == true)
        #expect(garbage?.description.contains("PKCS#1") == true)
    }
}

/// goiardi, with authentication on, accepts what the signer makes in every protocol
/// version, and refuses a key that is not the user's with a message that says so.
@Suite(.chefServer) struct SignedRequestTests {
    func client(_ version: SigningProtocol, keyPath: String? = nil, user: String = "admin") throws -> ChefServerClient {
        let server = try ChefServerFixture.server
        let path = keyPath ?? server.adminKey
        let key = try RSAPrivateKey(pem: String(contentsOfFile: path, encoding: .utf8), origin: path)
        return try ChefServerClient(baseURL: server.url, identity: ClientIdentity(name: user, key: key, keyOrigin: path),
                                    signingProtocol: version, retryCount: 0)
    }

    @Test(arguments: SigningProtocol.allCases)
    func serverAcceptsEveryProtocol(_ version: SigningProtocol) throws {
        let api = try client(version)
        let name = "signed-\(version.rawValue.replacingOccurrences(of: ".", with: "-"))"
        let node: JSON = .object([("name", .string(name)), ("chef_type", .string("node")), ("json_class", .string("Chef::Node")),
                                  ("chef_environment", .string("_default")), ("run_list", .array([.string("recipe[app]")]))])
        try api.save(.node, name, node)
        #expect(try api.fetch(.node, name)?["run_list"] == .array([.string("recipe[app]")]))
        #expect(try api.list(.node).contains(name))
        // Read back by the independent client.
        let read = try ChefServerFixture.server.rubyGet("nodes/\(name)")
        #expect(read["run_list"] as? [String] == ["recipe[app]"])
        #expect(try api.remove(.node, name))
    }

    @Test func wrongKeyIsRefusedWithAHint() throws {
        let server = try ChefServerFixture.server
        let api = try client(.v1_1, keyPath: server.validatorKey, user: "admin")
        let error = #expect(throws: ChefServerError.self) { _ = try api.get("nodes") }
        #expect(error?.status == 401)
        #expect(error?.description.contains("GET \(server.url)/nodes answered 401") == true)
        #expect(error?.description.contains("is not the key of the client or user admin") == true)
        #expect(error?.description.contains("15 minutes") == true)
    }

    @Test func unreachableServerNamesTheURL() throws {
        let server = try ChefServerFixture.server
        let key = try RSAPrivateKey(pem: String(contentsOfFile: server.adminKey, encoding: .utf8), origin: server.adminKey)
        // Port 1 on loopback: nothing listens there.
        let api = try ChefServerClient(baseURL: "http://127.0.0.1:1", identity: ClientIdentity(name: "admin", key: key, keyOrigin: "k"),
                                       retryCount: 1)
        let error = #expect(throws: ChefServerError.self) { _ = try api.get("nodes") }
        #expect(error?.description.contains("GET http://127.0.0.1:1/nodes") == true)
        #expect(error?.description.contains("tried 2 times") == true)
    }
}
