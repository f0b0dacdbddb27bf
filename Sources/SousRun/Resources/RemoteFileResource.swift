import SousChefServer
import SousLanguage
import SousSupport

/// `remote_file`: a file downloaded over http, https or file URLs. It is not fetched when
/// the file already has the `checksum` (SHA-256, or a prefix of it), and is asked for only
/// if modified since the local copy was written; content that has not changed is left alone.
struct RemoteFileResource: ResourceType {
    static let name = "remote_file"
    static let actions = ["create", "create_if_missing", "delete", "touch"]
    static let defaultAction = "create"
    static let properties = [
        Property("path", [.string], nameProperty: true),
        Property("source", [.string, .array]),
        Property("checksum", [.string], validations: [.regex(["\\A[0-9a-fA-F]{1,64}\\z"])]),
        Property("headers", [.hash]),
        Property.with("use_conditional_get", [.boolean], default: .true),
    ] + FileResource.accessProperties + FileResource.updateProperties

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let path = try context.requiredString("path")
        let file = ManagedFile(context, path: path)
        if action == "delete" { return try file.delete() }
        let existing = try file.currentStatus()
        if action == "create_if_missing", existing != nil { return }
        let checksum = try context.string("checksum")?.lowercased()
        let current = existing == nil ? nil : try FileSystem.read(path)
        var created = false
        if let checksum, let current, Digest.sha256Hex(current).hasPrefix(checksum) {
            context.logger.debug("\(resource.identity) checksum matches the local file, not downloading")
        } else if let content = try download(context, since: current == nil ? nil : existing, whyRunFallback: path) {
            if let checksum, !Digest.sha256Hex(content).hasPrefix(checksum) {
                throw ActionError("Chef::Exceptions::ChecksumMismatch",
                                  "Checksum on resource (\(checksum)) does not match checksum on content (\(Digest.sha256Hex(content).prefix(checksum.count)))")
            }
            created = try file.create(content: content)
        }
        try file.applyAccessControl(created: created)
        if action == "touch" { try file.touch() }
    }

    /// The body of the first source that answers; nil when the server says the local copy
    /// is current (304). In why-run a source that cannot be fetched yet (an earlier
    /// resource would make it) is reported as a download that would happen.
    private static func download(_ context: ActionContext, since local: FileStatus?, whyRunFallback path: String) throws -> [UInt8]? {
        let sources = try context.strings("source")
        guard !sources.isEmpty else {
            throw ActionError("Chef::Exceptions::ValidationFailed", "source is required: the URL to download")
        }
        var headers = try context.stringPairs("headers")
        if let local, try context.bool("use_conditional_get") {
            let modified = CivilTime(seconds: Double(local.modified.tv_sec), offset: 0)
            headers.append(("If-Modified-Since", modified.httpDate))
        }
        var lastError: ActionError?
        for url in sources {
            do {
                let response = try HTTPClient.request(url: url, headers: headers)
                if response.status == 304 { return nil }
                if url.hasPrefix("file:") || (200..<300).contains(response.status) { return response.body }
                let kind = response.status >= 500 ? "Net::HTTPFatalError" : "Net::HTTPClientException"
                lastError = ActionError(kind, "\(response.status) from \(url)")
            } catch let failure as HTTPFailure {
                lastError = ActionError("SocketError", failure.description)
            }
            context.logger.warn("\(context.resource.identity) could not download \(url): \(lastError!.message)")
        }
        if context.whyRun {
            try context.converge(by: "download \(sources[0]) to \(path)") {}
            return nil
        }
        throw lastError!
    }
}
