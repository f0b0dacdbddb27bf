#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// The real world for the recipe language: this process's streams, environment, files,
/// clock and shell.
public final class ProcessHost: Host {
    private let digests: (String, [UInt8]) -> [UInt8]?

    /// `digests` computes Ruby's digests by name (`SHA256`); the bottom layer has no crypto
    /// of its own, so the command line passes OpenSSL's, and a host without it has none.
    public init(digests: @escaping (String, [UInt8]) -> [UInt8]? = { _, _ in nil }) {
        self.digests = digests
    }

    public func writeOutput(_ text: String) {
        fputs(text, sous_standard_output())
    }

    public func writeError(_ text: String) {
        fflush(sous_standard_output())
        fputs(text, sous_standard_error())
    }

    public func flush() {
        fflush(sous_standard_output())
        fflush(sous_standard_error())
    }

    public func environmentVariable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    public func setEnvironmentVariable(_ name: String, _ value: String?) {
        if let value { setenv(name, value, 1) } else { unsetenv(name) }
    }

    public func environment() -> [(String, String)] {
        var result: [(String, String)] = []
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
            }
            pointer += 1
        }
        return result
    }

    private func failure(_ path: String, _ operation: String, code: Int32 = errno) -> HostError {
        let reason: HostError.Reason
        switch code {
        case ENOENT: reason = .notFound
        case EACCES, EPERM: reason = .permissionDenied
        case EISDIR: reason = .isDirectory
        case EEXIST: reason = .exists
        case ENOTDIR: reason = .notDirectory
        default: reason = .other
        }
        return HostError(reason, path: path, operation: operation)
    }

    public func readFile(_ path: String) throws -> [UInt8] {
        do {
            return try FileSystem.read(path)
        } catch let failure as SystemCallFailure {
            throw self.failure(path, failure.operation, code: failure.code)
        }
    }

    public func digest(_ algorithm: String, _ bytes: [UInt8]) -> [UInt8]? {
        digests(algorithm, bytes)
    }

    public func readRegularFile(_ path: String, limit: Int) throws -> [UInt8] {
        do {
            return try FileSystem.readRegularFile(path, limit: limit)
        } catch let failure as SystemCallFailure {
            throw self.failure(path, failure.operation, code: failure.code)
        } catch let refusal as FileRefusal {
            throw HostError(.refused(refusal.reason), path: path, operation: "read")
        }
    }

    public func writeFile(_ path: String, _ bytes: [UInt8], append: Bool) throws {
        let flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw failure(path, "open") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(path, "write")
            }
            offset += written
        }
    }

    public func fileKind(_ path: String) -> FileKind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    public func fileStatus(_ path: String, followLinks: Bool) -> FileStatus? {
        FileSystem.status(path, followLinks: followLinks)
    }

    public func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    public func listDirectory(_ path: String) throws -> [String] {
        do {
            return try FileSystem.list(path)
        } catch let failure as SystemCallFailure {
            throw self.failure(path, failure.operation, code: failure.code)
        }
    }

    public func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else { throw failure(path, "mkdir") }
    }

    public func removeFile(_ path: String) throws {
        if fileKind(path) == .directory {
            guard rmdir(path) == 0 else { throw failure(path, "rmdir") }
        } else {
            guard unlink(path) == 0 else { throw failure(path, "unlink") }
        }
    }

    public func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(cBuffer: buffer)
    }

    public func homeDirectory() -> String {
        environmentVariable("HOME") ?? "/"
    }

    public func now() -> (seconds: Double, utcOffset: Int) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let seconds = Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        return (seconds, localUTCOffset(at: seconds))
    }

    public func localUTCOffset(at seconds: Double) -> Int {
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        localtime_r(&time, &parts)
        return Int(parts.tm_gmtoff)
    }

    public func sleep(seconds: Double) { Pause.seconds(seconds) }

    public func runShell(_ command: String) -> (output: String, status: Int32) {
        flush()
        guard let pipe = popen(command, "r") else { return ("", 127) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, pipe)
            if count == 0 { break }
            output.append(contentsOf: chunk[0..<count])
        }
        let status = pclose(pipe)
        let exitCode = (status >> 8) & 0xFF
        return (String(decoding: output, as: UTF8.self), exitCode)
    }
}

extension Host {
    /// A path from the command line made absolute against the current folder.
    /// `path` from the current folder, without `.` components (`.` is the folder itself).
    public func absolutePath(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : currentDirectory() + "/" + path
        guard full.contains("/.") else { return full }
        let kept = full.split(separator: "/", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset == 0 || $0.element != "." }.map(\.element)
        let joined = kept.joined(separator: "/")
        return joined.isEmpty ? "/" : joined
    }
}
