#if canImport(Glibc)
import Glibc
#endif
import SousSupport

/// The Chef server of local mode (`sous -z`, `with_chef_local_server`): goiardi,
/// authentication on, on a loopback port (a free one unless one is asked for) with its data
/// in a temporary folder, for the length of one run. It is stopped by its PID when the run
/// ends; a watcher started with it stops it too if sous itself dies (Ctrl-C, a kill), so no
/// server outlives the run.
public final class LocalChefServer: @unchecked Sendable {
    public let folder: String
    public let url: String
    public let pid: Int32

    public var adminKey: String { "\(folder)/conf/admin.pem" }
    public var validatorKey: String { "\(folder)/conf/chef-validator.pem" }

    private init(folder: String, url: String, pid: Int32) {
        self.folder = folder
        self.url = url
        self.pid = pid
    }

    /// Starts goiardi on `port`, or, when none is given, on the first free port from 8889
    /// as chef-zero does (so that the server's URL, which machines record as the server that
    /// made them, is the same run after run), and returns once it answers.
    public static func start(port requested: Int? = nil) throws -> LocalChefServer {
        let searchPath = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        guard searchPath.split(separator: ":").contains(where: { access("\($0)/goiardi", X_OK) == 0 }) else {
            throw LocalChefServerError("local mode runs goiardi as its Chef server, and it is not installed; apt-get install goiardi")
        }
        if let requested {
            guard (1...65535).contains(requested), !portAnswers(requested) else {
                throw LocalChefServerError("port \(requested) on 127.0.0.1 is taken (or not a port), so the local Chef server cannot listen there; "
                                           + "choose another port, or leave port out to take a free one")
            }
            return try launch(port: requested)
        }
        // Another run may take a port between the check and goiardi's start: then the next.
        var attempts = 0
        for port in 8889...9999 where attempts < 20 && canBind(port) {
            attempts += 1
            if let server = try launch(port: port, mayBeTaken: true) { return server }
        }
        return try launch(port: try freePort())
    }

