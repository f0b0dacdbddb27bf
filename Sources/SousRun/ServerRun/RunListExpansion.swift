import SousChefData
import SousChefServer
import SousSupport

/// A run list with its roles expanded, as chef-client expands it against the server.
public struct ExpandedRunList {
    /// Recipes in run order, each once (`app`, `app::web`).
    public var recipes: [String] = []
    /// Every role reached, each once, in the order reached.
    public var roles: [String] = []
    /// The roles' `default_attributes` and `override_attributes`, merged in run-list order.
    public var roleDefault: JSON = .object([])
    public var roleOverride: JSON = .object([])
}

/// A run list names a role the server does not have, or roles that include each other.
public struct RunListExpansionError: UserFacingError {
    public let description: String
}

public enum RunListExpansion {
    /// Expands `items` for `environment`: a role's `env_run_lists[environment]`, when it has
    /// one, replaces its `run_list`.
    public static func expand(_ items: [String], environment: String, server: ChefServerClient) throws -> ExpandedRunList {
        var expanded = ExpandedRunList()
        var visiting: [String] = []
        try expand(items, environment: environment, server: server, into: &expanded, visiting: &visiting)
        return expanded
    }

    private static func expand(_ items: [String], environment: String, server: ChefServerClient,
                               into expanded: inout ExpandedRunList, visiting: inout [String]) throws {
        for item in items {
            let normalized = try RunListItem.normalize(item)
            let name = String(normalized.drop(while: { $0 != "[" }).dropFirst().dropLast())
            if normalized.hasPrefix("recipe[") {
                let recipe = name.hasSuffix("::default") ? String(name.dropLast("::default".count)) : name
                if !expanded.recipes.contains(recipe) { expanded.recipes.append(recipe) }
                continue
            }
            guard !visiting.contains(name) else {
                throw RunListExpansionError(description: "roles include each other: \((visiting + [name]).map { "role[\($0)]" }.joined(separator: " -> "))")
            }
            guard !expanded.roles.contains(name) else { continue }
            guard let role = try server.fetch(.role, name) else {
                throw RunListExpansionError(description: "the run list names role[\(name)], which does not exist on \(server.baseURL); "
                    + "create it with: sous knife role from file \(name).json")
            }
            expanded.roles.append(name)
            expanded.roleDefault = expanded.roleDefault.deepMerged(with: role["default_attributes"] ?? .object([]))
            expanded.roleOverride = expanded.roleOverride.deepMerged(with: role["override_attributes"] ?? .object([]))
            let runList = role["env_run_lists"]?[environment]?.arrayValue ?? role["run_list"]?.arrayValue ?? []
            visiting.append(name)
            try expand(runList.compactMap(\.stringValue), environment: environment, server: server, into: &expanded, visiting: &visiting)
            visiting.removeLast()
        }
    }
}
