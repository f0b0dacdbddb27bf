#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request as bytes, made once and sent as often as needed.
public struct HTTPRequest: Sendable {
    public var address: String
    public var port: UInt16
    public var method: String
    /// The path with its query string.
    public var target: String
    /// Sent as given, after `Host` (which they may replace).
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var host: String

    public init(address: String, port: UInt16, method: String, target: String, host: String, headers: [(String, String)], body: [UInt8]) {
        self.address = address
        self.port = port
        self.method = method
        self.target = target
        self.host = host
        self.headers = headers
        self.body = body
    }

    /// The request's bytes; `keepAlive` false asks the server to close after answering.
    public func bytes(keepAlive: Bool) -> [UInt8] {
        var text = "\(method) \(target) HTTP/1.1\r\n"
        let given = Set(headers.map { $0.0.lowercased() })
        if !given.contains("host") { text += "Host: \(host)\r\n" }
        if !given.contains("user-agent") { text += "User-Agent: sous-verify\r\n" }
        if !given.contains("accept") { text += "Accept: */*\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) { text += "Content-Length: \(body.count)\r\n" }
        if !keepAlive { text += "Connection: close\r\n" }
        text += "\r\n"
        return Array(text.utf8) + body
    }
}

/// A response read off a connection, byte by byte as they come: `feed` until `isComplete`.
/// Knows Content-Length, chunked bodies, and bodies that end when the connection does.
struct HTTPResponseParser {
    enum Failure: Error { case malformed(String) }

    private(set) var status = 0
    private(set) var reason = ""
    private(set) var headers: [(String, String)] = []
    private(set) var body: [UInt8] = []
    private(set) var isComplete = false
    /// The server said it closes the connection (or spoke HTTP/1.0).
    private(set) var closes = false
    let isHead: Bool
    private var buffer: [UInt8] = []
    private var headerDone = false
    private var scanned = 0
    private var contentLength: Int?
    private var chunked = false
    private var untilClose = false
    /// Keep bodies (a load test only counts them).
    let keepBody: Bool

    init(isHead: Bool = false, keepBody: Bool = true) {
        self.isHead = isHead
        self.keepBody = keepBody
    }

    /// Ready for the next response on the same connection; keeps the buffer's storage.
    mutating func reset() {
        status = 0
        reason = ""
        if !headers.isEmpty { headers.removeAll() }
        if !body.isEmpty { body.removeAll(keepingCapacity: true) }
        isComplete = false
        closes = false
        buffer.removeAll(keepingCapacity: true)
        headerDone = false
        scanned = 0
        contentLength = nil
        chunked = false
        untilClose = false
    }

    /// Takes bytes; returns how many it used (the rest belong to the next response).
    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        try advance()
    }

    /// The connection ended: a body read until close is complete now.
    mutating func finishAtClose() -> Bool {
        if headerDone && untilClose {
            if keepBody { body.append(contentsOf: buffer) }
            buffer.removeAll()
            isComplete = true
        }
        return isComplete
    }

    private mutating func advance() throws {
        if !headerDone {
            guard let end = headerEnd() else {
                if buffer.count > 65_536 { throw Failure.malformed("a response header over 64 KB") }
                return
            }
            try parseHeader(buffer[0..<end])
            buffer.removeFirst(end + 4)
            headerDone = true
            if isHead || status == 204 || status == 304 || (100..<200).contains(status) {
                isComplete = true
                return
            }
        }
        if let length = contentLength {
            if buffer.count >= length {
                if keepBody { body.append(contentsOf: buffer[0..<length]) }
                buffer.removeFirst(length)
                isComplete = true
            }
        } else if chunked {
            try readChunks()
        } else {
            untilClose = true
            closes = true
        }
    }

