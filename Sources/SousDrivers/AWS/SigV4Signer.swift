import SousChefServer
import SousSupport

/// AWS credentials: an access key, its secret, and a session token for temporary ones.
/// `description` never shows the secret or the token.
public struct AWSCredentials: Sendable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "AWS credentials \(accessKeyID)\(sessionToken == nil ? "" : " (temporary)")" }
}

/// A request as Signature Version 4 sees it: the path (not yet percent-encoded), the query
/// parameters, the headers to sign (`Host` among them) and the body.
public struct SigV4Request: Sendable {
    public var method: String
    public var path: String
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// AWS Signature Version 4, pure: the same request, credentials, scope and time always make
/// the same signature, so it is checked against AWS's published test suite and botocore.
/// Steps as AWS documents them: canonical request, string to sign, signing key, signature.
public enum SigV4Signer {
    /// The headers to add to the request: `X-Amz-Date`, `X-Amz-Security-Token` for temporary
    /// credentials, and `Authorization`.
    public static func sign(_ request: SigV4Request, credentials: AWSCredentials, region: String, service: String,
                            amzDate: String) -> [(String, String)] {
        var request = request
        var added: [(String, String)] = [("X-Amz-Date", amzDate)]
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        request.headers += added
        let scope = "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
        let (canonical, signedHeaders) = canonicalRequest(request)
        let toSign = stringToSign(canonicalRequest: canonical, amzDate: amzDate, scope: scope)
        let key = signingKey(secret: credentials.secretAccessKey, date: String(amzDate.prefix(8)), region: region, service: service)
        let signature = Digest.hex(Digest.hmacSHA256(key: key, Array(toSign.utf8)))
        added.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
                      + "SignedHeaders=\(signedHeaders), Signature=\(signature)"))
        return added
    }

    /// The canonical request and the `;`-joined names of the signed headers.
    public static func canonicalRequest(_ request: SigV4Request) -> (text: String, signedHeaders: String) {
        let path = canonicalPath(request.path)
        let pairs: [(name: String, value: String)] = request.query.map { (encode($0.0), encode($0.1)) }
        let sorted = pairs.sorted { (a, b) -> Bool in a.name == b.name ? a.value < b.value : a.name < b.name }
        let query = sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        var headers: [String: [String]] = [:]
        for (name, value) in request.headers where !unsigned.contains(name.lowercased()) {
            headers[name.lowercased(), default: []].append(collapse(value))
        }
        let names = headers.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(headers[$0]!.joined(separator: ","))\n" }.joined()
        let signed = names.joined(separator: ";")
        let payload = Digest.sha256Hex(request.body)
        return ("\(request.method)\n\(path)\n\(query)\n\(canonicalHeaders)\n\(signed)\n\(payload)", signed)
    }

    /// Headers botocore never signs: they may change on the way.
    static let unsigned: Set<String> = ["user-agent", "expect", "x-amzn-trace-id"]

    public static func stringToSign(canonicalRequest: String, amzDate: String, scope: String) -> String {
        "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Digest.sha256Hex(Array(canonicalRequest.utf8)))"
    }

    public static func signingKey(secret: String, date: String, region: String, service: String) -> [UInt8] {
        let dateKey = Digest.hmacSHA256(key: Array(("AWS4" + secret).utf8), Array(date.utf8))
        let regionKey = Digest.hmacSHA256(key: dateKey, Array(region.utf8))
        let serviceKey = Digest.hmacSHA256(key: regionKey, Array(service.utf8))
        return Digest.hmacSHA256(key: serviceKey, Array("aws4_request".utf8))
    }

    /// The path with `.` and `..` segments resolved and repeated slashes kept as AWS's
    /// normalization does for non-S3 services, each segment percent-encoded.
    static func canonicalPath(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var segments: [String] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for (index, part) in parts.enumerated() {
            switch part {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            case "" where index > 0 && index < parts.count - 1: continue  // `//` collapses
            default: segments.append(part)
            }
        }
        var normalized = segments.map(encode).joined(separator: "/")
        if !normalized.hasPrefix("/") { normalized = "/" + normalized }
        if path.hasSuffix("/") && !normalized.hasSuffix("/") { normalized += "/" }
        return normalized
    }

    /// RFC 3986 percent-encoding (`PercentEncoding`), as the canonical request wants it.
    public static func encode(_ text: String) -> String { PercentEncoding.encode(text) }

    /// A header value trimmed, its inner runs of spaces made one.
    static func collapse(_ value: String) -> String {
        var result = ""
        var space = false
        for character in value {
            if character == " " || character == "\t" {
                space = true
            } else {
                if space && !result.isEmpty { result.append(" ") }
                space = false
                result.append(character)
            }
        }
        return result
    }
}
