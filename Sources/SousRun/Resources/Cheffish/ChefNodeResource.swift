import SousChefData
import SousChefServer
import SousLanguage
import SousSupport

/// Cheffish's `chef_node`: a node on the Chef server. Attributes given are merged into the
/// stored ones (replaced with `complete true`); `attributes` are its normal attributes; the
/// run list and environment are set; the node properties (`attribute`, `tags`, `tag`,
/// `recipe`...) change what is stored.
struct ChefNodeResource: ResourceType {
    static let name = "chef_node"
    static let actions = ["create", "delete"]
    static let defaultAction = "create"
    static let properties = [
        Property("name", [.string], nameProperty: true),
        Property("chef_environment", [.string]),
        Property("run_list", [.array]),
        Property("default_attributes", [.hash]),
        Property("normal_attributes", [.hash]),
        Property("override_attributes", [.hash]),
        Property("automatic_attributes", [.hash]),
        Property("attributes", [.hash]),
        ServerObjectSync.completeProperty,
        ServerObjectSync.chefServerProperty,
    ]

    static func installExtraMethods(on resourceClass: RModule, interpreter: Interpreter) {
        NodeProperties.install(on: resourceClass, interpreter: interpreter)
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let server = try ServerObjectSync.server(for: context)
        let name = try context.requiredString("name")
        let stored = try server.fetch(.node, name)
        let label = "node \(name)"
        let url = "\(server.baseURL)/nodes/\(name)"
        if action == "delete" {
            return try ServerObjectSync.delete(context, label: label, url: url, exists: stored != nil) { try server.remove(.node, name) }
        }
        var wanted = stored ?? NodeDocument.make(name: name)
        if let environment = try context.string("chef_environment") { wanted = wanted.setting("chef_environment", to: .string(environment)) }
        if ServerObjectSync.isSet("run_list", in: context) {
            let items = try context.strings("run_list").map(RunListItem.normalize)
            wanted = wanted.setting("run_list", to: .array(items.map { .string($0) }))
        }
        for (property, level) in [("default_attributes", "default"), ("normal_attributes", "normal"),
                                  ("override_attributes", "override"), ("automatic_attributes", "automatic")] {
            if let attributes = try ServerObjectSync.attributes(property, over: wanted[level], in: context) {
                wanted = wanted.setting(level, to: attributes)
            }
        }
        if let attributes = try ServerObjectSync.attributes("attributes", over: wanted["normal"], in: context) {
            wanted = wanted.setting("normal", to: attributes)
        }
        let normal = wanted["normal"] ?? .object([])
        let edits = try resource.nodeChanges.edits(startingFrom: normal, interpreter: context.interpreter)
        wanted = wanted.setting("normal", to: edits.applyAttributes(to: normal))
        if edits.changesRunList {
            let runList = edits.applyRunList(to: NodeDocument.runList(wanted))
            wanted = wanted.setting("run_list", to: .array(runList.map { .string($0) }))
        }
        try ServerObjectSync.converge(context, label: label, url: url, stored: stored, wanted: wanted) {
            try server.save(.node, name, $0)
        }
    }
}
