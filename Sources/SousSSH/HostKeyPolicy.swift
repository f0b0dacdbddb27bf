#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import SousSupport

/// How a machine's host key is checked, against an OpenSSH known_hosts file.
public enum HostKeyPolicy: Sendable {
    /// The key must already be in the file (machines sous did not make).
    case requireKnown(file: String)
    /// A machine sous itself just made: its first key is recorded; a different key later is
    /// still refused.
    case recordFirstContact(file: String)
    /// No check at all (only when a user asks for it explicitly).
    case acceptAnything

    public var file: String? {
        switch self {
        case .requireKnown(let file), .recordFirstContact(let file): return file
        case .acceptAnything: return nil
        }
    }
}

/// The known_hosts check of one connection, on libssh2's known-hosts API.
enum HostKeyCheck {
    enum Outcome {
        case known, recorded
    }

    /// Machines of a batch connect at once; their reads and writes of a known_hosts file
    /// take turns, so that none loses another's new key.
    static let fileLock = Mutex()

    static func verify(session: OpaquePointer, host: String, port: Int, policy: HostKeyPolicy,
                       fail: (String, String?) -> SSHError) throws -> Outcome {
        guard let file = policy.file else { return .known }
        return try fileLock.locked { try check(session: session, host: host, port: port, policy: policy, file: file, fail: fail) }
    }

    private static func check(session: OpaquePointer, host: String, port: Int, policy: HostKeyPolicy, file: String,
                              fail: (String, String?) -> SSHError) throws -> Outcome {
        var length = 0
        var type: Int32 = 0
        guard let key = libssh2_session_hostkey(session, &length, &type) else {
            throw fail("the server sent no host key", nil)
        }
        guard let knownHosts = libssh2_knownhost_init(session) else { throw fail("libssh2 could not read known hosts", nil) }
        defer { libssh2_knownhost_free(knownHosts) }
        _ = libssh2_knownhost_readfile(knownHosts, file, LIBSSH2_KNOWNHOST_FILE_OPENSSH)  // a missing file is an empty one
        let keyType = knownHostKeyType(type)
        let mask = sous_knownhost_plain_raw | keyType
        var stored: UnsafeMutablePointer<libssh2_knownhost>?
        let result = libssh2_knownhost_checkp(knownHosts, host, Int32(port), key, length, mask, &stored)
        switch result {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH:
            return .known
        case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
            throw fail("the host key changed: \(file) has another key for \(entryName(host, port)), and a changed key is refused "
                + "(someone may be intercepting the connection, or the machine was rebuilt)",
                "if the machine was rebuilt on purpose, remove its line from \(file) (ssh-keygen -R '\(entryName(host, port))' -f \(file))")
        default:
            guard case .recordFirstContact = policy else {
                throw fail("the host key of \(entryName(host, port)) is not in \(file), so the machine cannot be verified",
                           "add it (ssh-keyscan -p \(port) \(host) >> \(file)) after checking its fingerprint, or name another file with user_known_hosts_file")
            }
            let entry = entryName(host, port)
            guard libssh2_knownhost_addc(knownHosts, entry, nil, key, length, "added by sous", 13, mask, nil) == 0 else {
                throw fail("could not record the host key of \(entry)", nil)
            }
            let folder = String(file[..<(file.lastIndex(of: "/") ?? file.startIndex)])
            if !folder.isEmpty { makeFolder(folder) }
            guard libssh2_knownhost_writefile(knownHosts, file, LIBSSH2_KNOWNHOST_FILE_OPENSSH) == 0 else {
                throw fail("could not write \(file) to record the host key of \(entry)", nil)
            }
            return .recorded
        }
    }

    /// `host` for port 22, else `[host]:port`, as OpenSSH writes known_hosts.
    static func entryName(_ host: String, _ port: Int) -> String {
        port == 22 ? host : "[\(host)]:\(port)"
    }

    static func knownHostKeyType(_ hostKeyType: Int32) -> Int32 {
        switch hostKeyType {
        case LIBSSH2_HOSTKEY_TYPE_RSA: return sous_knownhost_key_rsa
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return sous_knownhost_key_ecdsa_256
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return sous_knownhost_key_ecdsa_384
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return sous_knownhost_key_ecdsa_521
        default: return sous_knownhost_key_ed25519
        }
    }
}

/// `mkdir -p` with mode 0700 (a known_hosts file's folder).
private func makeFolder(_ path: String) {
    var current = ""
    for part in path.split(separator: "/") {
        current += "/" + part
        mkdir(current, 0o700)
    }
}
