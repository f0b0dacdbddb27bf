import SousSupport

/// The versions of Chef's request-signing protocol (Mixlib::Authentication) that sous speaks.
public enum SigningProtocol: String, CaseIterable, Sendable {
    case v1_0 = "1.0"
    case v1_1 = "1.1"
    case v1_3 = "1.3"

    /// Chef's default.
    public static let standard = SigningProtocol.v1_1

    var algorithm: String { self == .v1_3 ? "sha256" : "sha1" }

    func hash(_ bytes: [UInt8]) -> String {
        Base64.encode(self == .v1_3 ? Digest.sha256(bytes) : Digest.sha1(bytes))
    }
}

/// One request to sign: everything the signature covers.
public struct SigningRequest: Sendable {
    public var method: String
    /// The URL's path, without query string (the query is never signed).
    public var path: String
    public var body: [UInt8]
    public var userID: String
    /// Seconds since the epoch; signatures are checked against the server's clock.
    public var timestamp: Int
    /// The `X-Ops-Server-API-Version` sent with the request (protocol 1.3 signs it).
    public var serverAPIVersion: String

    public init(method: String, path: String, body: [UInt8] = [], userID: String, timestamp: Int, serverAPIVersion: String = "1") {
        self.method = method
        self.path = path
        self.body = body
        self.userID = userID
        self.timestamp = timestamp
        self.serverAPIVersion = serverAPIVersion
    }
}

/// Chef's request signer: a pure function from key, request and protocol to the headers
/// that authenticate it, byte for byte what Mixlib::Authentication makes (both RSA schemes
/// are deterministic, so the tests compare exact output).
public enum RequestSigner {
    /// The `X-Ops-*` headers, in the order Mixlib::Authentication returns them.
    public static func headers(for request: SigningRequest, key: RSAPrivateKey,
                               version: SigningProtocol = .standard) throws -> [(String, String)] {
        let canonical = Array(canonicalString(for: request, version: version).utf8)
        let signature = version == .v1_3 ? try key.signSHA256(canonical) : try key.signRaw(canonical)
        var headers: [(String, String)] = [
            ("X-Ops-Sign", "algorithm=\(version.algorithm);version=\(version.rawValue);"),
            ("X-Ops-Userid", request.userID),
            ("X-Ops-Timestamp", timestampText(request.timestamp)),
            ("X-Ops-Content-Hash", version.hash(request.body)),
        ]
        let encoded = Array(Base64.encode(signature))
        var line = 1
        for start in stride(from: 0, to: encoded.count, by: 60) {
            headers.append(("X-Ops-Authorization-\(line)", String(encoded[start..<min(start + 60, encoded.count)])))
            line += 1
        }
        return headers
    }

    /// The text that is signed, lines joined by "\n" with no newline at the end.
    public static func canonicalString(for request: SigningRequest, version: SigningProtocol) -> String {
        let method = request.method.uppercased()
        let path = canonicalPath(request.path)
        let time = timestampText(request.timestamp)
        let bodyHash = version.hash(request.body)
        switch version {
        case .v1_3:
            return ["Method:\(method)", "Path:\(path)", "X-Ops-Content-Hash:\(bodyHash)", "X-Ops-Sign:version=1.3",
                    "X-Ops-Timestamp:\(time)", "X-Ops-UserId:\(request.userID)",
                    "X-Ops-Server-API-Version:\(request.serverAPIVersion)"].joined(separator: "\n")
        case .v1_0, .v1_1:
            let user = version == .v1_1 ? Base64.encode(Digest.sha1(Array(request.userID.utf8))) : request.userID
            return ["Method:\(method)", "Hashed Path:\(Base64.encode(Digest.sha1(Array(path.utf8))))",
                    "X-Ops-Content-Hash:\(bodyHash)", "X-Ops-Timestamp:\(time)", "X-Ops-UserId:\(user)"].joined(separator: "\n")
        }
    }

    /// Runs of `/` become one; a trailing `/` goes unless the path is just `/`.
    static func canonicalPath(_ path: String) -> String {
        var out = ""
        for character in path where !(character == "/" && out.hasSuffix("/")) { out.append(character) }
        if out.count > 1 && out.hasSuffix("/") { out.removeLast() }
        return out
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC.
    static func timestampText(_ seconds: Int) -> String {
        CivilTime(seconds: Double(seconds), offset: 0).iso8601 + "Z"
    }
}
