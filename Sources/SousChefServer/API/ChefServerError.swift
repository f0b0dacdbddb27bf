import SousSupport

/// A request the Chef server refused or answered with something unusable: names the
/// method, URL and status, the server's own message, and what to do.
public struct ChefServerError: UserFacingError {
    public let method: String
    public let url: String
    /// The HTTP status; nil when there was no HTTP answer at all.
    public let status: Int?
    public let serverMessage: String?
    public let hint: String?
    /// The request had been sent before and may have been carried out then (a 5xx answer or
    /// a broken connection came back instead of the result).
    public var sentBefore = false

    public var description: String {
        var text = "\(method) \(url)"
        if let status { text += " answered \(status) \(Self.reason(status))" }
        if let serverMessage, !serverMessage.isEmpty { text += ": \(serverMessage)" }
        if let hint { text += "\n  \(hint)" }
        return text
    }

    public var isNotFound: Bool { status == 404 }
    public var isConflict: Bool { status == 409 }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 409: return "Conflict"
        case 413: return "Request Entity Too Large"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }

    /// The message in Chef's error bodies: `{"error": ["message", ...]}` or `{"error": "message"}`.
    static func message(in body: [UInt8]) -> String? {
        guard let json = try? JSON.parse(bytes: body) else {
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            return text.isEmpty ? nil : text
        }
        if let list = json["error"]?.arrayValue { return list.compactMap(\.stringValue).joined(separator: "; ") }
        return json["error"]?.stringValue ?? json["message"]?.stringValue
    }
}
