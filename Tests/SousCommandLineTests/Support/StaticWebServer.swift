import Foundation

/// Files over plain http on a free loopback port (Python's http.server), for what a recipe
/// downloads (an installer script). Stopped by its PID.
final class StaticWebServer {
    let process: BackgroundProcess
    let url: String

    init(serving folder: URL) throws {
        let port = try Self.freePort()
        process = try ProcessRunner.start("/usr/bin/python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", folder.path])
        url = "http://127.0.0.1:\(port)"
        // Ready when the port answers (bounded: 10 s).
        for _ in 0..<200 {
            if TCPOutcome.attempt("127.0.0.1", port, timeout: 1) == .connected { return }
            usleep(50_000)
        }
        stop()
        throw ChefServerFixture.FixtureError(description: "python3 http.server did not listen on port \(port) within 10 s")
    }

    func stop() {
        process.stop()
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ChefServerFixture.FixtureError(description: "no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
