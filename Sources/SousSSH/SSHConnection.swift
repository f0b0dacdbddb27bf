#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import SousSupport

/// How to log in.
public enum SSHCredential: Sendable {
    /// A private key file (OpenSSH or PEM format), with its passphrase if it has one.
    case keyFile(String, passphrase: String? = nil)
    /// A private key given as text (net-ssh's `key_data`); `label` names it in messages,
    /// which never show the key.
    case keyData(String, label: String)
    /// The keys of an ssh-agent: the one at `socket`, else the one `SSH_AUTH_SOCK` names.
    case agent(socket: String? = nil)
    case password(String)

    var label: String {
        switch self {
        case .keyFile(let path, _): return path
        case .keyData(_, let label): return label
        case .agent: return "ssh-agent"
        case .password: return "a password"
        }
    }
}

/// Where and how to connect.
public struct SSHTarget: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    /// Tried in order until one is accepted.
    public var credentials: [SSHCredential]
    public var hostKeys: HostKeyPolicy
    /// Seconds to connect and for each protocol step.
    public var timeout: Int
    /// Seconds between keepalive messages on an idle connection (0: none).
    public var keepaliveInterval: Int

    public init(host: String, port: Int = 22, user: String, credentials: [SSHCredential], hostKeys: HostKeyPolicy,
                timeout: Int = 10, keepaliveInterval: Int = 30) {
        self.host = host
        self.port = port
        self.user = user
        self.credentials = credentials
        self.hostKeys = hostKeys
        self.timeout = timeout
        self.keepaliveInterval = keepaliveInterval
    }
}

/// One SSH connection to a machine, kept open and reused for every command and file of its
/// stages. Blocking: run it on a thread of its own, never on Swift's cooperative pool, and
/// use it from one thread at a time.
public final class SSHConnection {
    public let target: SSHTarget
    let session: OpaquePointer
    let socket: Int32
    /// Whether this connection recorded the machine's host key (its first contact).
    public private(set) var recordedHostKey = false
    /// The credential that was accepted.
    public private(set) var acceptedCredential: String = ""

    private static let initialized: Bool = {
        libssh2_init(0)
        return true
    }()

    public init(_ target: SSHTarget) throws {
        _ = Self.initialized
        self.target = target
        socket = try Self.connectSocket(target)
        guard let session = sous_ssh_session_new() else {
            Glibc.close(socket)
            throw SSHError(host: target.host, port: target.port, user: target.user, credential: nil,
                           problem: "libssh2 could not start a session", hint: nil)
        }
        self.session = session
        libssh2_session_set_timeout(session, target.timeout * 1000)
        libssh2_session_set_blocking(session, 1)
        do {
            guard libssh2_session_handshake(session, socket) == 0 else {
                throw failure("the SSH handshake failed: \(lastError())", nil)
            }
            let outcome = try HostKeyCheck.verify(session: session, host: target.host, port: target.port, policy: target.hostKeys) {
                self.failure($0, $1)
            }
            recordedHostKey = outcome == .recorded
            try authenticate()
            // Without asking for replies: libssh2 sends keepalives while it waits, and the
            // server's reply (a request failure) would be taken as the answer to the next
            // global request, such as a port forward.
            if target.keepaliveInterval > 0 { libssh2_keepalive_config(session, 0, UInt32(target.keepaliveInterval)) }
        } catch {
            shutdown()
            throw error
        }
    }

    deinit {
        shutdown()
    }

    /// The SFTP channel, once a file was read or written.
    var sftp: OpaquePointer?
    /// Ports on the machine forwarded back here (`forwardRemotePort`).
    var forwards: [RemoteForward] = []
    /// Forwarded channels that are done, freed as libssh2 allows.
    var closingChannels: [OpaquePointer] = []
    /// Why the connection was closed early, if it was.
    private var closedBecause: String?
    private var isShutDown = false