    private mutating func headerEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        // Resume where the last look stopped: a header arriving in pieces is scanned once.
        var index = Swift.max(0, scanned - 3)
        while index <= buffer.count - 4 {
            if buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 { return index }
            index += 1
        }
        scanned = buffer.count
        return nil
    }

    /// The status line and the headers, read as bytes: a load test parses tens of thousands
    /// of these a second, so Strings are made only for the headers a caller keeps.
    private mutating func parseHeader(_ bytes: ArraySlice<UInt8>) throws {
        let lines = splitLines(bytes)
        guard let first = lines.first, first.count >= 12, first.starts(with: Self.httpPrefix) else {
            throw Failure.malformed("not an HTTP response: \(String(decoding: lines.first ?? [], as: UTF8.self))")
        }
        let start = first.startIndex
        var code = 0
        for index in (start + 9)..<(start + 12) {
            let digit = Int(first[index]) - 48
            guard (0...9).contains(digit) else { throw Failure.malformed("a bad status line: \(String(decoding: first, as: UTF8.self))") }
            code = code * 10 + digit
        }
        status = code
        if keepBody { reason = first.count > 13 ? String(decoding: first[(start + 13)...], as: UTF8.self) : "" }
        if first[start + 7] == UInt8(ascii: "0") { closes = true }  // HTTP/1.0
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = line[line.startIndex..<colon]
            var valueStart = line.index(after: colon)
            while valueStart < line.endIndex && (line[valueStart] == 32 || line[valueStart] == 9) { valueStart += 1 }
            var valueEnd = line.endIndex
            while valueEnd > valueStart && (line[valueEnd - 1] == 32 || line[valueEnd - 1] == 9) { valueEnd -= 1 }
            let value = line[valueStart..<valueEnd]
            if keepBody { headers.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))) }
            if Self.equalsIgnoringCase(name, Self.contentLength) {
                var length = 0
                for byte in value where (48...57).contains(byte) { length = length * 10 + Int(byte) - 48 }
                contentLength = length
            } else if Self.equalsIgnoringCase(name, Self.transferEncoding) {
                chunked = String(decoding: value, as: UTF8.self).lowercased().contains("chunked")
            } else if Self.equalsIgnoringCase(name, Self.connection) {
                if Self.equalsIgnoringCase(value, Self.close) { closes = true }
            }
        }
        if chunked { contentLength = nil }
    }

    private static let httpPrefix = Array("HTTP/1.".utf8)
    private static let contentLength = Array("content-length".utf8)
    private static let transferEncoding = Array("transfer-encoding".utf8)
    private static let connection = Array("connection".utf8)
    private static let close = Array("close".utf8)

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercase: [UInt8]) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        var index = bytes.startIndex
        for expected in lowercase {
            let byte = bytes[index]
            if byte != expected && (byte | 0x20) != expected { return false }
            index += 1
        }
        return true
    }

    private func splitLines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 10 {
                let end = index > start && bytes[index - 1] == 13 ? index - 1 : index
                lines.append(bytes[start..<end])
                start = index + 1
            }
            index += 1
        }
        if start < bytes.endIndex { lines.append(bytes[start..<bytes.endIndex]) }
        return lines
    }

    private mutating func readChunks() throws {
        while true {
            guard let lineEnd = lineEnd(from: 0) else { return }
            let sizeText = String(decoding: buffer[0..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingSpaces, radix: 16) else { throw Failure.malformed("a bad chunk size: \(sizeText)") }
            if size == 0 {
                // The last chunk, then trailers up to an empty line.
                var position = lineEnd + 2
                while let end = self.lineEnd(from: position) {
                    if end == position {
                        buffer.removeFirst(end + 2)
                        isComplete = true
                        return
                    }
                    position = end + 2
                }
                return
            }
            guard buffer.count >= lineEnd + 2 + size + 2 else { return }
            if keepBody { body.append(contentsOf: buffer[(lineEnd + 2)..<(lineEnd + 2 + size)]) }
            buffer.removeFirst(lineEnd + 2 + size + 2)
        }
    }

    private func lineEnd(from start: Int) -> Int? {
        guard buffer.count >= start + 2 else { return nil }
        for index in start...(buffer.count - 2) where buffer[index] == 13 && buffer[index + 1] == 10 { return index }
        return nil
    }
}

/// Why a request got no answer, in the kinds a load report counts.
public enum RequestErrorKind: String, Sendable, CaseIterable {
    case connect, timeout, reset, protocolError = "protocol"
}

/// A non-blocking TCP socket (TCP_NODELAY, closed on exec) with its connect started.
enum TCPConnect {
    struct Started {
        var socket: Int32
        /// The connect goes on: wait until the socket is writable, then read SO_ERROR.
        var inProgress: Bool
    }

    /// The socket, or why none could be made or connected (already closed then).
    static func start(_ address: String, port: UInt16) -> Result<Started, Failure> {
        guard let target = SocketAddress.make(address, port: port) else { return .failure(Failure("\(address) is not an IP address")) }
        let socket = Glibc.socket(target.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { return .failure(Failure("socket: \(String(cString: strerror(errno)))")) }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var storage = target.storage
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, target.length) }
        }
        if status != 0 && errno != EINPROGRESS {
            let message = String(cString: strerror(errno))
            close(socket)
            return .failure(Failure("connect to \(address):\(port): \(message)"))
        }
        return .success(Started(socket: socket, inProgress: status != 0))
    }

    struct Failure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}

/// A socket address for an IPv4 or IPv6 literal (or `localhost`).
enum SocketAddress {
    static func make(_ address: String, port: UInt16) -> (storage: sockaddr_storage, length: socklen_t, family: Int32)? {
        var storage = sockaddr_storage()
        let host = address == "localhost" ? "127.0.0.1" : address
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { target in withUnsafeBytes(of: v4) { target.copyMemory(from: $0) } }
            return (storage, socklen_t(MemoryLayout<sockaddr_in>.size), AF_INET)
        }
        var v6 = sockaddr_in6()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if inet_pton(AF_INET6, bare, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { target in withUnsafeBytes(of: v6) { target.copyMemory(from: $0) } }
            return (storage, socklen_t(MemoryLayout<sockaddr_in6>.size), AF_INET6)
        }
        return nil
    }

    /// An address for a host name, through the resolver (the first IPv4 one).
    static func resolve(_ name: String) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let raw = first.pointee.ai_addr else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let pointer = UnsafeRawPointer(raw).assumingMemoryBound(to: sockaddr_in.self)
        var address = pointer.pointee.sin_addr
        guard inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil else { return nil }
        return String(cString: text)
    }
}
