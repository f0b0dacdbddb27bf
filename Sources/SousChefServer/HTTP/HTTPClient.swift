import CCurl
import SousSupport

/// An HTTP response: status, headers (names lower-cased) and body.
public struct HTTPResponse {
    public let status: Int
    public let headers: [String: String]
    public let body: [UInt8]
}

/// A transfer that failed below HTTP: no connection, a bad certificate, a timeout.
public struct HTTPFailure: Error, CustomStringConvertible {
    public let url: String
    public let reason: String
    /// Worth trying again: the connection could not be made or broke, or timed out.
    /// Certificate problems and malformed URLs are not.
    public let isTransient: Bool
    /// Nothing is there: the host does not resolve, or refuses the connection.
    public var isGone: Bool = false
    public var description: String { "\(url): \(reason)" }
}

/// How the server's certificate is checked. By default as libcurl does it: against the
/// system's CA bundle, with the host name. `extraAuthorities` (PEM certificates from
/// `ssl_ca_file`, `trusted_certs_dir`...) are trusted in addition.
public struct TLSOptions: Sendable {
    public var verifyPeer: Bool
    public var extraAuthorities: [UInt8]

    public init(verifyPeer: Bool = true, extraAuthorities: [UInt8] = []) {
        self.verifyPeer = verifyPeer
        self.extraAuthorities = extraAuthorities
    }
}

/// A blocking HTTP(S) connection over one libcurl handle, kept open between requests to the
/// same server (libcurl reuses the connection). Not thread-safe: one per thread. Callers
/// run it on a thread of their own, never on Swift's cooperative pool.
public final class HTTPConnection {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    private let handle: UnsafeMutableRawPointer
    public let tls: TLSOptions

    public init(tls: TLSOptions = TLSOptions()) throws {
        _ = Self.initialized
        guard let handle = curl_easy_init() else { throw HTTPFailure(url: "", reason: "libcurl could not start a transfer", isTransient: false) }
        self.handle = handle
        self.tls = tls
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    public func send(_ method: String = "GET", url: String, headers: [(String, String)] = [],
                     body: [UInt8]? = nil, timeout: Int = 300) throws -> HTTPResponse {
        curl_easy_reset(handle)  // options go; the open connection stays
        let collector = Collector(body: body ?? [])
        let box = Unmanaged.passRetained(collector)
        defer { box.release() }

        var headerList: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        // libcurl would otherwise add `Expect: 100-continue` to larger uploads and wait.
        if body != nil { headerList = curl_slist_append(headerList, "Expect:") }
        defer { curl_slist_free_all(headerList) }

        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var authorities = tls.extraAuthorities
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            sous_curl_set_string(handle, CURLOPT_URL, url)
            sous_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method)
            sous_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
            sous_curl_set_long(handle, CURLOPT_MAXREDIRS, 10)
            sous_curl_set_long(handle, CURLOPT_TIMEOUT, timeout)
            sous_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, min(30, timeout))
            sous_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            sous_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errors.baseAddress)
            sous_curl_set_pointer(handle, CURLOPT_HTTPHEADER, headerList)
            if !tls.verifyPeer {
                sous_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
                sous_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
            }
            if !authorities.isEmpty {
                // libcurl loads these in addition to the system's bundle.
                authorities.withUnsafeMutableBytes { bytes in
                    _ = sous_curl_set_blob(handle, CURLOPT_CAINFO_BLOB, bytes.baseAddress, bytes.count)
                }
            }
            if method == "HEAD" { sous_curl_set_long(handle, CURLOPT_NOBODY, 1) }
            if body != nil {
                // Setting CURLOPT_POST at all (even to 0) would turn an upload back into a GET.
                if method == "PUT" {
                    sous_curl_set_long(handle, CURLOPT_UPLOAD, 1)
                    sous_curl_set_long(handle, CURLOPT_INFILESIZE, collector.upload.count)
                } else {
                    sous_curl_set_long(handle, CURLOPT_POST, 1)
                    sous_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, collector.upload.count)
                }
                sous_curl_set_read(handle, box.toOpaque())
            }
            sous_curl_set_write(handle, box.toOpaque())
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let detail = String(cBuffer: errorBuffer)
            let transient = [CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
                             CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_COULDNT_RESOLVE_HOST].contains(code)
            throw HTTPFailure(url: url, reason: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail,
                              isTransient: transient, isGone: [CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST].contains(code))
        }
        var status = 0
        sous_curl_get_response_code(handle, &status)
        return HTTPResponse(status: status, headers: collector.headers, body: collector.received)
    }
}

/// One-off requests (remote_file), on a connection of their own.
public enum HTTPClient {
    public static func request(_ method: String = "GET", url: String, headers: [(String, String)] = [],
                               body: [UInt8]? = nil, timeout: Int = 300) throws -> HTTPResponse {
        try HTTPConnection().send(method, url: url, headers: headers, body: body, timeout: timeout)
    }
}

/// What libcurl's callbacks fill and drain, reached through their user-data pointer.
final class Collector {
    var received: [UInt8] = []
    var headers: [String: String] = [:]
    let upload: [UInt8]
    var uploaded = 0

    init(body: [UInt8]) {
        self.upload = body
    }
}

@_cdecl("sous_curl_write_callback")
func curlWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    let collector = Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue()
    let total = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: total) {
        collector.received.append(contentsOf: UnsafeBufferPointer(start: $0, count: total))
    }
    return total
}

@_cdecl("sous_curl_header_callback")
func curlHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    let collector = Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue()
    let total = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: total) {
        String(decoding: UnsafeBufferPointer(start: $0, count: total), as: UTF8.self)
    }
    if line.hasPrefix("HTTP/") {
        collector.headers = [:]  // a redirect's headers are replaced by the final response's
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
        collector.headers[name] = value
    }
    return total
}

@_cdecl("sous_curl_read_callback")
func curlRead(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let user else { return 0 }
    let collector = Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue()
    let amount = min(size * count, collector.upload.count - collector.uploaded)
    guard amount > 0 else { return 0 }
    collector.upload.withUnsafeBufferPointer { source in
        buffer.withMemoryRebound(to: UInt8.self, capacity: amount) {
            $0.update(from: source.baseAddress! + collector.uploaded, count: amount)
        }
    }
    collector.uploaded += amount
    return amount
}

/// Moves the upload back (libcurl asks for offset 0 when it sends the body again on a fresh
/// connection).
@_cdecl("sous_curl_seek_callback")
func curlSeek(_ user: UnsafeMutableRawPointer?, _ offset: curl_off_t, _ origin: Int32) -> Int32 {
    guard let user, origin == SEEK_SET else { return Int32(CURL_SEEKFUNC_CANTSEEK) }
    let collector = Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue()
    guard offset >= 0, Int(offset) <= collector.upload.count else { return Int32(CURL_SEEKFUNC_FAIL) }
    collector.uploaded = Int(offset)
    return Int32(CURL_SEEKFUNC_OK)
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
