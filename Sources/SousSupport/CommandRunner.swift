#if canImport(Glibc)
import Glibc
#endif
import CSystem

/// A command to run: a shell string (run by `/bin/sh -c`, as Chef's `execute` does with a
/// string) or an argument vector run directly.
public enum ProcessCommand {
    case shell(String)
    case arguments([String])

    /// How output names the command: the string, or the words joined by spaces.
    public var display: String {
        switch self {
        case .shell(let text): return text
        case .arguments(let words): return words.joined(separator: " ")
        }
    }
}

/// How to run a command: the settings of `execute` and of guards.
public struct CommandOptions {
    public var directory: String?
    public var environment: [String: String] = [:]
    public var user: String?
    public var group: String?
    public var umask: Int?
    /// Seconds before the command (its whole process group) is killed.
    public var timeout: Double?
    /// What the command reads on its standard input (else /dev/null). Written whole before
    /// its output is read, so keep it small (under a pipe's 64 KB).
    public var input: [UInt8]?

    public init() {}
}

/// What a finished command left: its exit status and everything it wrote.
public struct CommandResult: Sendable {
    /// The exit status; a command killed by a signal reports 128 + the signal, as shells do.
    public let status: Int32
    public let output: String
    public let errorOutput: String
    public let timedOut: Bool
}

/// A command that could not be started at all.
public struct CommandStartFailure: Error, CustomStringConvertible {
    public let command: String
    public let reason: String
    public var description: String { "could not run \(command): \(reason)" }
}

/// Runs commands as child processes with posix_spawn, reading their output through pipes.
/// It blocks the calling thread, so callers run it on a thread of their own, never on
/// Swift's cooperative pool.
public enum CommandRunner {
    public static func run(_ command: ProcessCommand, options: CommandOptions = CommandOptions(),
                           onOutput: ((String, _ isError: Bool) -> Void)? = nil) throws -> CommandResult {
        var words: [String]
        switch command {
        case .shell(let text): words = ["/bin/sh", "-c", text]
        case .arguments(let arguments): words = arguments
        }
        guard !words.isEmpty else { throw CommandStartFailure(command: "(empty command)", reason: "no command given") }
        if options.user != nil || options.group != nil {
            var privileges = ["setpriv"]
            if let user = options.user { privileges += ["--reuid=\(user)", "--init-groups"] }
            if let group = options.group {
                privileges.append("--regid=\(group)")
                if options.user == nil { privileges.append("--clear-groups") }
            } else if let user = options.user {
                privileges.append("--regid=\(primaryGroup(of: user) ?? user)")
            }
            words = privileges + ["--"] + words
        }
        if let umask = options.umask {
            words = ["/bin/sh", "-c", "umask \(String(umask, radix: 8)) && exec \"$@\"", "sh"] + words
        }
        if let directory = options.directory {
            var info = stat()
            guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw CommandStartFailure(command: command.display, reason: "working directory \(directory) does not exist")
            }
        }

        var environment: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        for (key, value) in options.environment { environment[key] = value }

        var outputPipe: [Int32] = [0, 0], errorPipe: [Int32] = [0, 0]
        guard sous_pipe_cloexec(&outputPipe) == 0, sous_pipe_cloexec(&errorPipe) == 0 else {
            throw CommandStartFailure(command: command.display, reason: String(cString: strerror(errno)))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var inputPipe: [Int32] = [-1, -1]
        if options.input != nil {
            guard sous_pipe_cloexec(&inputPipe) == 0 else {
                throw CommandStartFailure(command: command.display, reason: String(cString: strerror(errno)))
            }
            posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        // Nothing else this process holds or inherited goes to the command (a daemon it
        // starts would keep it open for good).
        sous_spawn_add_closefrom(&actions, 3)
        if let directory = options.directory { sous_spawn_add_chdir(&actions, directory) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)

        let argv = words.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, words[0], &actions, &attributes, argv, envp)
        close(outputPipe[1])
        close(errorPipe[1])
        if let input = options.input {
            close(inputPipe[0])
            if spawned == 0 {
                _ = input.withUnsafeBytes { write(inputPipe[1], $0.baseAddress, $0.count) }
            }
            close(inputPipe[1])
        }
        guard spawned == 0 else {
            close(outputPipe[0])
            close(errorPipe[0])
            throw CommandStartFailure(command: command.display, reason: String(cString: strerror(spawned)))
        }

        let collected = collect(from: [outputPipe[0], errorPipe[0]], pid: pid, timeout: options.timeout, onOutput: onOutput)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return CommandResult(status: exitCode, output: String(decoding: collected.output, as: UTF8.self),
                             errorOutput: String(decoding: collected.errors, as: UTF8.self), timedOut: collected.timedOut)
    }

    /// Reads both pipes until they close, passing whole lines on as they come; kills the
    /// process group when the time is up.
    private static func collect(from descriptors: [Int32], pid: pid_t, timeout: Double?,
                                onOutput: ((String, Bool) -> Void)?) -> (output: [UInt8], errors: [UInt8], timedOut: Bool) {
        var buffers: [[UInt8]] = [[], []]
        var pending: [[UInt8]] = [[], []]
        var open = [true, true]
        var timedOut = false
        let deadline = timeout.map { MonotonicClock.seconds() + $0 }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while open.contains(true) {
            var polls = descriptors.enumerated().map { pollfd(fd: open[$0.offset] ? $0.element : -1, events: Int16(POLLIN), revents: 0) }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - MonotonicClock.seconds()
                if left < -5 {
                    // Something outside the process group still holds the pipes open.
                    for index in 0..<2 where open[index] { close(descriptors[index]) }
                    break
                }
                if left <= 0 {
                    if !timedOut {
                        timedOut = true
                        kill(-pid, SIGKILL)
                    }
                    wait = 100
                } else {
                    wait = Int32(min(left * 1000, 60_000)) + 1
                }
            }
            let ready = poll(&polls, 2, wait)
            if ready < 0 && errno == EINTR { continue }
            for index in 0..<2 where open[index] && polls[index].revents != 0 {
                let count = read(descriptors[index], &chunk, chunk.count)
                if count <= 0 {
                    if count < 0 && errno == EINTR { continue }
                    open[index] = false
                    close(descriptors[index])
                    if let onOutput, !pending[index].isEmpty {
                        onOutput(String(decoding: pending[index], as: UTF8.self), index == 1)
                    }
                    continue
                }
                buffers[index].append(contentsOf: chunk[0..<count])
                guard let onOutput else { continue }
                pending[index].append(contentsOf: chunk[0..<count])
                while let newline = pending[index].firstIndex(of: UInt8(ascii: "\n")) {
                    onOutput(String(decoding: pending[index][...newline], as: UTF8.self), index == 1)
                    pending[index].removeSubrange(...newline)
                }
            }
        }
        return (buffers[0], buffers[1], timedOut)
    }

    private static func primaryGroup(of user: String) -> String? {
        guard let entry = getpwnam(user) else { return nil }
        return String(entry.pointee.pw_gid)
    }
}
