#if canImport(Glibc)
import Glibc
#endif

/// Changes under a set of folders, through inotify: files written, created, moved or
/// deleted, in every folder below (folders made later included). Editors' scratch files
/// (`.x.swp`, `x~`, vim's `4913`) are left out.
public final class FileChangeWatcher {
    private let descriptor: Int32
    private var folders: [Int32: String] = [:]

    public init(roots: [String]) throws {
        descriptor = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        guard descriptor >= 0 else { throw Self.failure("inotify_init1", roots.first ?? "") }
        for root in roots where FileSystem.kind(root) == .directory { try watchTree(root) }
    }

    deinit { close(descriptor) }

    /// The kernel's inotify limits fail with codes whose usual text misleads ("No space left
    /// on device" for too many watches): those say which limit, and how to raise it.
    static func failure(_ call: String, _ folder: String) -> Error {
        let code = errno
        switch code {
        case ENOSPC: return WatchLimitReached(folder: folder, limit: "fs.inotify.max_user_watches", what: "folders watched")
        case EMFILE: return WatchLimitReached(folder: folder, limit: "fs.inotify.max_user_instances", what: "inotify instances")
        default: return SystemCallFailure(call, folder, code: code)
        }
    }

    struct WatchLimitReached: UserFacingError {
        let folder: String
        let limit: String
        let what: String

        var description: String {
            "cannot watch \(folder): this user has reached the system's limit of \(what) (\(limit)); "
                + "raise it (sysctl -w \(limit)=524288) or stop other programs that watch files"
        }
    }

    private static let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_MOVED_FROM) | UInt32(IN_CREATE) | UInt32(IN_DELETE)

    private func watchTree(_ folder: String) throws {
        let watch = inotify_add_watch(descriptor, folder, Self.mask)
        guard watch >= 0 else { throw Self.failure("inotify_add_watch", folder) }
        folders[watch] = folder
        for name in (try? FileSystem.list(folder)) ?? [] where !name.hasPrefix(".") {
            let path = folder + "/" + name
            if FileSystem.kind(path) == .directory { try watchTree(path) }
        }
    }

    /// Waits up to `timeout` seconds for changes, then gathers every change that follows
    /// within `quiet` seconds of the one before (several saves make one batch; bounded to
    /// `timeout + 2` seconds in all). Returns the changed paths, sorted; empty when none came.
    public func next(timeout: Double, quiet: Double = 0.15) -> [String] {
        var batch = Batch()
        guard wait(timeout) else { return [] }
        let deadline = MonotonicClock.seconds() + 2
        repeat {
            drain(into: &batch)
        } while MonotonicClock.seconds() < deadline && wait(quiet)
        return batch.changed.sorted()
    }

    /// The paths a batch changed. A file made and moved away or deleted within the batch (the
    /// temporary file `sed -i` or an editor writes, then renames) changed nothing.
    private struct Batch {
        var changed: Set<String> = []
        var made: Set<String> = []

        mutating func note(_ path: String, mask: UInt32) {
            if mask & UInt32(IN_CREATE) != 0 { made.insert(path) }
            if mask & (UInt32(IN_MOVED_FROM) | UInt32(IN_DELETE)) != 0 && made.contains(path) {
                changed.remove(path)
                return
            }
            changed.insert(path)
        }
    }

    private func wait(_ seconds: Double) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, Int32(seconds * 1000)) > 0
    }

    private func drain(into batch: inout Batch) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            var offset = 0
            // struct inotify_event: wd, mask, cookie, len, then len bytes of NUL-padded name.
            while offset + 16 <= count {
                let field = { (at: Int) -> UInt32 in
                    UInt32(buffer[at]) | UInt32(buffer[at + 1]) << 8 | UInt32(buffer[at + 2]) << 16 | UInt32(buffer[at + 3]) << 24
                }
                let watch = Int32(bitPattern: field(offset)), mask = field(offset + 4), length = Int(field(offset + 12))
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset += 16 + length
                guard let folder = folders[watch], !name.isEmpty, !Self.isScratch(name) else { continue }
                let path = folder + "/" + name
                if mask & UInt32(IN_ISDIR) != 0 {
                    if mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0 { try? watchTree(path) }
                    continue
                }
                batch.note(path, mask: mask)
            }
        }
    }

    static func isScratch(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name == "4913"
    }
}
