import SousChefData
import SousChefServer
import SousLanguage
import SousSupport

/// Roles and environments: a description and two attribute hashes, plus what each adds.
enum NamedObjectSync {
    static func run(_ action: String, kind: ChefObjectKind, name: String, stored: JSON?, empty: JSON, server: ChefServerClient,
                    context: ActionContext, specific: (JSON) throws -> JSON) throws {
        let label = "\(kind.singular) \(name)"
        let url = "\(server.baseURL)/\(kind.rawValue)/\(name)"
        if action == "delete" {
            return try ServerObjectSync.delete(context, label: label, url: url, exists: stored != nil) { try server.remove(kind, name) }
        }
        var wanted = stored ?? empty
        if let description = try context.string("description") { wanted = wanted.setting("description", to: .string(description)) }
        for property in ["default_attributes", "override_attributes"] {
            if let attributes = try ServerObjectSync.attributes(property, over: wanted[property], in: context) {
                wanted = wanted.setting(property, to: attributes)
            }
        }
        wanted = try specific(wanted)
        try ServerObjectSync.converge(context, label: label, url: url, stored: stored, wanted: wanted) {
            try server.save(kind, name, $0)
        }
    }
}
