import SousSupport
import SousSSH

/// A connection to a machine: commands and files, over SSH for every driver, with the
/// machine's command prefix (`sudo `) applied.
public final class MachineConnection {
    public let ssh: SSHConnection
    /// Put before every command (`sudo `); files then go through a temporary file and
    /// `install`, since SFTP writes as the login user.
    public let prefix: String
    /// Told of each command run (for `-l debug`).
    public var trace: ((String) -> Void)?

    public init(ssh: SSHConnection, prefix: String = "") {
        self.ssh = ssh
        self.prefix = prefix
    }

    public func execute(_ command: String, timeout: Int = 900, input: SSHCommandInput = .none,
                        onLine: ((SSHOutputStream, String) -> Void)? = nil) throws -> SSHCommandResult {
        let started = MonotonicClock.seconds()
        let result = try ssh.execute(prefix + command, timeout: timeout, input: input, onLine: onLine)
        trace?("ran `\(prefix + command)` over SSH: exit \(result.exitStatus) (\(Int((MonotonicClock.seconds() - started) * 1000)) ms)")
        return result
    }

    /// Runs a command that must succeed.
    @discardableResult
    public func run(_ command: String, timeout: Int = 900) throws -> String {
        let result = try execute(command, timeout: timeout)
        guard result.exitStatus == 0 else {
            throw ProvisioningError.commandFailed(host: ssh.target.host, command: prefix + command, status: Int(result.exitStatus),
                                                  output: (result.stderr.isEmpty ? result.stdout : result.stderr).trimmingTrailingNewlines())
        }
        return result.stdout
    }

    public func read(_ path: String) throws -> [UInt8]? {
        if prefix.isEmpty { return try ssh.download(path) }
        let result = try execute("cat \(shellQuoted(path))")
        return result.exitStatus == 0 ? Array(result.stdout.utf8) : nil
    }

    /// Whether the file lacks this content or mode (or is missing).
    public func differs(_ bytes: [UInt8], at path: String, mode: Int32) throws -> Bool {
        guard try read(path) == bytes else { return true }
        if prefix.isEmpty { return try ssh.fileMode(path) != mode }
        return try execute("stat -c %a \(shellQuoted(path))").stdout.trimmingTrailingNewlines() != String(mode, radix: 8)
    }

    /// A file's permission bits on the machine; nil when it is not there.
    public func mode(of path: String) throws -> Int32? {
        if prefix.isEmpty { return try ssh.fileMode(path) }
        let result = try execute("stat -c %a \(shellQuoted(path))")
        return result.exitStatus == 0 ? Int32(result.stdout.trimmingTrailingNewlines(), radix: 8) : nil
    }

    /// The URL under which the machine reaches `url`: the same, unless it names this
    /// workstation's loopback (a Chef server started for development), which the machine
    /// reaches through a port on its own loopback forwarded back over this connection —
    /// the same port when it is free there, so that client.rb need not change.
    public func reachable(_ url: String) throws -> String {
        guard let location = URLLocation(url), location.isLoopback else { return url }
        let port = try ssh.forwardRemotePort(location.port, toLocalHost: location.host, port: location.port)
        return port == location.port ? url : location.with(port: port)
    }

    /// Writes a whole file with `mode`, making its folder.
    public func write(_ bytes: [UInt8], to path: String, mode: Int32) throws {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if prefix.isEmpty {
            if !folder.isEmpty { try ssh.makeDirectories(folder) }
            try ssh.upload(bytes, to: path, mode: mode)
        } else {
            if !folder.isEmpty { try run("mkdir -p \(shellQuoted(folder))") }
            let temporary = "/tmp/.sous-upload-\(UInt32.random(in: 0...UInt32.max))"
            try ssh.upload(bytes, to: temporary, mode: 0o600)
            try run("install -m \(String(mode, radix: 8)) \(shellQuoted(temporary)) \(shellQuoted(path)) && rm -f \(shellQuoted(temporary))")
        }
    }
}

/// The host and port of an http(s) URL, enough to tell whether it is this host's loopback
/// and to point it at another port.
struct URLLocation {
    let scheme: String
    let host: String
    let port: Int
    let path: String

    init?(_ url: String) {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return nil }
        scheme = String(url[..<colon])
        let rest = url[url.index(colon, offsetBy: 3)...]
        let authority = rest.prefix { $0 != "/" }
        path = String(rest.dropFirst(authority.count))
        var hostPart = Substring(authority.split(separator: "@").last ?? "")
        var portText: Substring?
        if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portText = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        host = String(hostPart)
        if let portText {
            guard let port = Int(portText) else { return nil }
            self.port = port
        } else {
            port = scheme == "https" ? 443 : 80
        }
    }

    var isLoopback: Bool {
        let name = host.lowercased()
        return name == "localhost" || name.hasSuffix(".localhost") || name.hasPrefix("127.") || name == "::1"
    }

    func with(port: Int) -> String {
        "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)\(path)"
    }
}
