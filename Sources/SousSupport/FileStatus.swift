#if canImport(Glibc)
import Glibc
#endif

/// What `lstat` (or `stat`) says about a path: what resources compare against, and what
/// `File.stat` shows a recipe.
public struct FileStatus: Sendable {
    public enum Kind: Sendable { case file, directory, symlink, other }
    public let kind: Kind
    /// Permission bits only (`0o644`).
    public let mode: UInt32
    public let owner: UInt32
    public let group: UInt32
    public let size: Int
    public let modified: timespec
    public let accessed: timespec
    public let changed: timespec
    public let inode: UInt
    public let device: UInt
    public let links: UInt

    public init(kind: Kind, mode: UInt32, owner: UInt32, group: UInt32, size: Int, modified: timespec, accessed: timespec,
                changed: timespec, inode: UInt, device: UInt, links: UInt) {
        self.kind = kind
        self.mode = mode
        self.owner = owner
        self.group = group
        self.size = size
        self.modified = modified
        self.accessed = accessed
        self.changed = changed
        self.inode = inode
        self.device = device
        self.links = links
    }

    /// `st_mode` as `stat` gives it: the file type bits with the permission bits.
    public var typeAndMode: UInt32 {
        switch kind {
        case .file: return UInt32(S_IFREG) | mode
        case .directory: return UInt32(S_IFDIR) | mode
        case .symlink: return UInt32(S_IFLNK) | mode
        case .other: return mode
        }
    }

    public static func seconds(_ time: timespec) -> Double { Double(time.tv_sec) + Double(time.tv_nsec) / 1e9 }
}
