import SousSupport
import Foundation
import Testing

/// A real Chef server for a suite: goiardi with authentication on, started by the
/// repository's own `knife/chef-server` script in a state folder of its own, on a free
/// loopback port, and stopped (by its PID) and removed when the suite ends, pass or fail.
final class ChefServerFixture: @unchecked Sendable {
    let state: URL
    let url: String
    /// A knife.rb that signs as the server's admin user.
    let knifeRB: String
    let adminKey: String
    let validatorKey: String

    @TaskLocal static var current: ChefServerFixture?

    static let script = TestPaths.packageRoot.appendingPathComponent("knife/chef-server").path
    static let requestWithRuby = TestPaths.fixtures.appendingPathComponent("chef-server/request_with_ruby.rb").path

    /// Starts a server; with `tls` (certificate and key files) it serves https.
    private init(state: URL, tls: (certificate: String, key: String)? = nil) throws {
        self.state = state
        // The server also stops if this test process dies without stopping it.
        var environment = ["SOUS_CHEF_SERVER_DIR": state.path, "SOUS_CHEF_SERVER_WATCH_PID": String(getpid())]
        if let tls {
            environment["SOUS_CHEF_SERVER_SSL_CERT"] = tls.certificate
            environment["SOUS_CHEF_SERVER_SSL_KEY"] = tls.key
        }
        let started = try ProcessRunner.run(Self.script, ["start"], environment: environment, timeout: 60)
        guard started.status == 0 else {
            try? FileManager.default.removeItem(at: state)
            throw FixtureError(description: "knife/chef-server start failed: \(started.stdout)\(started.stderr)")
        }
        url = try String(contentsOf: state.appendingPathComponent("url"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        adminKey = state.appendingPathComponent("conf/admin.pem").path
        validatorKey = state.appendingPathComponent("conf/chef-validator.pem").path
        knifeRB = state.appendingPathComponent("knife.rb").path
        try """
        current_dir = File.dirname(__FILE__)
        node_name 'admin'
        client_key "#{current_dir}/conf/admin.pem"
        chef_server_url '\(url)'
        validation_key "#{current_dir}/conf/chef-validator.pem"
        """.write(toFile: knifeRB, atomically: false, encoding: .utf8)
    }

    static func start(tls: (certificate: String, key: String)? = nil) throws -> ChefServerFixture {
        try ChefServerFixture(state: TestPaths.makeScratchDirectory("chef-server"), tls: tls)
    }

    func stop() {
        _ = try? ProcessRunner.run(Self.script, ["stop"], environment: ["SOUS_CHEF_SERVER_DIR": state.path], timeout: 30)
        try? FileManager.default.removeItem(at: state)
    }

    /// The server as the suite's tests see it; only inside a suite with `.chefServer`.
    static var server: ChefServerFixture {
        get throws {
            guard let current else { throw FixtureError(description: "this suite needs the .chefServer trait") }
            return current
        }
    }

    /// An independent read: a request signed by Ruby's mixlib-authentication, as the admin.
    /// Returns the status and the parsed JSON body (nil when empty or not JSON).
    func rubyRequest(_ method: String, _ path: String, protocolVersion: String = "1.1",
                     user: String = "admin", key: String? = nil, body: String? = nil) throws -> (status: Int, json: Any?) {
        var arguments = [Self.requestWithRuby, url, user, key ?? adminKey, method, path, protocolVersion]
        var bodyFile: URL?
        if let body {
            let file = state.appendingPathComponent("body-\(UUID().uuidString).json")
            try body.write(to: file, atomically: false, encoding: .utf8)
            arguments.append(file.path)
            bodyFile = file
        }
        defer { if let bodyFile { try? FileManager.default.removeItem(at: bodyFile) } }
        let result = try ProcessRunner.run("/usr/bin/ruby", arguments)
        guard result.status == 0 else { throw FixtureError(description: "ruby request failed: \(result.stderr)") }
        let lines = result.stdout.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let status = Int(lines.first ?? "") ?? 0
        let body = lines.count > 1 ? String(lines[1]) : ""
        let json = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
        return (status, json)
    }

    /// `GET path` read by Ruby; fails the test unless the server answers 200.
    func rubyGet(_ path: String) throws -> [String: Any] {
        let (status, json) = try rubyRequest("GET", path)
        guard status == 200, let object = json as? [String: Any] else {
            throw FixtureError(description: "GET \(path) by ruby answered \(status): \(String(describing: json))")
        }
        return object
    }

    /// Runs `sous` with this server's knife.rb first on the command line.
    func sous(_ arguments: [String], directory: URL? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.sous, arguments, directory: directory, environment: environment, timeout: 120)
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }
}

/// `@Suite(.chefServer)`: one goiardi for the whole suite, stopped when it ends.
struct ChefServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try ChefServerFixture.start()
        defer { server.stop() }
        try await ChefServerFixture.$current.withValue(server) {
            try await function()
        }
    }
}

extension Trait where Self == ChefServerTrait {
    static var chefServer: ChefServerTrait { ChefServerTrait() }
}
