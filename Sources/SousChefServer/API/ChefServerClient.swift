#if canImport(Glibc)
import Glibc
#endif
import SousSupport

/// Who requests are signed as.
public struct ClientIdentity {
    public let name: String
    public let key: RSAPrivateKey
    /// Where the key came from, for error messages (never the key itself).
    public let keyOrigin: String

    public init(name: String, key: RSAPrivateKey, keyOrigin: String) {
        self.name = name
        self.key = key
        self.keyOrigin = keyOrigin
    }
}

/// Signed JSON requests to one Chef server, as knife and chef-client make them: every
/// request signed, `X-Ops-Server-API-Version` 1 (falling back to 0 when the server answers
/// 406), connection errors and 5xx answers retried with backoff a bounded number of
/// times, 4xx never. Blocking: run it on a thread of its own. Sendable though unchecked, so
/// it can be handed to that thread: a client is used by one thread at a time (a batch or an
/// upload makes one per thread), never by two at once.
public final class ChefServerClient: @unchecked Sendable {
    /// `chef_server_url`, without a trailing slash; may end in `/organizations/ORG`.
    public let baseURL: String
    public let identity: ClientIdentity
    public let signingProtocol: SigningProtocol
    let connection: HTTPConnection
    let tls: TLSOptions
    let timeout: Int
    let retryCount: Int
    /// Seconds since the epoch, for signatures.
    let clock: () -> Int
    /// The API version this server accepts; drops to 0 after a 406.
    private(set) public var apiVersion = 1
    /// Told of each request and its answer (for `-l debug`); never of a body or a key.
    public var trace: ((String) -> Void)?
    /// Whether the server refused a file-store upload without a signature (`putFile`).
    var fileStoreWantsSignatures = false

    public init(baseURL: String, identity: ClientIdentity, signingProtocol: SigningProtocol = .standard,
                tls: TLSOptions = TLSOptions(), timeout: Int = 300, retryCount: Int = 5,
                clock: @escaping () -> Int = { Int(time(nil)) }) throws {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.identity = identity
        self.signingProtocol = signingProtocol
        self.connection = try HTTPConnection(tls: tls)
        self.tls = tls
        self.timeout = timeout
        self.retryCount = retryCount
        self.clock = clock
    }

    /// Another client for the same server and identity, with a connection of its own: one
    /// per thread for work done in parallel (a cookbook's files).
    public func sibling() throws -> ChefServerClient {
        let client = try ChefServerClient(baseURL: baseURL, identity: identity, signingProtocol: signingProtocol, tls: tls,
                                          timeout: timeout, retryCount: retryCount, clock: clock)
        client.apiVersion = apiVersion
        client.fileStoreWantsSignatures = fileStoreWantsSignatures
        client.trace = trace
        return client
    }

    // MARK: Requests

    public func get(_ path: String) throws -> JSON { try request("GET", path) ?? .null }
    @discardableResult public func post(_ path: String, _ body: JSON) throws -> JSON { try request("POST", path, body: body) ?? .null }
    @discardableResult public func put(_ path: String, _ body: JSON) throws -> JSON { try request("PUT", path, body: body) ?? .null }
    @discardableResult public func delete(_ path: String) throws -> JSON { try request("DELETE", path) ?? .null }

    /// The JSON answer to a signed request for `path` (relative to the base URL, or
    /// absolute starting with `/`, which is still under the server's root). Nil for an
    /// empty answer.
    public func request(_ method: String, _ path: String, body: JSON? = nil) throws -> JSON? {
        let response: HTTPResponse
        do {
            response = try send(method, path, body: body.map { Array($0.rendered().utf8) })
        } catch let error as ChefServerError where error.isConflict && error.sentBefore && method == "POST" {
            // The first attempt was carried out though its answer was lost: what exists now
            // is what was sent, or someone else's, which stays a conflict.
            guard let body, let existing = try createdEarlier(body, at: path) else { throw error }
            return existing
        }
        guard !response.body.isEmpty else { return nil }
        do {
            return try JSON.parse(bytes: response.body)
        } catch {
            throw ChefServerError(method: method, url: url(for: path), status: response.status,
                                  serverMessage: "the answer is not JSON (Content-Type \(response.headers["content-type"] ?? "none")): "
                                    + String(decoding: response.body.prefix(120), as: UTF8.self),
                                  hint: "is chef_server_url (\(baseURL)) the Chef server's API, and not a web page or a proxy?")
        }
    }