    private func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        closeForwards()
        if let sftp, closedBecause == nil { libssh2_sftp_shutdown(sftp) }
        sftp = nil
        libssh2_session_set_blocking(session, 0)  // never wait on a peer that is going away
        libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, "sous is done", "")
        libssh2_session_free(session)
        Glibc.close(socket)
    }

    /// Closes the connection before its end; later calls fail, naming `reason`.
    func close(reason: String) {
        closedBecause = reason
        shutdown()
    }

    func requireOpen() throws {
        if let closedBecause { throw failure("the connection was closed (\(closedBecause)); open a new one", nil) }
    }

    // MARK: Errors

    func failure(_ problem: String, _ hint: String?, credential: String? = nil) -> SSHError {
        SSHError(host: target.host, port: target.port, user: target.user, credential: credential, problem: problem, hint: hint)
    }

    /// libssh2's message for the last error.
    func lastError() -> String {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(session, &message, &length, 0)
        guard let message, length > 0 else { return "libssh2 error \(code)" }
        return String(cString: message)
    }

    // MARK: Connecting

    /// A TCP connection to the machine's sshd, made within the target's timeout.
    static func connectSocket(_ target: SSHTarget) throws -> Int32 {
        do {
            return try openTCP(host: target.host, port: target.port, timeout: target.timeout)
        } catch let problem as TCPProblem {
            var error = SSHError(host: target.host, port: target.port, user: target.user, credential: nil,
                                 problem: problem.description, hint: problem.isResolution ? nil
                                    : "is the machine up, and sshd listening on port \(target.port)?")
            error.isUnreachable = true
            throw error
        }
    }

    /// Why a TCP connection could not be made.
    struct TCPProblem: Error, CustomStringConvertible {
        let description: String
        var isResolution = false
    }

    /// A blocking TCP socket connected to `host:port` within `timeout` seconds, trying each
    /// of the host's addresses.
    static func openTCP(host: String, port: Int, timeout: Int) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw TCPProblem(description: "cannot resolve \(host): \(String(cString: gai_strerror(status)))", isResolution: true)
        }
        defer { freeaddrinfo(results) }
        var lastProblem = "no address to connect to"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var result = Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen)
            if result != 0 && errno == EINPROGRESS {
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&poller, 1, Int32(timeout * 1000))
                if ready == 1 {
                    var error: Int32 = 0
                    var size = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
                    result = error == 0 ? 0 : -1
                    errno = error
                } else {
                    result = -1
                    errno = ETIMEDOUT
                }
            }
            if result == 0 {
                _ = fcntl(fd, F_SETFL, flags)
                return fd
            }
            lastProblem = errno == ETIMEDOUT ? "no answer within \(timeout) s (connection timed out)"
                : String(cString: strerror(errno))
            Glibc.close(fd)
        }
        throw TCPProblem(description: "cannot connect: \(lastProblem)")
    }

    // MARK: Authentication

    private func authenticate() throws {
        var tried: [String] = []
        for credential in target.credentials {
            tried.append(credential.label)
            switch credential {
            case .keyFile(let path, let passphrase):
                guard access(path, R_OK) == 0 else {
                    throw failure("cannot read the key file: \(String(cString: strerror(errno)))", nil, credential: path)
                }
                if sous_ssh_userauth_publickey_fromfile(session, target.user, path, passphrase) == 0 {
                    acceptedCredential = path
                    return
                }
                if isRSAKey(path) {
                    throw failure("the server refused the RSA key: libssh2 1.10 (Debian's) signs RSA user keys with SHA-1, "
                        + "which current OpenSSH servers refuse (rsa-sha2 user authentication came with libssh2 1.11)",
                        "use an Ed25519 or ECDSA key (ssh-keygen -t ed25519), which sous makes for the machines it creates",
                        credential: path)
                }
            case .keyData(let key, let label):
                let accepted = key.withCString { sous_ssh_userauth_publickey_frommemory(session, target.user, $0, strlen($0), nil) }
                if accepted == 0 {
                    acceptedCredential = label
                    return
                }
            case .agent(let socket):
                if try authenticateWithAgent(socket: socket) {
                    acceptedCredential = "ssh-agent"
                    return
                }
            case .password(let password):
                if sous_ssh_userauth_password(session, target.user, password) == 0 {
                    acceptedCredential = "a password"
                    return
                }
            }
        }
        let methods = libssh2_userauth_list(session, target.user, UInt32(target.user.utf8.count)).map { String(cString: $0) } ?? "none"
        var checks: [String] = []
        if target.credentials.contains(where: { if case .keyFile = $0 { return true } else if case .keyData = $0 { return true } else { return false } }) {
            checks.append("that the public key is in ~\(target.user)/.ssh/authorized_keys")
        }
        if target.credentials.contains(where: { if case .agent = $0 { return true } else { return false } }) {
            checks.append("that ssh-agent holds an authorized key (ssh-add -l)")
        }
        if target.credentials.contains(where: { if case .password = $0 { return true } else { return false } }) {
            checks.append("the password")
        }
        throw failure("the server accepted none of the credentials (tried \(tried.isEmpty ? "none" : tried.joined(separator: ", "))); "
            + "it accepts: \(methods)", "check the user name and " + (checks.isEmpty ? "give ssh_options keys or a password" : checks.joined(separator: ", ")),
            credential: tried.last)
    }

    private func authenticateWithAgent(socket: String?) throws -> Bool {
        guard let agent = libssh2_agent_init(session) else { return false }
        defer { libssh2_agent_free(agent) }
        if let socket { libssh2_agent_set_identity_path(agent, socket) }
        guard libssh2_agent_connect(agent) == 0 else { return false }
        defer { libssh2_agent_disconnect(agent) }
        guard libssh2_agent_list_identities(agent) == 0 else { return false }
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
        while libssh2_agent_get_identity(agent, &identity, previous) == 0 {
            if libssh2_agent_userauth(agent, target.user, identity) == 0 { return true }
            previous = identity
        }
        return false
    }

    /// Whether a key file holds an RSA key (PEM `BEGIN RSA`, or an OpenSSH key of type ssh-rsa).
    private func isRSAKey(_ path: String) -> Bool {
        guard let file = fopen(path, "r") else { return false }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = fread(&buffer, 1, buffer.count - 1, file)
        let text = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.contains("BEGIN RSA PRIVATE KEY") { return true }
        guard text.contains("BEGIN OPENSSH PRIVATE KEY") else { return false }
        // The key type is inside the base64 body.
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let bytes = Base64.decode(body) else { return false }
        let rsa = Array("ssh-rsa".utf8)
        return bytes.count >= rsa.count && (0...(bytes.count - rsa.count)).contains { Array(bytes[$0..<($0 + rsa.count)]) == rsa }
    }
}

extension SSHTarget {
    /// OpenSSH's `ssh` arguments for an interactive login to this target, with the same
    /// keys and the same host key check (a terminal session is OpenSSH's craft, so an
    /// interactive `sous machine ssh` hands over to it, as `kitchen login` does).
    public var openSSHArguments: [String] {
        var arguments = ["-p", String(port), "-l", user]
        switch hostKeys {
        case .requireKnown(let file), .recordFirstContact(let file):
            arguments += ["-o", "UserKnownHostsFile=\(file)", "-o", "StrictHostKeyChecking=yes"]
        case .acceptAnything:
            arguments += ["-o", "UserKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=no"]
        }
        var usesAgentOrPassword = false
        for credential in credentials {
            switch credential {
            case .keyFile(let path, _): arguments += ["-i", path]
            // Key material is never written out for OpenSSH; the agent may hold the key.
            case .agent, .password, .keyData: usesAgentOrPassword = true
            }
        }
        if !usesAgentOrPassword { arguments += ["-o", "IdentitiesOnly=yes"] }
        return arguments + [host]
    }
}
