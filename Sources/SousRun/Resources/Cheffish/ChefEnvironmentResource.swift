import SousChefData
import SousChefServer
import SousLanguage
import SousSupport

/// Cheffish's `chef_environment`.
struct ChefEnvironmentResource: ResourceType {
    static let name = "chef_environment"
    static let actions = ["create", "delete"]
    static let defaultAction = "create"
    static let properties = [
        Property("name", [.string], nameProperty: true),
        Property("description", [.string]),
        Property("cookbook_versions", [.hash]),
        Property("default_attributes", [.hash]),
        Property("override_attributes", [.hash]),
        ServerObjectSync.completeProperty,
        ServerObjectSync.chefServerProperty,
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let server = try ServerObjectSync.server(for: context)
        let name = try context.requiredString("name")
        let stored = try server.fetch(.environment, name)
        let empty: JSON = .object([
            ("name", .string(name)), ("description", .string("")), ("json_class", .string("Chef::Environment")),
            ("chef_type", .string("environment")), ("cookbook_versions", .object([])),
            ("default_attributes", .object([])), ("override_attributes", .object([])),
        ])
        try NamedObjectSync.run(action, kind: .environment, name: name, stored: stored, empty: empty, server: server, context: context) { wanted in
            guard let versions = try ServerObjectSync.json("cookbook_versions", in: context) else { return wanted }
            return wanted.setting("cookbook_versions", to: versions)
        }
    }
}