    /// The object a POST of `body` to `path` would have made, read back, when it holds
    /// everything that was sent; nil when it differs or is not there.
    func createdEarlier(_ body: JSON, at path: String) throws -> JSON? {
        guard let name = body["name"]?.stringValue ?? body["id"]?.stringValue else { return nil }
        var base = path
        while base.hasSuffix("/") { base.removeLast() }
        let existing = try get(base + "/" + Self.escape(name))
        for (key, sent) in body.objectValue ?? [] where key != "create_key" {
            guard let stored = existing[key] else { return nil }
            if key == "public_key" {
                guard stored.stringValue?.trimmingWhitespace() == sent.stringValue?.trimmingWhitespace() else { return nil }
            } else if stored != sent {
                return nil
            }
        }
        return existing
    }

    /// A file's bytes to the file-store URL a sandbox gave (`needs_upload`), as knife sends
    /// them: `application/x-binary`, with the MD5 in `Content-MD5`. Unlike knife, unsigned
    /// at first: the file store checks a file by its checksum (goiardi) or by the URL's own
    /// signature (Chef Infra Server's bookshelf, S3), and signing costs a quarter of a
    /// millisecond of CPU per file, a third of sous's share of an upload. A server that
    /// refuses an unsigned file gets this one and every later one signed.
    public func putFile(_ url: String, bytes: [UInt8], md5: [UInt8]) throws {
        let headers = [("Content-MD5", Base64.encode(md5))]
        if !fileStoreWantsSignatures {
            do {
                _ = try send("PUT", url, body: bytes, contentType: "application/x-binary", extraHeaders: headers, signed: false)
                return
            } catch let error as ChefServerError where error.status == 401 || error.status == 403 {
                fileStoreWantsSignatures = true
            }
        }
        _ = try send("PUT", url, body: bytes, contentType: "application/x-binary", extraHeaders: headers)
    }

    /// A signed request with a raw body; a status of 300 or more is thrown as an error.
    public func send(_ method: String, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json",
                     extraHeaders: [(String, String)] = [], signed: Bool = true) throws -> HTTPResponse {
        let url = url(for: path)
        var attempt = 0
        // Whether an earlier attempt may have reached the server and been carried out.
        var sentBefore = false
        while true {
            let response: HTTPResponse
            let started = MonotonicClock.seconds()
            do {
                let headers = try headers(method: method, url: url, body: body ?? [], contentType: contentType, signed: signed) + extraHeaders
                response = try connection.send(method, url: url, headers: headers, body: body, timeout: timeout)
                trace?("\(method) \(url) -> \(response.status) (\(Int((MonotonicClock.seconds() - started) * 1000)) ms\(attempt > 0 ? ", attempt \(attempt + 1)" : ""))")
            } catch let failure as HTTPFailure {
                trace?("\(method) \(url) -> \(failure.reason)\(failure.isTransient && attempt < retryCount ? "; retrying" : "")")
                if failure.isTransient && attempt < retryCount {
                    sentBefore = sentBefore || !failure.isGone
                    backoff(&attempt)
                    continue
                }
                var error = ChefServerError(method: method, url: url, status: nil, serverMessage: failure.reason,
                                            hint: hint(forTransport: failure, attempts: attempt + 1))
                error.sentBefore = sentBefore
                throw error
            }
            if response.status == 406 && apiVersion > 0 {
                apiVersion = 0  // an older server: speak version 0 from now on
                continue
            }
            if response.status >= 500 && attempt < retryCount {
                sentBefore = true
                backoff(&attempt)
                continue
            }
            guard response.status < 300 else {
                var error = ChefServerError(method: method, url: url, status: response.status,
                                            serverMessage: ChefServerError.message(in: response.body),
                                            hint: hint(forStatus: response.status, response: response))
                error.sentBefore = sentBefore
                throw error
            }
            return response
        }
    }

