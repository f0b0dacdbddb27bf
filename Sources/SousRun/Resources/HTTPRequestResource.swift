import SousChefServer
import SousSupport

/// `http_request`: a request sent at converge time (`get`, `post`, `put`, `delete`, `head`,
/// `options`), as Chef's does it: every run, failing on a status that is not 2xx or 3xx.
struct HTTPRequestResource: ResourceType {
    static let name = "http_request"
    static let actions = ["get", "post", "put", "delete", "head", "options", "patch"]
    static let defaultAction = "get"
    static let properties = [
        Property("url", [.string]),
        Property("message", [.string, .hash]),
        Property.with("headers", [.hash], default: .null),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let url = try context.string("url") ?? resource.name
        let method = action.uppercased()
        var body: [UInt8]?
        let message = try context.value("message")
        if ["post", "put", "patch"].contains(action) {
            body = message.asHash != nil ? Array(try context.interpreter.jsonValue(of: message).rendered().utf8)
                : Array((try context.string("message") ?? resource.name).utf8)
        }
        let headers = try context.stringPairs("headers")
        try context.converge(by: "\(resource.identity) \(method) to \(url)") {
            let response: HTTPResponse
            do {
                response = try HTTPConnection().send(method, url: url, headers: headers, body: body, timeout: 60)
            } catch let failure as HTTPFailure {
                throw ActionError("Net::HTTPError", "\(method) \(url) failed: \(failure.reason)")
            }
            guard (200..<400).contains(response.status) else {
                throw ActionError("Net::HTTPClientException", "\(method) \(url) answered \(response.status)",
                                  details: [String(decoding: response.body.prefix(500), as: UTF8.self)])
            }
            context.logger.info("\(resource.identity) \(method) to \(url) successful")
        }
    }
}
