import SousChefData
import SousChefServer
import SousLanguage
import SousSupport

/// Cheffish's `chef_role`.
struct ChefRoleResource: ResourceType {
    static let name = "chef_role"
    static let actions = ["create", "delete"]
    static let defaultAction = "create"
    static let properties = [
        Property("name", [.string], nameProperty: true),
        Property("description", [.string]),
        Property("run_list", [.array]),
        Property("env_run_lists", [.hash]),
        Property("default_attributes", [.hash]),
        Property("override_attributes", [.hash]),
        ServerObjectSync.completeProperty,
        ServerObjectSync.chefServerProperty,
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let server = try ServerObjectSync.server(for: context)
        let name = try context.requiredString("name")
        let stored = try server.fetch(.role, name)
        let empty: JSON = .object([
            ("name", .string(name)), ("description", .string("")), ("json_class", .string("Chef::Role")),
            ("chef_type", .string("role")), ("run_list", .array([])), ("env_run_lists", .object([])),
            ("default_attributes", .object([])), ("override_attributes", .object([])),
        ])
        try NamedObjectSync.run(action, kind: .role, name: name, stored: stored, empty: empty, server: server, context: context) { wanted in
            var wanted = wanted
            if ServerObjectSync.isSet("run_list", in: context) {
                wanted = wanted.setting("run_list", to: .array(try context.strings("run_list").map(RunListItem.normalize).map { .string($0) }))
            }
            if let lists = try ServerObjectSync.json("env_run_lists", in: context) { wanted = wanted.setting("env_run_lists", to: lists) }
            return wanted
        }
    }
}
