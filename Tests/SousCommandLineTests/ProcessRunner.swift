import CSystem
import Foundation
import SousRun
import SousSupport

/// Runs a program to completion and captures what it printed, for tests that check the
/// built `sous` binary and the reference `ruby` side by side.
struct ProcessResult {
    var stdout: String
    var stderr: String
    var status: Int32
}

enum ProcessRunner {
    /// Every run is bounded: a program still running after `timeout` seconds is killed and
    /// the test fails rather than hanging the suite. Runs on posix_spawn (sous's own
    /// CommandRunner): Foundation's Process.run crashed in its memcpy under this suite.
    static func run(_ executable: String, _ arguments: [String], directory: URL? = nil,
                    input: String? = nil, environment: [String: String] = [:],
                    timeout: TimeInterval = 60) throws -> ProcessResult {
        var options = CommandOptions()
        options.directory = directory?.path
        options.environment = environment
        options.timeout = timeout
        options.input = input.map { Array($0.utf8) }
        let result = try CommandRunner.run(.arguments([executable] + arguments), options: options)
        if result.timedOut { throw TimedOut(command: ([executable] + arguments).joined(separator: " "), seconds: timeout) }
        return ProcessResult(stdout: result.output, stderr: result.errorOutput, status: result.status)
    }

    /// Starts a program in the background (a server, an agent, a watcher): standard streams
    /// on /dev/null, nothing else of this process passed on. Stop it with `stop`.
    static func start(_ executable: String, _ arguments: [String], directory: String? = nil,
                      environment: [String: String] = [:]) throws -> BackgroundProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let directory { sous_spawn_add_chdir(&actions, directory) }
        for descriptor in Int32(0)...2 {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        sous_spawn_add_closefrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw ChefServerFixture.FixtureError(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return BackgroundProcess(pid: pid)
    }

    struct TimedOut: Error, CustomStringConvertible {
        var command: String
        var seconds: TimeInterval
        var description: String { "\(command) still running after \(Int(seconds)) s; killed" }
    }
}

/// A program started by `ProcessRunner.start`.
final class BackgroundProcess: @unchecked Sendable {
    let pid: pid_t
    private var stopped = false

    init(pid: pid_t) {
        self.pid = pid
    }

    var isRunning: Bool { !stopped && kill(pid, 0) == 0 }

    /// SIGKILL (children of the test process inherit a blocked SIGTERM), then reaped.
    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Waits up to `timeout` seconds for it to end by itself: its exit code, or nil when it
    /// was still running (it is then killed).
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                stopped = true
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            if result < 0 && errno != EINTR { return nil }
            usleep(50_000)
        }
        stop()
        return nil
    }

    /// Waits for it to end by itself; its exit status.
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        stopped = true
        return status
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
