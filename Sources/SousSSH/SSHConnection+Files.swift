#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2

/// Files on the machine, over SFTP on the same connection.
extension SSHConnection {
    /// Writes a whole file (made or truncated) and gives it `mode`.
    public func upload(_ bytes: [UInt8], to path: String, mode: Int32 = 0o644) throws {
        let sftp = try sftpSession()
        let flags = UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC)
        guard let handle = sous_sftp_open(sftp, path, flags, Int(mode)) else {
            throw failure("cannot write \(path): \(sftpError(sftp))", nil)
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer { chunk in
                chunk.baseAddress!.withMemoryRebound(to: CChar.self, capacity: chunk.count) {
                    libssh2_sftp_write(handle, $0, min(chunk.count, 32768))
                }
            }
            guard written > 0 else {
                _ = sous_sftp_close(handle)
                throw failure("writing \(path) failed after \(offset) bytes: \(sftpError(sftp))", nil)
            }
            offset += written
        }
        // The mode given at open is cut by the server's umask; set it exactly.
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        attributes.flags = UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS)
        attributes.permissions = UInt(mode)
        let status = sous_sftp_fsetstat(handle, &attributes)
        _ = sous_sftp_close(handle)
        guard status == 0 else { throw failure("cannot set the mode of \(path): \(sftpError(sftp))", nil) }
    }

    /// A whole file's bytes; nil when it does not exist.
    public func download(_ path: String) throws -> [UInt8]? {
        let sftp = try sftpSession()
        guard let handle = sous_sftp_open(sftp, path, UInt(LIBSSH2_FXF_READ), 0) else {
            if libssh2_sftp_last_error(sftp) == LIBSSH2_FX_NO_SUCH_FILE { return nil }
            throw failure("cannot read \(path): \(sftpError(sftp))", nil)
        }
        defer { _ = sous_sftp_close(handle) }
        var bytes: [UInt8] = []
        var buffer = [CChar](repeating: 0, count: 32768)
        while true {
            let count = libssh2_sftp_read(handle, &buffer, buffer.count)
            if count == 0 { break }
            guard count > 0 else { throw failure("reading \(path) failed: \(sftpError(sftp))", nil) }
            bytes += buffer.prefix(count).map { UInt8(bitPattern: $0) }
        }
        return bytes
    }

    /// Deletes a file; false when there was none.
    @discardableResult
    public func deleteFile(_ path: String) throws -> Bool {
        let sftp = try sftpSession()
        guard sous_sftp_unlink(sftp, path) == 0 else {
            if libssh2_sftp_last_error(sftp) == LIBSSH2_FX_NO_SUCH_FILE { return false }
            throw failure("cannot delete \(path): \(sftpError(sftp))", nil)
        }
        return true
    }

    /// A file's permission bits; nil when it does not exist.
    public func fileMode(_ path: String) throws -> Int32? {
        let sftp = try sftpSession()
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        guard sous_sftp_stat(sftp, path, &attributes) == 0 else {
            if libssh2_sftp_last_error(sftp) == LIBSSH2_FX_NO_SUCH_FILE { return nil }
            throw failure("cannot look at \(path): \(sftpError(sftp))", nil)
        }
        return Int32(attributes.permissions & 0o7777)
    }

    /// Makes a folder and those above it that are missing (`mkdir -p`), over SFTP: a command
    /// would cost the machine a process and a shell.
    public func makeDirectories(_ path: String, mode: Int32 = 0o755) throws {
        let sftp = try sftpSession()
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        if sous_sftp_stat(sftp, path, &attributes) == 0 {
            guard attributes.permissions & UInt(LIBSSH2_SFTP_S_IFMT) == UInt(LIBSSH2_SFTP_S_IFDIR) else {
                throw failure("cannot make the folder \(path): a file is in the way", nil)
            }
            return
        }
        if let parentEnd = path.lastIndex(of: "/"), parentEnd != path.startIndex {
            try makeDirectories(String(path[..<parentEnd]), mode: mode)
        }
        guard sous_sftp_mkdir(sftp, path, Int(mode)) == 0 else {
            // Made meanwhile by someone else is as good as made.
            if sous_sftp_stat(sftp, path, &attributes) == 0 { return }
            throw failure("cannot make the folder \(path): \(sftpError(sftp))", nil)
        }
    }

    /// The connection's SFTP channel, opened on first use and kept: each new one would cost
    /// the machine a process.
    private func sftpSession() throws -> OpaquePointer {
        try requireOpen()
        if let sftp { return sftp }
        guard let opened = libssh2_sftp_init(session) else {
            throw failure("cannot start SFTP: \(lastError())", "is the sftp subsystem enabled in the machine's sshd_config?")
        }
        sftp = opened
        return opened
    }

    private func sftpError(_ sftp: OpaquePointer) -> String {
        switch libssh2_sftp_last_error(sftp) {
        case LIBSSH2_FX_NO_SUCH_FILE: return "no such file or directory"
        case LIBSSH2_FX_PERMISSION_DENIED: return "permission denied"
        case LIBSSH2_FX_FAILURE: return "the server reported a failure (is the folder there?)"
        case 0: return lastError()
        case let code: return "SFTP error \(code)"
        }
    }
}
