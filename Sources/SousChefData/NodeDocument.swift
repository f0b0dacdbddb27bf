import SousSupport

/// A run list entry as Chef writes it: `recipe[NAME]` or `role[NAME]`.
public enum RunListItem {
    /// `apache2` and `apache2::mod_ssl` become `recipe[...]`; `recipe[x]` and `role[y]` stay.
    public static func normalize(_ text: String) throws -> String {
        let item = text.trimmingSpaces()
        if item.hasPrefix("recipe[") || item.hasPrefix("role[") {
            guard item.hasSuffix("]"), item.count > (item.hasPrefix("role[") ? 6 : 8) else {
                throw RunListError(item: text)
            }
            return item
        }
        guard !item.isEmpty, !item.contains("["), !item.contains("]"), !item.contains(" ") else { throw RunListError(item: text) }
        return "recipe[\(item)]"
    }

    /// A comma-separated list, as knife's `run_list add NODE 'recipe[a],role[b]'` takes it.
    public static func parseList(_ text: String) throws -> [String] {
        try text.split(separator: ",").map { try normalize(String($0)) }
    }
}

public struct RunListError: UserFacingError {
    public let item: String
    public var description: String {
        "\(item) is not a run list item; write recipe[COOKBOOK], recipe[COOKBOOK::RECIPE] or role[NAME]"
    }
}

/// A node as the Chef server stores it (JSON), and the reads knife makes of it.
public enum NodeDocument {
    /// A new node, in the shape chef-client first saves.
    public static func make(name: String, environment: String = "_default", runList: [String] = []) -> JSON {
        .object([
            ("name", .string(name)), ("chef_environment", .string(environment)), ("json_class", .string("Chef::Node")),
            ("automatic", .object([])), ("normal", .object([("tags", .array([]))])), ("chef_type", .string("node")),
            ("default", .object([])), ("override", .object([])), ("run_list", .array(runList.map { .string($0) })),
        ])
    }

    /// An attribute by its dotted path (`ipaddress`, `kernel.machine`), as merged reads see
    /// it: automatic over override over normal over default. `name`, `chef_environment`
    /// and `run_list` are the node's own fields.
    public static func attribute(_ node: JSON, path: String) -> JSON? {
        let keys = path.split(separator: ".").map(String.init)
        guard let first = keys.first else { return nil }
        if keys.count == 1, ["name", "chef_environment", "run_list"].contains(first), let own = node[first] { return own }
        for level in ["automatic", "override", "normal", "default"] {
            var current = node[level]
            for key in keys { current = current?[key] }
            if let current { return current }
        }
        return nil
    }

    public static func runList(_ node: JSON) -> [String] {
        node["run_list"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}

extension JSON {
    /// Chef's deep merge for attributes: objects merge key by key, `other` wins elsewhere,
    /// and a null in `other` never replaces a value.
    public func deepMerged(with other: JSON) -> JSON {
        guard case .object(var pairs) = self, case .object(let extra) = other else {
            return other == .null ? self : other
        }
        for (key, value) in extra {
            if let index = pairs.firstIndex(where: { $0.0 == key }) {
                pairs[index].1 = pairs[index].1.deepMerged(with: value)
            } else {
                pairs.append((key, value))
            }
        }
        return .object(pairs)
    }
}

extension JSON {
    /// True when every top-level field of this object has the same value in `stored`: what
    /// "up to date" means for an object sent to the server, which adds fields of its own.
    public func isSatisfied(by stored: JSON?) -> Bool {
        guard let stored, let pairs = objectValue else { return false }
        return pairs.allSatisfy { key, value in stored[key] == value }
    }
}
