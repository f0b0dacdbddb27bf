import SousChefData
import SousChefServer
import SousLanguage
import SousSupport

/// Cheffish's `chef_client`: an API client on the Chef server. Its public key comes from
/// `source_key` / `source_key_path` (a private or public key); without one the server makes
/// the key pair. The private key, when known, is written to `output_key_path`, mode 0600.
struct ChefClientResource: ResourceType {
    static let name = "chef_client"
    static let actions = ["create", "delete"]
    static let defaultAction = "create"
    static let properties = [
        Property("name", [.string], nameProperty: true),
        Property.with("admin", [.boolean], default: .false),
        Property.with("validator", [.boolean], default: .false),
        Property("source_key", [.string], sensitive: true),
        Property("source_key_path", [.string]),
        Property("output_key_path", [.string]),
        ServerObjectSync.chefServerProperty,
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let server = try ServerObjectSync.server(for: context)
        let name = try context.requiredString("name")
        let stored = try server.fetch(.client, name)
        let label = "client \(name)"
        let url = "\(server.baseURL)/clients/\(name)"
        if action == "delete" {
            return try ServerObjectSync.delete(context, label: label, url: url, exists: stored != nil) { try server.remove(.client, name) }
        }
        let source = try sourceKey(context)
        let admin = try context.bool("admin"), validator = try context.bool("validator")
        let outputPath = try context.string("output_key_path")
        if stored == nil {
            var created: String?
            try context.converge(by: ["create client \(name) at \(url)"] + (source == nil ? ["  with a key made by the server"] : [])) {
                created = try server.createClient(name: name, publicKey: source?.publicPEM, admin: admin, validator: validator).privateKey
            }
            if let outputPath, let privateKey = created ?? source?.privatePEM {
                try writeKey(privateKey, to: outputPath, context: context)
            }
            return
        }
        var changes: [String] = []
        if stored?["admin"]?.boolValue != admin { changes.append("  update admin from \(stored?["admin"]?.rendered() ?? "null") to \(admin)") }
        if stored?["validator"]?.boolValue != validator {
            changes.append("  update validator from \(stored?["validator"]?.rendered() ?? "null") to \(validator)")
        }
        let storedKey = stored?["public_key"]?.stringValue
        if let source, !samePublicKey(storedKey, source.publicPEM) { changes.append("  update public_key") }
        if !changes.isEmpty {
            var body: [(String, JSON)] = [("name", .string(name)), ("admin", .bool(admin)), ("validator", .bool(validator))]
            if let key = source?.publicPEM ?? storedKey { body.append(("public_key", .string(key))) }
            try context.converge(by: ["update client \(name) at \(url)"] + changes) {
                try server.put("clients/\(ChefServerClient.escape(name))", .object(body))
            }
        }
        if let outputPath, let privateKey = source?.privatePEM { try writeKey(privateKey, to: outputPath, context: context) }
    }

    /// A public key and, when the source is a private key, its private half.
    struct SourceKey {
        let publicPEM: String
        let privatePEM: String?
    }

    static func sourceKey(_ context: ActionContext) throws -> SourceKey? {
        var text = try context.string("source_key")
        var origin = "source_key"
        if text == nil, let path = try context.string("source_key_path") {
            do {
                text = String(decoding: try FileSystem.read(path), as: UTF8.self)
            } catch {
                throw ActionError("Errno::ENOENT", "cannot read source_key_path \(path): \(error)")
            }
            origin = path
        }
        guard let text else { return nil }
        if text.contains("BEGIN PUBLIC KEY") { return SourceKey(publicPEM: text, privatePEM: nil) }
        do {
            let key = try RSAPrivateKey(pem: text, origin: origin)
            return SourceKey(publicPEM: key.publicPEM, privatePEM: key.privatePEM)
        } catch let error as KeyError {
            throw ActionError("ArgumentError", error.description)
        }
    }

    /// Writes a private key (mode 0600) when the file does not already hold it.
    static func writeKey(_ pem: String, to path: String, context: ActionContext) throws {
        let current = try? FileSystem.read(path)
        let mode = FileSystem.status(path, followLinks: true)?.mode
        guard current != Array(pem.utf8) || mode != 0o600 else { return }
        try context.converge(by: "write the private key of \(context.resource.name) to \(path) (mode 0600)") {
            try FileSystem.writeSecret(path, Array(pem.utf8))
        }
    }
}
