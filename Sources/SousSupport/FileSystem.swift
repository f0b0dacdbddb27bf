#if canImport(Glibc)
import Glibc
#endif

/// A failed system call on a path, with the errno text (`No such file or directory`).
public struct SystemCallFailure: UserFacingError {
    public let operation: String
    public let path: String
    public let code: Int32

    public init(_ operation: String, _ path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    /// The path is not there (`ENOENT`).
    public var isNotFound: Bool { code == ENOENT }
    /// Ruby's class for it: `Errno::ENOENT`.
    public var errorClass: String {
        switch code {
        case ENOENT: return "Errno::ENOENT"
        case EACCES: return "Errno::EACCES"
        case EPERM: return "Errno::EPERM"
        case EEXIST: return "Errno::EEXIST"
        case EISDIR: return "Errno::EISDIR"
        case ENOTDIR: return "Errno::ENOTDIR"
        case ENOTEMPTY: return "Errno::ENOTEMPTY"
        default: return "SystemCallError"
        }
    }
}

/// A file refused before it is read: not a regular file, or too big for what it is.
public struct FileRefusal: UserFacingError {
    public let path: String
    public let reason: String
    public var description: String { "\(path) \(reason)" }
}

/// The system calls resources make on this machine. Plain POSIX, so what sous does is
/// exactly what a shell would do.
public enum FileSystem {
    public static func status(_ path: String, followLinks: Bool = false) -> FileStatus? {
        var info = stat()
        guard (followLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        let kind: FileStatus.Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        return FileStatus(kind: kind, mode: UInt32(info.st_mode) & 0o7777, owner: info.st_uid, group: info.st_gid,
                          size: Int(info.st_size), modified: info.st_mtim, accessed: info.st_atim, changed: info.st_ctim,
                          inode: UInt(info.st_ino), device: UInt(info.st_dev), links: UInt(info.st_nlink))
    }

    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallFailure("open", path) }
        defer { close(fd) }
        return try readAll(fd, path: path, limit: Int.max)
    }

    /// A file that must be a regular file of at most `limit` bytes (a key, a config file):
    /// a FIFO, a device such as /dev/zero or a folder is refused at once instead of read
    /// until memory runs out or waited on forever.
    public static func readRegularFile(_ path: String, limit: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw SystemCallFailure("open", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemCallFailure("stat", path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FileRefusal(path: path, reason: "is not a regular file (\(kindName(info.st_mode)))")
        }
        guard Int(info.st_size) <= limit else {
            throw FileRefusal(path: path, reason: "is \(info.st_size) bytes, more than the \(limit) such a file can be")
        }
        return try readAll(fd, path: path, limit: limit)
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a file"
        }
    }

    /// Everything `fd` gives until its end, refusing more than `limit` bytes.
    public static func readAll(_ fd: Int32, path: String, limit: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = Glibc.read(fd, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemCallFailure("read", path)
            }
            if count == 0 { return result }
            guard result.count + count <= limit else {
                throw FileRefusal(path: path, reason: "holds more than the \(limit) bytes such a file can be")
            }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    /// A file that is there and not empty (a key pair half made by a killed run is neither).
    public static func isNonEmptyFile(_ path: String) -> Bool {
        guard let info = status(path), info.kind == .file else { return false }
        return info.size > 0
    }

    /// What is at `path`, following symbolic links (a link to a folder is a folder); nil
    /// when nothing is.
    public static func kind(_ path: String) -> FileStatus.Kind? {
        status(path, followLinks: true)?.kind
    }

    /// Why a read or write failed, without the path, for messages that name the path
    /// themselves: the C library's wording (`No such file or directory`) or the refusal
    /// (`is not a regular file (a FIFO)`).
    public static func reason(_ error: Error) -> String {
        switch error {
        case let failure as SystemCallFailure: return String(cString: strerror(failure.code))
        case let refusal as FileRefusal: return refusal.reason
        default: return "\(error)"
        }
    }

    /// Adds `bytes` at the end of a file, made mode 0644 if it is not there (a log file).
    public static func append(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemCallFailure("open", path) }
        defer { close(fd) }
        try writeAll(fd, bytes, path: path)
    }

