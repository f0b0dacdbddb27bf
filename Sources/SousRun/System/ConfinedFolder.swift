#if canImport(Glibc)
import Glibc
#endif
import CSystem
import SousSupport

/// A folder whose contents someone else controls — a local machine's files, seen from the
/// host. Every path is opened beneath it with `openat2` and no symbolic link on the way is
/// followed, so a link planted inside (`/etc/ssh -> /tmp/x`, or one pointing out of the
/// folder) cannot turn a write, read or mount made here into one elsewhere on the host.
/// The folder's own path is trusted: it is the caller's.
public final class ConfinedFolder {
    public let path: String
    /// Who the folder's contents belong to, for messages ("machine web1").
    public let owner: String
    /// A descriptor of the folder itself.
    public let descriptor: Int32
    /// Files read from inside are at most this big: their content is someone else's.
    public static let readLimit = 1 << 20

    public init(_ path: String, owner: String) throws {
        self.path = path
        self.owner = owner
        descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemCallFailure("open", path) }
    }

    deinit {
        close(descriptor)
    }

    /// A path inside that goes through a symbolic link, or is not what it must be.
    public struct Refusal: UserFacingError {
        public let description: String
    }

    /// Opens `relative` beneath the folder (no link followed); a descriptor the caller closes.
    public func open(_ relative: String, flags: Int32, mode: UInt32 = 0) throws -> Int32 {
        let fd = sous_open_beneath(descriptor, relative.isEmpty ? "." : relative, flags, mode)
        guard fd < 0 else { return fd }
        let code = errno
        // A link where a folder is expected reads as ENOTDIR: it is a link all the same.
        if code == ELOOP || code == EXDEV || (code == ENOTDIR && firstLink(relative) != nil) { throw linkRefusal(relative) }
        throw SystemCallFailure("open", inside(relative), code: code)
    }

    /// The content of a regular file inside; nil when there is none.
    public func read(_ relative: String) throws -> [UInt8]? {
        let fd: Int32
        do {
            fd = try open(relative, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        } catch let failure as SystemCallFailure where failure.code == ENOENT {
            return nil
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw Refusal(description: "\(owner): \(inside(relative)) is not a regular file")
        }
        guard Int(info.st_size) <= Self.readLimit else {
            throw Refusal(description: "\(owner): \(inside(relative)) is \(info.st_size) bytes, over the \(Self.readLimit) sous reads")
        }
        return try FileSystem.readAll(fd, path: inside(relative), limit: Self.readLimit)
    }

    /// Makes `relative` and the folders above it, each beneath the last; a link on the way
    /// is refused.
    public func makeDirectories(_ relative: String, mode: UInt32 = 0o755) throws {
        var current = dup(descriptor)
        defer { close(current) }
        var walked = ""
        for part in relative.split(separator: "/").map(String.init) where part != "." {
            walked += (walked.isEmpty ? "" : "/") + part
            if mkdirat(current, part, mode_t(mode)) != 0 && errno != EEXIST { throw SystemCallFailure("mkdir", inside(walked)) }
            let next = sous_open_beneath(current, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0)
            guard next >= 0 else {
                let code = errno
                if code == ELOOP || code == EXDEV { throw linkRefusal(walked) }
                if code == ENOTDIR {
                    var info = stat()
                    if fstatat(current, part, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFLNK { throw linkRefusal(walked) }
                    throw Refusal(description: "\(owner): \(inside(walked)) is not a folder")
                }
                throw SystemCallFailure("open", inside(walked), code: code)
            }
            close(current)
            current = next
        }
    }

    /// Replaces a file inside atomically (a temporary file renamed over it, which replaces a
    /// link rather than writing through it), with `mode`.
    public func write(_ relative: String, _ bytes: [UInt8], mode: UInt32) throws {
        let folder = FileSystem.dirname(of: relative)
        let name = FileSystem.basename(of: relative)
        let parent = try open(folder == "." ? "" : folder, flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        defer { close(parent) }
        let temporary = ".sous-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = openat(parent, temporary, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemCallFailure("open", inside(relative)) }
        do {
            defer { close(fd) }
            try FileSystem.writeAll(fd, bytes, path: inside(relative))
            guard fchmod(fd, mode_t(mode)) == 0 else { throw SystemCallFailure("chmod", inside(relative)) }
            guard fsync(fd) == 0 || errno == EINVAL else { throw SystemCallFailure("fsync", inside(relative)) }
        } catch {
            unlinkat(parent, temporary, 0)
            throw error
        }
        guard renameat(parent, temporary, parent, name) == 0 else {
            let code = errno
            unlinkat(parent, temporary, 0)
            throw SystemCallFailure("rename", inside(relative), code: code)
        }
    }

    /// Writes only when the content differs (or the mode does).
    @discardableResult
    public func writeIfDifferent(_ relative: String, _ bytes: [UInt8], mode: UInt32) throws -> Bool {
        if try read(relative) == bytes, let fd = try? open(relative, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK) {
            var info = stat()
            let same = fstat(fd, &info) == 0 && UInt32(info.st_mode) & 0o7777 == mode
            close(fd)
            if same { return false }
        }
        try write(relative, bytes, mode: mode)
        return true
    }

    /// The path as the folder's owner sees it (`/etc/ssh`).
    func inside(_ relative: String) -> String { "/" + relative }

    /// The first symbolic link on the way to `relative` and where it points; nil when none is.
    func firstLink(_ relative: String) -> (path: String, target: String)? {
        var walked = ""
        for part in relative.split(separator: "/").map(String.init) {
            walked += (walked.isEmpty ? "" : "/") + part
            var buffer = [CChar](repeating: 0, count: 4097)
            let count = readlinkat(descriptor, walked, &buffer, 4096)
            if count >= 0 {
                buffer[count] = 0
                return (walked, String(cBuffer: buffer))
            }
        }
        return nil
    }

    /// Names the first link on the way to `relative`, and where it points.
    func linkRefusal(_ relative: String) -> Refusal {
        guard let link = firstLink(relative) else {
            return Refusal(description: "\(owner): \(inside(relative)) leads out of \(path), and sous does not follow it")
        }
        return Refusal(description: "\(owner): \(inside(link.path)) is a symbolic link (to \(link.target)); "
            + "sous does not follow links in files it does not own. Remove the link (\(path)/\(link.path)) and run again")
    }
}
