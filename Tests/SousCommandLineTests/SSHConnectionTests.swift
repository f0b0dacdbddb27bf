import Foundation
import SousSSH
import Testing

/// The SSH transport against a real OpenSSH server: commands with streamed output, exit
/// statuses and timeouts; files both ways; host keys recorded on first contact and a changed
/// key refused; authentication failures that say why (the RSA limitation included).
@Suite(.sshServer) struct SSHConnectionTests {
    func connect(key: String? = nil, hostKeys: HostKeyPolicy? = nil, port: Int? = nil) throws -> SSHConnection {
        let server = try SSHServerFixture.server
        let knownHosts = server.folder.appendingPathComponent("known_hosts-\(UUID().uuidString.prefix(6))").path
        return try SSHConnection(SSHTarget(host: "127.0.0.1", port: port ?? server.port, user: server.user,
                                           credentials: [.keyFile(key ?? server.ed25519Key)],
                                           hostKeys: hostKeys ?? .recordFirstContact(file: knownHosts), timeout: 5))
    }

    @Test func commandsStreamLinesAndReportTheirStatus() throws {
        let connection = try connect()
        var lines: [String] = []
        let result = try connection.execute("for i in 1 2 3; do echo out$i; echo err$i >&2; done; printf tail; exit 3") { stream, line in
            lines.append("\(stream == .stdout ? "O" : "E"):\(line)")
        }
        #expect(result.exitStatus == 3)
        #expect(result.stdout == "out1\nout2\nout3\ntail")
        #expect(result.stderr == "err1\nerr2\nerr3\n")
        #expect(lines.filter { $0.hasPrefix("O:") } == ["O:out1", "O:out2", "O:out3", "O:tail"])
        #expect(lines.filter { $0.hasPrefix("E:") } == ["E:err1", "E:err2", "E:err3"])

        // The same connection serves many commands, and large outputs arrive whole.
        for index in 0..<20 {
            #expect(try connection.execute("echo \(index)").stdout == "\(index)\n")
        }
        let big = try connection.execute("seq 1 100000")
        #expect(big.stdout.split(separator: "\n").count == 100000)
        #expect(big.stdout.hasSuffix("99999\n100000\n"))

        let killed = try connection.execute("kill -KILL $$")
        #expect(killed.exitSignal == "KILL")
    }