    /// goiardi on `port` with a folder of its own, once it answers to its own admin key; nil
    /// when `mayBeTaken` and another process took the port first.
    private static func launch(port: Int, mayBeTaken: Bool) throws -> LocalChefServer? {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/sous-local-mode-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SystemCallFailure("mkdtemp", "\(base)/sous-local-mode-XXXXXX") }
        let folder = String(cString: made)
        try FileSystem.makeDirectories("\(folder)/conf", mode: 0o700)
        try FileSystem.makeDirectories("\(folder)/filestore", mode: 0o700)
        let goiardi = ["goiardi", "-A", "-I", "127.0.0.1", "-P", String(port), "-H", "127.0.0.1", "--conf-root=\(folder)/conf",
                       "-D", "\(folder)/data.bin", "-i", "\(folder)/index.bin", "-F", "1",
                       "--local-filestore-dir=\(folder)/filestore", "-L", "\(folder)/goiardi.log"]
        // goiardi in the background; a watcher stops it when this process ends, whatever
        // ends it (only if that PID is still this server, not a process that reused the
        // number), waits for it to go (bounded) and removes its folder.
        let conf = shellQuoted("--conf-root=\(folder)/conf")
        let script = """
            \(goiardi.map(shellQuoted).joined(separator: " ")) </dev/null >/dev/null 2>&1 &
            server=$!
            (
              ours() { tr '\\0' ' ' < "/proc/$server/cmdline" 2>/dev/null | grep -qF -- \(conf); }
              tail --pid=\(getpid()) -f /dev/null
              if ours; then
                kill -TERM "$server" 2>/dev/null
                for _ in $(seq 100); do ours || break; sleep 0.05; done
                if ours; then kill -KILL "$server" 2>/dev/null; fi
              fi
              rm -rf \(shellQuoted(folder))
            ) </dev/null >/dev/null 2>&1 &
            echo "$server"
            """
        let started = try CommandRunner.run(.shell(script))
        guard started.status == 0, let pid = Int32(started.output.filter { !$0.isWhitespace }) else {
            throw LocalChefServerError("local mode could not start goiardi: \(started.errorOutput)")
        }
        let server = LocalChefServer(folder: folder, url: "http://127.0.0.1:\(port)", pid: pid)
        // Ready when its admin key exists and a request signed with it is answered: the port
        // answering is not enough, as another server may hold it. Bounded to 20 s.
        for _ in 0..<400 {
            guard kill(pid, 0) == 0 else {
                let log = (FileSystem.text("\(folder)/goiardi.log") ?? "").split(separator: "\n").suffix(5).joined(separator: "\n  ")
                server.stop()
                if mayBeTaken && (log.contains("address already in use") || portAnswers(port)) { return nil }
                throw LocalChefServerError("local mode's goiardi exited at start; its log ends:\n  \(log)")
            }
            if FileSystem.isNonEmptyFile(server.adminKey) && portAnswers(port) {
                do {
                    _ = try server.adminClient().get("clients")
                    return server
                } catch let error as ChefServerError where error.status == 401 && mayBeTaken {
                    server.stop()  // another server answered there
                    return nil
                } catch is ChefServerError {
                    // not listening yet on every path; ask again
                }
            }
            usleep(50_000)
        }
        server.stop()
        throw LocalChefServerError("local mode's goiardi did not answer on port \(port) within 20 s")
    }

    private static func launch(port: Int) throws -> LocalChefServer {
        guard let server = try launch(port: port, mayBeTaken: false) else {
            throw LocalChefServerError("port \(port) on 127.0.0.1 was taken while the local Chef server started; run again")
        }
        return server
    }

    /// Stops goiardi (by its PID, waiting up to 10 s) and removes its folder.
    public func stop() {
        if kill(pid, SIGTERM) == 0 {
            for _ in 0..<200 where kill(pid, 0) == 0 { usleep(50_000) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        try? FileSystem.removeTree(folder)
    }

    /// A client signing as goiardi's admin.
    public func adminClient() throws -> ChefServerClient {
        let key = try RSAPrivateKey(pem: String(decoding: try FileSystem.readRegularFile(adminKey, limit: RSAPrivateKey.fileSizeLimit), as: UTF8.self),
                                    origin: adminKey)
        return try ChefServerClient(baseURL: url, identity: ClientIdentity(name: "admin", key: key, keyOrigin: adminKey))
    }

    /// Whether a server could listen on `port` of the loopback address now (with
    /// SO_REUSEADDR, as goiardi does: the last run's connections waiting out their close do
    /// not keep the port from it).
    static func canBind(_ port: Int) -> Bool {
        (try? withLoopbackSocket(port: port) { fd, address, length in
            var reuse: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
            return bind(fd, address, length) == 0
        }) ?? false
    }

    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        var port = 0
        let bound = try withLoopbackSocket(port: 0) { fd, address, length in
            var size = length
            guard bind(fd, address, length) == 0, getsockname(fd, address, &size) == 0 else { return false }
            port = Int(UInt16(bigEndian: address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }))
            return true
        }
        guard bound else { throw SystemCallFailure("bind", "127.0.0.1") }
        return port
    }

    static func portAnswers(_ port: Int) -> Bool {
        (try? withLoopbackSocket(port: port) { fd, address, length in connect(fd, address, length) == 0 }) ?? false
    }

    /// A TCP socket and the address 127.0.0.1:`port`, for one bind or connect; closed after.
    private static func withLoopbackSocket(port: Int, _ body: (Int32, UnsafeMutablePointer<sockaddr>, socklen_t) -> Bool) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SystemCallFailure("socket", "127.0.0.1") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}

/// The local Chef server could not start: what went wrong and what to do.
public struct LocalChefServerError: UserFacingError {
    public let description: String
    init(_ description: String) { self.description = description }
}