    /// A URL the server handed out (a cookbook file's), reached through this client's own
    /// address: a server may name itself by an address this machine cannot reach (its
    /// loopback, seen from a machine behind a forwarded port), while `chef_server_url` works.
    public func reachableURL(_ url: String) -> String {
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, url.hasPrefix("http") else { return url }
        let root = parts[0...2].joined(separator: "/")
        return root == serverRoot ? url : serverRoot + (parts.count > 3 ? "/" + parts[3] : "")
    }

    func url(for path: String) -> String {
        if path.hasPrefix("http://") || path.hasPrefix("https://") { return path }
        return path.hasPrefix("/") ? serverRoot + path : baseURL + "/" + path
    }

    /// `scheme://host:port` of the base URL.
    var serverRoot: String {
        let afterScheme = baseURL.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        return afterScheme.count >= 3 ? afterScheme[0...2].joined(separator: "/") : baseURL
    }

    func headers(method: String, url: String, body: [UInt8], contentType: String = "application/json",
                 signed: Bool = true) throws -> [(String, String)] {
        var headers: [(String, String)] = []
        if signed {
            var path = String(url.dropFirst(serverRoot.count))
            if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
            if path.isEmpty { path = "/" }
            let request = SigningRequest(method: method, path: path, body: body, userID: identity.name,
                                         timestamp: clock(), serverAPIVersion: String(apiVersion))
            headers = try RequestSigner.headers(for: request, key: identity.key, version: signingProtocol)
        }
        headers += [("X-Ops-Server-API-Version", String(apiVersion)), ("X-Chef-Version", ChefServerClient.chefVersion),
                    ("Accept", "application/json")]
        if !body.isEmpty || method == "POST" || method == "PUT" { headers.append(("Content-Type", contentType)) }
        return headers
    }

    /// The Chef client version sous speaks for (servers use it to pick behaviour).
    public static let chefVersion = "18.5.0"

    private func backoff(_ attempt: inout Int) {
        let seconds = min(0.25 * Double(1 << attempt), 4.0)
        attempt += 1
        usleep(UInt32(seconds * 1_000_000))
    }

    private func hint(forTransport failure: HTTPFailure, attempts: Int) -> String {
        let reason = failure.reason.lowercased()
        if reason.contains("certificate") || reason.contains("ssl") {
            return "the server's TLS certificate was not accepted. Put its CA certificate in trusted_certs_dir or name it with "
                + "ssl_ca_file in the config file; only for a test server, `ssl_verify_mode :verify_none` turns checking off."
        }
        if failure.isTransient {
            return "tried \(attempts) time\(attempts == 1 ? "" : "s"); is the Chef server running at \(baseURL)? (for the local one: knife/chef-server start)"
        }
        return "check chef_server_url in the config file"
    }

    private func hint(forStatus status: Int, response: HTTPResponse) -> String? {
        switch status {
        case 401:
            if let message = ChefServerError.message(in: response.body), message.lowercased().contains("hash") {
                return "the body or path the server received is not what was signed; a proxy between here and the server may rewrite requests"
            }
            var text = "the server did not accept the signature of \(identity.name): either \(identity.keyOrigin) is not the key "
                + "of the client or user \(identity.name) on this server (check node_name and client_key), or this machine's clock "
                + "differs from the server's by more than 15 minutes"
            if let date = response.headers["date"] { text += " (the server's time: \(date))" }
            return text
        case 403:
            return "\(identity.name) is not allowed to do this; an admin client or user can (knife.rb's node_name and client_key)"
        case 404:
            return nil
        case 413:
            return "the request body is over the server's size limit (1,000,000 bytes)"
        default:
            return nil
        }
    }

    /// A path segment with the characters URLs reserve escaped.
    public static func escape(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}

/// Chef server URLs compared as addresses: scheme and host in any case, the default port
/// written or not, trailing slashes ignored.
public enum ChefServerURL {
    public static func normalized(_ url: String) -> String {
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        let parts = text.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].hasSuffix(":"), parts[1].isEmpty else { return text }
        let scheme = parts[0].lowercased()
        var authority = parts[2].lowercased()
        if (scheme == "https:" && authority.hasSuffix(":443")) || (scheme == "http:" && authority.hasSuffix(":80")) {
            authority = String(authority.dropLast(scheme == "https:" ? 4 : 3))
        }
        return scheme + "//" + authority + (parts.count > 3 ? "/" + parts[3] : "")
    }

    public static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return false }
        return normalized(a) == normalized(b)
    }
}
