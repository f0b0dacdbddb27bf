#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2

/// A port on the machine whose connections come back through the SSH connection to a port
/// of this workstation (`ssh -R`): how a machine reaches a Chef server that listens on the
/// workstation's loopback.
final class RemoteForward {
    let listener: OpaquePointer
    /// The port listened on, on the machine's 127.0.0.1.
    let remotePort: Int
    let localHost: String
    let localPort: Int
    var tunnels: [Tunnel] = []

    init(listener: OpaquePointer, remotePort: Int, localHost: String, localPort: Int) {
        self.listener = listener
        self.remotePort = remotePort
        self.localHost = localHost
        self.localPort = localPort
    }
}

/// One forwarded connection: bytes copied both ways between an SSH channel and a local
/// socket, each direction ending (EOF) on its own as TCP half-closes do.
final class Tunnel {
    let channel: OpaquePointer
    let socket: Int32
    private var toLocal: [UInt8] = []
    private var toMachine: [UInt8] = []
    private var machineSentEOF = false
    private var localShutDown = false
    private var localSentEOF = false
    private var sentEOFToMachine = false
    private var broken = false

    init(channel: OpaquePointer, socket: Int32) {
        self.channel = channel
        self.socket = socket
    }

    var isFinished: Bool { broken || (localShutDown && sentEOFToMachine) }

    /// What to wait for on the local socket.
    var pollEvents: Int16 {
        var events: Int16 = 0
        if toMachine.isEmpty && !localSentEOF { events |= Int16(POLLIN) }
        if !toLocal.isEmpty { events |= Int16(POLLOUT) }
        return events
    }

    /// Moves what can move without blocking; true when anything did.
    func pump(_ buffer: inout [CChar]) -> Bool {
        var progressed = false
        // Machine to workstation.
        if toLocal.isEmpty && !machineSentEOF {
            let count = sous_ssh_channel_read(channel, 0, &buffer, buffer.count)
            if count > 0 {
                toLocal = buffer.prefix(count).map { UInt8(bitPattern: $0) }
                progressed = true
            } else if count == 0 || count == Int(LIBSSH2_ERROR_EAGAIN) {
                if libssh2_channel_eof(channel) != 0 {
                    machineSentEOF = true
                    progressed = true
                }
            } else {
                broken = true
                return true
            }
        }
        if !toLocal.isEmpty {
            let written = toLocal.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                toLocal.removeFirst(written)
                progressed = true
            } else if written < 0 && errno != EAGAIN && errno != EINTR {
                broken = true
                return true
            }
        }
        if machineSentEOF && toLocal.isEmpty && !localShutDown {
            Glibc.shutdown(socket, Int32(SHUT_WR))
            localShutDown = true
            progressed = true
        }
        // Workstation to machine.
        if toMachine.isEmpty && !localSentEOF {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                toMachine = buffer.prefix(count).map { UInt8(bitPattern: $0) }
                progressed = true
            } else if count == 0 {
                localSentEOF = true
                progressed = true
            } else if errno != EAGAIN && errno != EINTR {
                broken = true
                return true
            }
        }
        if !toMachine.isEmpty {
            let written = toMachine.withUnsafeBytes { bytes in
                sous_ssh_channel_write(channel, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
            }
            if written > 0 {
                toMachine.removeFirst(written)
                progressed = true
            } else if written != Int(LIBSSH2_ERROR_EAGAIN) {
                broken = true
                return true
            }
        }
        if localSentEOF && toMachine.isEmpty && !sentEOFToMachine {
            let status = libssh2_channel_send_eof(channel)
            if status == 0 {
                sentEOFToMachine = true
                progressed = true
            } else if status != LIBSSH2_ERROR_EAGAIN {
                broken = true
            }
        }
        return progressed
    }
}

extension SSHConnection {
    /// Listens on the machine's `127.0.0.1:port` (another free port when that one is taken
    /// there, as when the machine is this workstation) and carries each connection made to it
    /// to `localHost:localPort` here, for as long as commands run on this connection.
    /// Returns the machine's port. Asking again for the same local port reuses the forward.
    public func forwardRemotePort(_ port: Int, toLocalHost localHost: String, port localPort: Int) throws -> Int {
        try requireOpen()
        if let existing = forwards.first(where: { $0.localHost == localHost && $0.localPort == localPort }) {
            return existing.remotePort
        }
        var problems: [String] = []
        for wanted in [port, 0] {
            var bound: Int32 = 0
            if let listener = libssh2_channel_forward_listen_ex(session, localHost.contains(":") ? "::1" : "127.0.0.1", Int32(wanted), &bound, 16) {
                forwards.append(RemoteForward(listener: listener, remotePort: Int(bound), localHost: localHost, localPort: localPort))
                return Int(bound)
            }
            problems.append("port \(wanted == 0 ? "any" : String(wanted)): \(lastError())")
        }
        throw failure("the machine refused to forward a port back to \(localHost):\(localPort) (\(problems.joined(separator: "; ")))",
                      "allow it in the machine's sshd_config (AllowTcpForwarding yes), or give the Chef server an address the machine can reach")
    }

    /// Accepts forwarded connections and moves their bytes; true when anything moved.
    /// Called while a command runs, with the session non-blocking.
    func serviceForwards(_ buffer: inout [CChar]) -> Bool {
        var progressed = false
        for forward in forwards {
            while let channel = libssh2_channel_forward_accept(forward.listener) {
                progressed = true
                if let socket = try? Self.openTCP(host: forward.localHost, port: forward.localPort, timeout: target.timeout) {
                    _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
                    forward.tunnels.append(Tunnel(channel: channel, socket: socket))
                } else {
                    closingChannels.append(channel)  // the machine's client sees its connection closed
                }
            }
            for tunnel in forward.tunnels where tunnel.pump(&buffer) { progressed = true }
            for tunnel in forward.tunnels where tunnel.isFinished {
                Glibc.close(tunnel.socket)
                closingChannels.append(tunnel.channel)
            }
            forward.tunnels.removeAll(where: \.isFinished)
        }
        closingChannels.removeAll { libssh2_channel_free($0) != LIBSSH2_ERROR_EAGAIN }
        return progressed
    }

    /// The local sockets of forwarded connections, with what to wait for on each.
    var forwardPollDescriptors: [pollfd] {
        forwards.flatMap(\.tunnels).map { pollfd(fd: $0.socket, events: $0.pollEvents, revents: 0) }
    }

    /// Closes the local ends; the channels and listeners go with the session.
    func closeForwards() {
        for tunnel in forwards.flatMap(\.tunnels) { Glibc.close(tunnel.socket) }
        forwards = []
        closingChannels = []
    }
}