    /// Keys held by an ssh-agent (one this test starts, on a socket of its own).
    @Test func anAgentsKeysLogIn() throws {
        let server = try SSHServerFixture.server
        let socket = server.folder.appendingPathComponent("agent-\(UUID().uuidString.prefix(6)).sock").path
        let agent = try ProcessRunner.start("/usr/bin/ssh-agent", ["-D", "-a", socket])
        defer {
            agent.stop()
            try? FileManager.default.removeItem(atPath: socket)
        }
        // Ready when its socket exists (bounded: 10 s).
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: socket) { usleep(50_000) }
        let knownHosts = server.folder.appendingPathComponent("known_hosts-agent").path
        func connect() throws -> SSHConnection {
            try SSHConnection(SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, credentials: [.agent(socket: socket)],
                                        hostKeys: .recordFirstContact(file: knownHosts), timeout: 5))
        }
        let empty = #expect(throws: SSHError.self) { _ = try connect() }
        #expect(empty?.description.contains("tried ssh-agent") == true)
        #expect(empty?.description.contains("that ssh-agent holds an authorized key (ssh-add -l)") == true)
        let added = try ProcessRunner.run("/usr/bin/ssh-add", [server.ed25519Key], environment: ["SSH_AUTH_SOCK": socket])
        #expect(added.status == 0, "\(added.stderr)")
        let connection = try connect()
        #expect(connection.acceptedCredential == "ssh-agent")
        #expect(try connection.execute("echo agent-ok").stdout == "agent-ok\n")
    }

    @Test func aCommandPastItsTimeoutIsAbandoned() throws {
        let connection = try connect()
        let error = #expect(throws: SSHError.self) { _ = try connection.execute("sleep 30", timeout: 1) }
        #expect(error?.description.contains("`sleep 30` was still running after 1 s; the connection was closed to end it") == true)
        let after = #expect(throws: SSHError.self) { _ = try connection.execute("true") }
        #expect(after?.description.contains("the connection was closed (`sleep 30` timed out)") == true)
    }

    @Test func filesGoBothWaysWithTheirMode() throws {
        let server = try SSHServerFixture.server
        let connection = try connect()
        let path = server.folder.appendingPathComponent("uploaded.bin").path
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try connection.upload(bytes, to: path, mode: 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        try connection.upload(Array("short\n".utf8), to: path, mode: 0o644)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "short\n")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o644)
        #expect(try connection.download(path) == Array("short\n".utf8))
        #expect(try connection.download(path + ".missing") == nil)
        #expect(try connection.deleteFile(path))
        #expect(try !connection.deleteFile(path))
        let noFolder = #expect(throws: SSHError.self) { try connection.upload([1], to: "/nonexistent-folder/x", mode: 0o644) }
        #expect(noFolder?.description.contains("cannot write /nonexistent-folder/x") == true)
    }

    @Test func hostKeysAreRecordedOnceAndAChangeIsRefused() throws {
        let server = try SSHServerFixture.server
        let knownHosts = server.folder.appendingPathComponent("known_hosts-recorded").path
        let first = try connect(hostKeys: .recordFirstContact(file: knownHosts))
        #expect(first.recordedHostKey)
        let recorded = try String(contentsOfFile: knownHosts, encoding: .utf8)
        let hostKey = try String(contentsOfFile: server.hostPublicKey, encoding: .utf8).split(separator: " ")[1]
        #expect(recorded.hasPrefix("[127.0.0.1]:\(server.port) ssh-ed25519 \(hostKey)"))
        let second = try connect(hostKeys: .requireKnown(file: knownHosts))
        #expect(!second.recordedHostKey)

        let unknown = #expect(throws: SSHError.self) {
            _ = try connect(hostKeys: .requireKnown(file: server.folder.appendingPathComponent("empty_known_hosts").path))
        }
        #expect(unknown?.description.contains("is not in") == true)

        // Another machine's key under this address: refused, even with recordFirstContact.
        let other = server.folder.appendingPathComponent("other_host_key").path
        #expect(try ProcessRunner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", other]).status == 0)
        let otherKey = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ")[1]
        let forged = server.folder.appendingPathComponent("known_hosts-forged").path
        try "[127.0.0.1]:\(server.port) ssh-ed25519 \(otherKey)\n".write(toFile: forged, atomically: false, encoding: .utf8)
        let changed = #expect(throws: SSHError.self) { _ = try connect(hostKeys: .recordFirstContact(file: forged)) }
        #expect(changed?.description.contains("the host key changed") == true)
        #expect(changed?.description.contains("ssh-keygen -R '[127.0.0.1]:\(server.port)'") == true)
    }

    @Test func failedLoginsSayWhy() throws {
        let server = try SSHServerFixture.server
        let rsa = #expect(throws: SSHError.self) { _ = try connect(key: server.rsaKey) }
        #expect(rsa?.description.contains("ssh \(server.user)@127.0.0.1:\(server.port) (with \(server.rsaKey))") == true)
        #expect(rsa?.description.contains("libssh2 1.10 (Debian's) signs RSA user keys with SHA-1") == true)

        let stranger = server.folder.appendingPathComponent("stranger").path
        #expect(try ProcessRunner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger]).status == 0)
        let refused = #expect(throws: SSHError.self) { _ = try connect(key: stranger) }
        #expect(refused?.description.contains("accepted none of the credentials (tried \(stranger)); it accepts: publickey") == true)

        let missing = #expect(throws: SSHError.self) { _ = try connect(key: "/nonexistent/key") }
        #expect(missing?.description.contains("cannot read the key file") == true)

        let closed = #expect(throws: SSHError.self) { _ = try connect(port: 1) }
        #expect(closed?.description.contains("ssh \(server.user)@127.0.0.1:1: cannot connect: Connection refused") == true)
    }
}
