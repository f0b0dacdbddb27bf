import Foundation

/// Runs a program to completion and captures what it printed, for tests that check the
/// built `sous` binary and the reference `ruby` side by side.
struct ProcessResult {
    var stdout: String
    var stderr: String
    var status: Int32
}

enum ProcessRunner {
    /// Foundation's Process.run crashed (a bad pointer in its memcpy) when tests launched
    /// processes on several threads at once; launches go one at a time.
    private static let launchLock = NSLock()

    static func launch(_ process: Process) throws {
        launchLock.lock()
        defer { launchLock.unlock() }
        try process.run()
    }

    /// Every run is bounded: a program still running after `timeout` seconds is killed and
    /// the test fails rather than hanging the suite.
    static func run(_ executable: String, _ arguments: [String], directory: URL? = nil,
                    input: String? = nil, environment: [String: String] = [:],
                    timeout: TimeInterval = 60) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin

        // Drain both pipes while the program runs so that a chatty program never blocks on a
        // full pipe.
        let group = DispatchGroup()
        let out = Collected(), err = Collected()
        for (pipe, sink) in [(stdout, out), (stderr, err)] {
            group.enter()
            DispatchQueue.global().async {
                sink.data = readToEnd(pipe.fileHandleForReading.fileDescriptor)
                group.leave()
            }
        }

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try launch(process)
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
            group.wait()
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "), seconds: timeout)
        }
        group.wait()
        return ProcessResult(stdout: String(decoding: out.data, as: UTF8.self),
                             stderr: String(decoding: err.data, as: UTF8.self),
                             status: process.terminationStatus)
    }

    /// Everything until end of file, read with read(2) and retried on EINTR: Foundation's
    /// readDataToEndOfFile traps when a signal interrupts it.
    private static func readToEnd(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
    }

    /// One pipe's bytes; written by its reader before `group.leave()`, read after `wait()`.
    private final class Collected: @unchecked Sendable {
        var data = Data()
    }

    struct TimedOut: Error, CustomStringConvertible {
        var command: String
        var seconds: TimeInterval
        var description: String { "\(command) still running after \(Int(seconds)) s; killed" }
    }
}

/// Where the package, its fixtures and the built binary are.
enum TestPaths {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures")

    /// The `sous` binary under test: `SOUS_BIN` (set by `make test`), else the debug build.
    static var sous: String {
        if let path = ProcessInfo.processInfo.environment["SOUS_BIN"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/debug/sous").path
    }

    /// A fresh, empty directory for one test; the caller removes it.
    static func makeScratchDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sous-test-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
