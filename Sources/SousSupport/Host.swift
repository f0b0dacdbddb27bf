/// Everything the language touches outside itself: output, environment, files, clock and
/// shell. The interpreter has no I/O of its own, so tests and the converge engine can give
/// it whatever world they need; the command line gives it the real one.
public protocol Host: AnyObject {
    func writeOutput(_ text: String)
    func writeError(_ text: String)
    func flush()

    func environmentVariable(_ name: String) -> String?
    func setEnvironmentVariable(_ name: String, _ value: String?)
    func environment() -> [(String, String)]

    func readFile(_ path: String) throws -> [UInt8]
    /// A file that must be a regular file of at most `limit` bytes (a key, a config file,
    /// a certificate): a FIFO or a device such as /dev/zero is refused at once.
    func readRegularFile(_ path: String, limit: Int) throws -> [UInt8]
    func writeFile(_ path: String, _ bytes: [UInt8], append: Bool) throws
    func fileKind(_ path: String) -> FileKind?
    /// What `stat` (or, with `followLinks` false, `lstat`) says of a path; nil when it is not there.
    func fileStatus(_ path: String, followLinks: Bool) -> FileStatus?
    /// Whether this process may execute the file (`access(X_OK)`).
    func isExecutable(_ path: String) -> Bool
    func listDirectory(_ path: String) throws -> [String]
    func makeDirectory(_ path: String) throws
    func removeFile(_ path: String) throws
    func currentDirectory() -> String
    func homeDirectory() -> String

    /// Seconds since the epoch, and the local offset from UTC in seconds.
    func now() -> (seconds: Double, utcOffset: Int)
    func localUTCOffset(at seconds: Double) -> Int
    func sleep(seconds: Double)

    /// Runs a shell command (for backticks and `system`), returning its output and status.
    func runShell(_ command: String) -> (output: String, status: Int32)

    /// The digest of `bytes` by Ruby's name for it (`MD5`, `SHA1`, `SHA256`, `SHA384`,
    /// `SHA512`); nil when this host has none.
    func digest(_ algorithm: String, _ bytes: [UInt8]) -> [UInt8]?
}

extension Host {
    public func digest(_ algorithm: String, _ bytes: [UInt8]) -> [UInt8]? { nil }
    public func fileStatus(_ path: String, followLinks: Bool) -> FileStatus? { nil }
    public func isExecutable(_ path: String) -> Bool { false }
}


public enum FileKind {
    case file, directory, other
}

/// A failure from the host, carrying the errno-style reason Ruby would report.
/// A file operation the host could not do. Its description is the C library's wording;
/// the caller names the path.
public struct HostError: Error, CustomStringConvertible {
    public enum Reason: CustomStringConvertible, Sendable {
        case notFound, permissionDenied, isDirectory, exists, notDirectory, other
        /// Not read on purpose: not a regular file, or over the size such a file can be.
        case refused(String)

        /// The C library's wording, which Ruby's Errno messages also use.
        public var description: String {
            switch self {
            case .notFound: return "No such file or directory"
            case .permissionDenied: return "Permission denied"
            case .isDirectory: return "Is a directory"
            case .exists: return "File exists"
            case .notDirectory: return "Not a directory"
            case .other: return "Input/output error"
            case .refused(let why): return why
            }
        }
    }

    public let reason: Reason
    public let path: String
    public let operation: String

    public init(_ reason: Reason, path: String, operation: String) {
        self.reason = reason
        self.path = path
        self.operation = operation
    }

    public var description: String { reason.description }
}
