import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import SousSSH
import Testing

/// The SSH layer without an sshd: what a connection says when nothing listens or something
/// that is not SSH answers (over real loopback sockets), and the OpenSSH command line and
/// known_hosts names it derives. Sessions with a real sshd are the end-to-end tests' job.
@Suite struct SSHConnectionFailureTests {
    /// A loopback listener on a free port; `serve` runs on its own thread for one client.
    final class Listener: @unchecked Sendable {
        let fd: Int32
        let port: Int

        init() throws {
            let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening, $0, length) == 0 && getsockname(listening, $0, &length) == 0 }
            }
            guard listening >= 0, bound, listen(listening, 1) == 0 else {
                close(listening)
                throw POSIXError(.EADDRINUSE)
            }
            fd = listening
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        /// Accepts one connection, writes `reply` and closes it.
        func answerOnce(with reply: String) -> Thread {
            let thread = Thread { [self] in
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                _ = reply.withCString { write(client, $0, strlen($0)) }
                close(client)
            }
            thread.start()
            return thread
        }

        deinit { close(fd) }
    }

    static func target(port: Int) -> SSHTarget {
        SSHTarget(host: "127.0.0.1", port: port, user: "ops", credentials: [.agent()], hostKeys: .acceptAnything, timeout: 5)
    }

    /// Nothing listening: unreachable (worth retrying while a machine boots), naming the
    /// user, host and port and asking whether sshd is up.
    @Test func aClosedPortIsUnreachable() throws {
        let port = try { let listener = try Listener(); return listener.port }()
        let error = #expect(throws: SSHError.self) { try SSHConnection(Self.target(port: port)) }
        #expect(error?.isUnreachable == true)
        #expect(error?.description.hasPrefix("ssh ops@127.0.0.1:\(port): ") == true)
        #expect(error?.hint == "is the machine up, and sshd listening on port \(port)?")
    }

    /// Something answers that is not an SSH server: the handshake fails, and that is not
    /// taken for a machine still booting.
    @Test func aPeerThatIsNotSSHFailsTheHandshake() throws {
        let listener = try Listener()
        _ = listener.answerOnce(with: "HTTP/1.1 400 Bad Request\r\n\r\n")
        let error = #expect(throws: SSHError.self) { try SSHConnection(Self.target(port: listener.port)) }
        #expect(error?.isUnreachable == false)
        #expect(error?.problem.hasPrefix("the SSH handshake failed") == true)
    }

    /// `sous machine ssh` hands OpenSSH the same port, user, keys and host-key policy.
    @Test func openSSHGetsTheSameTargetAndHostKeyPolicy() {
        var target = SSHTarget(host: "10.1.2.3", port: 2222, user: "root", credentials: [.keyFile("/k/id_ed25519")],
                               hostKeys: .requireKnown(file: "/k/known_hosts"))
        #expect(target.openSSHArguments == ["-p", "2222", "-l", "root", "-o", "UserKnownHostsFile=/k/known_hosts",
                                            "-o", "StrictHostKeyChecking=yes", "-i", "/k/id_ed25519", "-o", "IdentitiesOnly=yes", "10.1.2.3"])
        target.credentials = [.agent()]
        target.hostKeys = .acceptAnything
        #expect(target.openSSHArguments == ["-p", "2222", "-l", "root", "-o", "UserKnownHostsFile=/dev/null",
                                            "-o", "StrictHostKeyChecking=no", "10.1.2.3"])
        #expect(HostKeyPolicy.recordFirstContact(file: "/f").file == "/f" && HostKeyPolicy.acceptAnything.file == nil)
    }

    /// known_hosts names as OpenSSH writes them: the bare host on port 22, else `[host]:port`.
    @Test func knownHostsEntryNames() {
        #expect(HostKeyCheck.entryName("10.0.0.5", 22) == "10.0.0.5")
        #expect(HostKeyCheck.entryName("10.0.0.5", 2222) == "[10.0.0.5]:2222")
        #expect(HostKeyCheck.entryName("::1", 2222) == "[::1]:2222")
    }
}
