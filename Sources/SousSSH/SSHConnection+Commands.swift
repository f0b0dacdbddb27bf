#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import SousSupport

/// Which output a line came from.
public enum SSHOutputStream: Sendable {
    case stdout, stderr
}

/// How a remote command ended, and everything it wrote.
public struct SSHCommandResult: Sendable {
    public var exitStatus: Int32
    /// The signal that ended it (`KILL`), when one did.
    public var exitSignal: String?
    public var stdout: String
    public var stderr: String
}

/// What a remote command reads on its standard input.
public enum SSHCommandInput: Sendable {
    /// Nothing: its standard input ends at once (a command that reads it does not hang).
    case none
    case bytes([UInt8])
    /// Everything this descriptor gives until its end (`sous machine ssh NAME cmd < file`).
    case descriptor(Int32)
}

/// Standard input on its way to a remote command: what is read and not yet sent.
struct InputPump {
    var source: SSHCommandInput
    var pending: [UInt8] = []
    var sourceEnded = false
    var eofSent = false

    init(_ source: SSHCommandInput) {
        self.source = source
        if case .bytes(let bytes) = source { pending = bytes }
        if case .descriptor = source {} else { sourceEnded = true }
    }

    /// The descriptor to wait on for more input, while there is room to take it.
    var waitDescriptor: Int32? {
        guard case .descriptor(let fd) = source, !sourceEnded, pending.count < 65_536 else { return nil }
        return fd
    }

    /// Reads what the source has now, sends what the channel takes, and ends the input once
    /// all is sent; true when something moved.
    mutating func pump(_ channel: OpaquePointer) throws -> Bool {
        var moved = false
        if let fd = waitDescriptor {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 0) > 0 {
                var chunk = [UInt8](repeating: 0, count: 32_768)
                let count = read(fd, &chunk, chunk.count)
                if count > 0 { pending += chunk.prefix(count) } else if count == 0 || (errno != EINTR && errno != EAGAIN) { sourceEnded = true }
                moved = true
            }
        }
        while !pending.isEmpty {
            let written = pending.withUnsafeBufferPointer {
                sous_ssh_channel_write(channel, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), $0.count)
            }
            if written == Int(LIBSSH2_ERROR_EAGAIN) { return moved }
            guard written >= 0 else { throw SSHInputFailure(code: Int32(written)) }
            pending.removeFirst(written)
            moved = true
        }
        if sourceEnded && !eofSent {
            let status = libssh2_channel_send_eof(channel)
            if status == LIBSSH2_ERROR_EAGAIN { return moved }
            eofSent = true
            moved = true
        }
        return moved
    }
}

struct SSHInputFailure: Error {
    let code: Int32
}

extension SSHConnection {
    /// Runs a command on the machine, streaming each complete line of its output to
    /// `onLine` as it arrives, and returns its exit status and output. A command still
    /// running after `timeout` seconds is reported, and the connection is closed so that the
    /// machine's sshd ends the command (SSH 2 in libssh2 1.10 has no way to signal it);
    /// the next use of this connection says so.
    public func execute(_ command: String, timeout: Int = 900, input: SSHCommandInput = .none,
                        onLine: ((SSHOutputStream, String) -> Void)? = nil) throws -> SSHCommandResult {
        try requireOpen()
        guard let channel = sous_ssh_channel_open_session(session) else {
            throw failure("cannot open a channel to run a command: \(lastError())", nil)
        }
        var abandoned = false
        defer { if !abandoned { libssh2_channel_free(channel) } }
        guard sous_ssh_channel_exec(channel, command) == 0 else {
            throw failure("cannot start `\(command)`: \(lastError())", nil)
        }
        var output = (stdout: LineCollector(), stderr: LineCollector())
        let deadline = MonotonicClock.seconds() + Double(timeout)
        libssh2_session_set_blocking(session, 0)
        defer { if !abandoned { libssh2_session_set_blocking(session, 1) } }
        var buffer = [CChar](repeating: 0, count: 32768)
        var stdin = InputPump(input)
        while true {
            var progressed = false
            do {
                if try stdin.pump(channel) { progressed = true }
            } catch {
                // The command stopped reading (it ended, or closed its input): what is left is dropped.
                stdin = InputPump(.none)
                stdin.eofSent = true
            }
            for (stream, id) in [(SSHOutputStream.stdout, Int32(0)), (.stderr, Int32(SSH_EXTENDED_DATA_STDERR))] {
                while true {
                    let count = sous_ssh_channel_read(channel, id, &buffer, buffer.count)
                    if count > 0 {
                        progressed = true
                        let bytes = buffer.prefix(count).map { UInt8(bitPattern: $0) }
                        if stream == .stdout { output.stdout.add(bytes) { onLine?(.stdout, $0) } } else { output.stderr.add(bytes) { onLine?(.stderr, $0) } }
                        continue
                    }
                    if count == Int(LIBSSH2_ERROR_EAGAIN) || count == 0 { break }
                    throw failure("reading the output of `\(command)` failed: \(lastError())", nil)
                }
            }
            if serviceForwards(&buffer) { progressed = true }
            if libssh2_channel_eof(channel) != 0 { break }
            if progressed { continue }
            let remaining = deadline - MonotonicClock.seconds()
            guard remaining > 0 else {
                abandoned = true
                close(reason: "`\(command)` timed out")
                throw failure("`\(command)` was still running after \(timeout) s; the connection was closed to end it",
                              "raise the command's timeout if it needs longer")
            }
            waitForSocket(milliseconds: Int32(min(remaining, 1) * 1000), alsoReadable: stdin.waitDescriptor)
        }
        libssh2_session_set_blocking(session, 1)
        output.stdout.finish { onLine?(.stdout, $0) }
        output.stderr.finish { onLine?(.stderr, $0) }
        libssh2_channel_close(channel)
        libssh2_channel_wait_closed(channel)
        var signal: UnsafeMutablePointer<CChar>?
        var signalLength = 0
        libssh2_channel_get_exit_signal(channel, &signal, &signalLength, nil, nil, nil, nil)
        let signalName = signal.map { String(cString: $0) }
        if let signal { free(signal) }
        return SSHCommandResult(exitStatus: libssh2_channel_get_exit_status(channel), exitSignal: signalName,
                                stdout: output.stdout.text, stderr: output.stderr.text)
    }

    /// Waits until the socket can move data in the direction libssh2 is blocked on, or a
    /// forwarded connection's local end can.
    func waitForSocket(milliseconds: Int32, alsoReadable extra: Int32? = nil) {
        let directions = libssh2_session_block_directions(session)
        var events: Int16 = 0
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        var pollers = [pollfd(fd: socket, events: events == 0 ? Int16(POLLIN) : events, revents: 0)] + forwardPollDescriptors
        if let extra { pollers.append(pollfd(fd: extra, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&pollers, nfds_t(pollers.count), milliseconds)
    }
}

/// Output as it arrives, cut into lines for streaming and kept whole for the result.
struct LineCollector {
    private var all: [UInt8] = []
    private var pending: [UInt8] = []

    var text: String { String(decoding: all, as: UTF8.self) }

    mutating func add(_ bytes: [UInt8], line: (String) -> Void) {
        all += bytes
        pending += bytes
        while let newline = pending.firstIndex(of: 0x0A) {
            line(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
    }

    /// The last line, when the output did not end with a newline.
    mutating func finish(line: (String) -> Void) {
        if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self)) }
        pending = []
    }
}
