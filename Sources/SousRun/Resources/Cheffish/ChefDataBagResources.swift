import SousChefData
import SousChefServer
import SousLanguage

/// Cheffish's `chef_data_bag`.
struct ChefDataBagResource: ResourceType {
    static let name = "chef_data_bag"
    static let actions = ["create", "delete"]
    static let defaultAction = "create"
    static let properties = [
        Property("name", [.string], nameProperty: true),
        ServerObjectSync.chefServerProperty,
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let server = try ServerObjectSync.server(for: context)
        let bag = try context.requiredString("name")
        let exists = try server.dataBagItems(bag) != nil
        let url = "\(server.baseURL)/data/\(bag)"
        if action == "delete" {
            return try ServerObjectSync.delete(context, label: "data bag \(bag)", url: url, exists: exists) {
                try server.delete("data/\(ChefServerClient.escape(bag))")
            }
        }
        guard !exists else { return }
        try context.converge(by: "create data bag \(bag) at \(url)") { try server.createDataBag(bag) }
    }
}

/// Cheffish's `chef_data_bag_item`: named `'bag/item'`, or `'item'` with `data_bag 'bag'`.
/// `raw_data` is merged into the stored item (replaced with `complete true`); the bag is
/// made when it is missing.
struct ChefDataBagItemResource: ResourceType {
    static let name = "chef_data_bag_item"
    static let actions = ["create", "delete"]
    static let defaultAction = "create"
    static let properties = [
        Property("name", [.string], nameProperty: true),
        Property("data_bag", [.string]),
        Property("id", [.string]),
        Property("raw_data", [.hash]),
        ServerObjectSync.completeProperty,
        ServerObjectSync.chefServerProperty,
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let server = try ServerObjectSync.server(for: context)
        let (bag, id) = try names(context)
        let stored = try server.dataBagItem(bag, id)
        let label = "data bag item \(bag)/\(id)"
        let url = "\(server.baseURL)/data/\(bag)/\(id)"
        if action == "delete" {
            return try ServerObjectSync.delete(context, label: label, url: url, exists: stored != nil) {
                try server.delete("data/\(ChefServerClient.escape(bag))/\(ChefServerClient.escape(id))")
            }
        }
        var wanted = try ServerObjectSync.attributes("raw_data", over: stored, in: context) ?? stored ?? .object([])
        wanted = wanted.setting("id", to: .string(id))
        try ServerObjectSync.converge(context, label: label, url: url, stored: stored, wanted: wanted) { item in
            if stored == nil, try server.dataBagItems(bag) == nil { try server.createDataBag(bag) }
            try server.saveDataBagItem(bag, item)
        }
    }

    /// The bag and the item id, from `'bag/item'` or from `data_bag` and `id` (or the name).
    static func names(_ context: ActionContext) throws -> (String, String) {
        let name = try context.requiredString("name")
        if let bag = try context.string("data_bag") { return (bag, try context.string("id") ?? name) }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ActionError("ArgumentError", "chef_data_bag_item \(name.debugDescription) names no data bag: "
                + "write chef_data_bag_item 'BAG/ITEM', or set data_bag 'BAG'")
        }
        return (parts[0], try context.string("id") ?? parts[1])
    }
}
