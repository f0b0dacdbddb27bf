#if canImport(Glibc)
import Glibc
#endif
import SousSupport

/// sous's version, for `sous version` and the client's banner, and where this binary is.
public enum SousInfo {
    public static let version = "0.1.0"
    /// The Chef Infra Client release whose recipes, resources and attributes sous follows.
    public static let chefVersion = "18.0.169"

    /// This running sous binary: copied to machines to converge them, and started as a
    /// local machine's init.
    public static var executablePath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(cBuffer: buffer) : "/proc/self/exe"
    }
}