    /// A file's content as UTF-8 text; nil when it cannot be read (missing, a process gone).
    public static func text(_ path: String) -> String? {
        (try? read(path)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes a whole file through a descriptor opened with `flags`.
    private static func write(_ bytes: [UInt8], to path: String, flags: Int32, mode: mode_t) throws {
        let fd = open(path, flags | O_WRONLY | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SystemCallFailure("open", path) }
        defer { close(fd) }
        try writeAll(fd, bytes, path: path)
        guard fsync(fd) == 0 || errno == EINVAL else { throw SystemCallFailure("fsync", path) }
    }

    /// All of `bytes` to `fd`, however many writes that takes.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemCallFailure("write", path)
            }
            offset += written
        }
    }

    /// Replaces a file's content atomically: a temporary file in the same folder, given the
    /// old file's mode and owner, renamed over it. Readers see the old or the new content,
    /// never half of it.
    public static func replaceAtomically(_ path: String, with bytes: [UInt8], defaultMode: UInt32) throws {
        let folder = dirname(of: path)
        let temporary = "\(folder)/.sous-\(basename(of: path))-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let old = status(path, followLinks: true)
        do {
            try write(bytes, to: temporary, flags: O_CREAT | O_EXCL, mode: 0o600)
            try changeMode(temporary, old?.mode ?? defaultMode)
            if let old, old.owner != getuid() || old.group != getgid() {
                try changeOwner(temporary, owner: old.owner, group: old.group)
            }
            guard rename(temporary, path) == 0 else { throw SystemCallFailure("rename", path) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Writes a secret (a private key): its folder made, the content replaced atomically, and
    /// the mode 0600 whatever the file had before.
    public static func writeSecret(_ path: String, _ bytes: [UInt8]) throws {
        try makeDirectories(dirname(of: path))
        try replaceAtomically(path, with: bytes, defaultMode: 0o600)
        try changeMode(path, 0o600)
    }

    /// Writes in place (through a symbolic link, which replacing would cut), making the file
    /// with the umask's permissions if it is not there.
    public static func overwrite(_ path: String, with bytes: [UInt8]) throws {
        try write(bytes, to: path, flags: O_CREAT | O_TRUNC, mode: 0o666)
    }

    public static func createEmptyFile(_ path: String, mode: UInt32) throws {
        try write([], to: path, flags: O_CREAT | O_EXCL, mode: mode_t(mode))
        try changeMode(path, mode)
    }

    public static func changeMode(_ path: String, _ mode: UInt32) throws {
        guard chmod(path, mode_t(mode)) == 0 else { throw SystemCallFailure("chmod", path) }
    }

    public static func changeOwner(_ path: String, owner: UInt32?, group: UInt32?, followLinks: Bool = true) throws {
        let uid = owner.map { uid_t($0) } ?? uid_t.max
        let gid = group.map { gid_t($0) } ?? gid_t.max
        guard (followLinks ? chown(path, uid, gid) : lchown(path, uid, gid)) == 0 else { throw SystemCallFailure("chown", path) }
    }

    public static func remove(_ path: String) throws {
        guard unlink(path) == 0 else { throw SystemCallFailure("unlink", path) }
    }

    public static func removeDirectory(_ path: String) throws {
        guard rmdir(path) == 0 else { throw SystemCallFailure("rmdir", path) }
    }

    /// Removes a folder and everything in it. Each entry is opened beneath the one above it
    /// and links are removed, never followed, so what the tree holds (a machine's files, with
    /// links it made) cannot send the removal elsewhere.
    public static func removeTree(_ path: String) throws {
        guard let info = status(path) else { return }
        if info.kind != .directory { return try remove(path) }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallFailure("open", path) }
        try removeContents(of: fd, path: path)
        try removeDirectory(path)
    }

    /// Empties the folder open as `fd` (closed here).
    private static func removeContents(of fd: Int32, path: String) throws {
        guard let directory = fdopendir(fd) else {
            close(fd)
            throw SystemCallFailure("opendir", path)
        }
        defer { closedir(directory) }
        for name in entries(of: directory) {
            let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0 {
                try removeContents(of: child, path: "\(path)/\(name)")
                guard unlinkat(fd, name, AT_REMOVEDIR) == 0 || errno == ENOENT else { throw SystemCallFailure("rmdir", "\(path)/\(name)") }
            } else {
                guard unlinkat(fd, name, 0) == 0 || errno == ENOENT else { throw SystemCallFailure("unlink", "\(path)/\(name)") }
            }
        }
    }

    public static func makeDirectory(_ path: String, mode: UInt32 = 0o755) throws {
        guard mkdir(path, mode_t(mode)) == 0 else { throw SystemCallFailure("mkdir", path) }
    }

    /// A folder's entries in the order the system gives them (as Ruby's Dir.children does).
    /// Makes a folder and any missing folders above it (`mkdir -p`). One made meanwhile by
    /// another thread or process is as good as made here.
    public static func makeDirectories(_ path: String, mode: UInt32 = 0o755) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/\(part)"
            guard status(current, followLinks: true) == nil else { continue }
            guard mkdir(current, mode_t(mode)) == 0 || (errno == EEXIST && status(current, followLinks: true)?.kind == .directory) else {
                throw SystemCallFailure("mkdir", current)
            }
        }
    }

    public static func list(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else { throw SystemCallFailure("opendir", path) }
        defer { closedir(directory) }
        return entries(of: directory)
    }

    /// The names in an open folder, without `.` and `..`.
    private static func entries(of directory: OpaquePointer) -> [String] {
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public static func makeSymlink(_ path: String, to target: String) throws {
        guard symlink(target, path) == 0 else { throw SystemCallFailure("symlink", path) }
    }

    public static func makeHardLink(_ path: String, to target: String) throws {
        guard link(target, path) == 0 else { throw SystemCallFailure("link", path) }
    }

    public static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink(path, &buffer, 4096)
        guard count >= 0 else { return nil }
        buffer[count] = 0
        return String(cBuffer: buffer)
    }

    /// Sets the access and modification times to now.
    public static func touch(_ path: String) throws {
        guard utimensat(AT_FDCWD, path, nil, 0) == 0 else { throw SystemCallFailure("utime", path) }
    }

    public static func dirname(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func basename(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The process umask, read without changing it for long.
    public static var umask: UInt32 {
        let current = Glibc.umask(0o022)
        _ = Glibc.umask(current)
        return UInt32(current)
    }

    public static func userID(_ name: String) -> UInt32? {
        if let number = UInt32(name) { return number }
        guard let entry = getpwnam(name) else { return nil }
        return entry.pointee.pw_uid
    }

    public static func groupID(_ name: String) -> UInt32? {
        if let number = UInt32(name) { return number }
        guard let entry = getgrnam(name) else { return nil }
        return entry.pointee.gr_gid
    }

    public static func userName(_ id: UInt32) -> String {
        guard let entry = getpwuid(id) else { return String(id) }
        return String(cString: entry.pointee.pw_name)
    }

    public static func groupName(_ id: UInt32) -> String {
        guard let entry = getgrgid(id) else { return String(id) }
        return String(cString: entry.pointee.gr_name)
    }
}
