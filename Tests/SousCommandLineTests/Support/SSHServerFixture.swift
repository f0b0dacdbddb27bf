import Foundation
import Testing

/// A real OpenSSH server for a suite, on a free loopback port with its own host key and
/// authorized keys (an Ed25519 and an RSA client key), started by
/// `Tests/Fixtures/ssh/sshd-for-test` and stopped by its PID when the suite ends (or when
/// the test process dies).
final class SSHServerFixture: @unchecked Sendable {
    let folder: URL
    let port: Int
    let user: String

    @TaskLocal static var current: SSHServerFixture?

    static let script = TestPaths.fixtures.appendingPathComponent("ssh/sshd-for-test").path

    init() throws {
        folder = try TestPaths.makeScratchDirectory("sshd")
        let started = try ProcessRunner.run(Self.script, ["start", folder.path, String(getpid())], timeout: 60)
        guard started.status == 0 else {
            try? FileManager.default.removeItem(at: folder)
            throw ChefServerFixture.FixtureError(description: "sshd-for-test start failed: \(started.stderr)")
        }
        port = Int(try String(contentsOf: folder.appendingPathComponent("port"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        user = NSUserName()
    }

    func stop() {
        _ = try? ProcessRunner.run(Self.script, ["stop", folder.path], timeout: 30)
        try? FileManager.default.removeItem(at: folder)
    }

    var ed25519Key: String { folder.appendingPathComponent("client_ed25519").path }
    var rsaKey: String { folder.appendingPathComponent("client_rsa").path }
    var hostPublicKey: String { folder.appendingPathComponent("host_ed25519_key.pub").path }

    static var server: SSHServerFixture {
        get throws {
            guard let current else { throw ChefServerFixture.FixtureError(description: "this suite needs the .sshServer trait") }
            return current
        }
    }
}

/// `@Suite(.sshServer)`: one sshd for the whole suite, stopped when it ends.
struct SSHServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try SSHServerFixture()
        defer { server.stop() }
        try await SSHServerFixture.$current.withValue(server) {
            try await function()
        }
    }
}

extension Trait where Self == SSHServerTrait {
    static var sshServer: SSHServerTrait { SSHServerTrait() }
}
