#if canImport(Glibc)
import Glibc
#endif
import SousSupport

/// The answer to one request, or why there was none.
public struct HTTPOutcome: Sendable {
    public var status: Int = 0
    public var reason = ""
    public var headers: [(String, String)] = []
    public var body: [UInt8] = []
    /// Seconds from the connect to the last byte.
    public var elapsed: Double = 0
    public var error: RequestErrorKind?
    public var errorMessage = ""

    public var succeeded: Bool { error == nil && (200..<300).contains(status) }
}

/// One request on a connection of its own, blocking the calling thread (never one of
/// Swift's cooperative pool): connect, send, read the answer, close. Every wait is bounded by
/// `timeout` seconds in all.
public enum HTTPExchange {
    public static func perform(_ request: HTTPRequest, timeout: Double) -> HTTPOutcome {
        let started = MonotonicClock.seconds()
        var outcome = HTTPOutcome()
        func fail(_ kind: RequestErrorKind, _ message: String) -> HTTPOutcome {
            outcome.error = kind
            outcome.errorMessage = message
            outcome.elapsed = MonotonicClock.seconds() - started
            return outcome
        }
        let socket: Int32, connecting: Bool
        switch TCPConnect.start(request.address, port: request.port) {
        case .success(let started): (socket, connecting) = (started.socket, started.inProgress)
        case .failure(let failure): return fail(.connect, failure.message)
        }
        defer { close(socket) }
        func remaining() -> Int32 { Int32(max(0, (timeout - (MonotonicClock.seconds() - started)) * 1000)) }
        func wait(_ events: Int16) -> Bool {
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            while true {
                let ready = poll(&descriptor, 1, remaining())
                if ready > 0 { return true }
                if ready == 0 { return false }
                if errno != EINTR { return false }
            }
        }
        if connecting {
            guard wait(Int16(POLLOUT)) else { return fail(.connect, "connect to \(request.address):\(request.port): no answer in \(timeout) s") }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 { return fail(.connect, "connect to \(request.address):\(request.port): \(String(cString: strerror(error)))") }
        }
        let bytes = request.bytes(keepAlive: false)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 { sent += written; continue }
            if written < 0 && (errno == EAGAIN || errno == EINTR) {
                guard wait(Int16(POLLOUT)) else { return fail(.timeout, "sending to \(request.address): no progress in \(timeout) s") }
                continue
            }
            return fail(.reset, "sending to \(request.address): \(String(cString: strerror(errno)))")
        }
        var parser = HTTPResponseParser(isHead: request.method == "HEAD")
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while !parser.isComplete {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                do {
                    try chunk.withUnsafeBytes { try parser.feed(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                } catch {
                    return fail(.protocolError, "\(request.address): \(error)")
                }
                continue
            }
            if count == 0 {
                if parser.finishAtClose() { break }
                return fail(.reset, "\(request.address) closed the connection before answering")
            }
            if errno == EAGAIN || errno == EINTR {
                guard wait(Int16(POLLIN)) else { return fail(.timeout, "\(request.address): no answer in \(timeout) s") }
                continue
            }
            return fail(.reset, "reading from \(request.address): \(String(cString: strerror(errno)))")
        }
        outcome.status = parser.status
        outcome.reason = parser.reason
        outcome.headers = parser.headers
        outcome.body = parser.body
        outcome.elapsed = MonotonicClock.seconds() - started
        return outcome
    }
}
