import SousLanguage
import SousSupport

/// The node as the Chef server keeps it: loaded from and saved as Chef's node JSON.
extension ChefNode {
    /// Takes what the server stored: the run list, the environment and the normal
    /// attributes persist between runs; default, override and automatic attributes are
    /// rebuilt by each run, as chef-client does.
    public func adopt(serverDocument document: JSON) throws {
        if let environment = document["chef_environment"]?.stringValue {
            _ = try interpreter.callMethod(value, "chef_environment=", Args([interpreter.makeString(environment)]))
        }
        try setRunList(NodeDocument.runList(document))
        if let normal = document["normal"], case .object = normal {
            _ = try interpreter.callMethod(value, "normal=", Args([interpreter.rubyValue(from: normal)]))
        }
    }

    public func setRunList(_ items: [String]) throws {
        _ = try interpreter.callMethod(value, "run_list=", Args([interpreter.makeArray(items.map { interpreter.makeString($0) })]))
    }

    /// Merges `attributes` into one precedence level (for `-j` files and role attributes).
    public func merge(_ extra: JSON, at level: AttributeLevel) throws {
        let current = try attributes(at: level)
        let merged = try interpreter.callMethod(interpreter.constant(path: "Chef::Node") ?? .null, "merge_values",
                                                Args([try interpreter.callMethod(current, "to_hash", Args()), interpreter.rubyValue(from: extra)]))
        _ = try interpreter.callMethod(value, "\(level.rawValue)=", Args([merged]))
    }

    public var name: String {
        get throws { try interpreter.toS(try interpreter.callMethod(value, "name", Args())) }
    }

    public var environment: String {
        get throws { try interpreter.toS(try interpreter.callMethod(value, "chef_environment", Args())) }
    }

    public var runList: [String] {
        get throws {
            let list = try interpreter.callMethod(try interpreter.callMethod(value, "run_list", Args()), "to_a", Args())
            return try (list.asArray?.items ?? []).map { try interpreter.toS($0) }
        }
    }

    /// The node as chef-client saves it.
    public func serverDocument() throws -> JSON {
        func level(_ method: String) throws -> JSON {
            try interpreter.jsonValue(of: try interpreter.callMethod(try interpreter.callMethod(value, method, Args()), "to_hash", Args()))
        }
        return .object([
            ("name", .string(try name)), ("chef_environment", .string(try environment)), ("json_class", .string("Chef::Node")),
            ("automatic", try level("automatic")), ("normal", try level("normal")), ("chef_type", .string("node")),
            ("default", try level("combined_default")), ("override", try level("combined_override")),
            ("run_list", .array(try runList.map { .string($0) })),
        ])
    }
}
