import SousChefData
import SousChefServer
import SousLanguage
import SousSupport

/// What Cheffish's resources share: which server a resource talks to, what the user set,
/// and converging a server object by comparing what is stored with what is wanted, so that
/// an update is sent only when something differs and the output lists each changed field.
public enum ServerObjectSync {
    /// The `chef_server` property every Cheffish resource (and every machine) has: set from
    /// `with_chef_server` or `with_chef_local_server`.
    public static let chefServerProperty = Property("chef_server", [.hash])
    /// `complete true`: the given attributes replace the stored ones instead of merging.
    static let completeProperty = Property.with("complete", [.boolean], default: .false)

    /// The server for this resource: its `chef_server` (from `with_chef_server`), else the
    /// run's.
    public static func server(for context: ActionContext) throws -> ChefServerClient {
        guard let server = try serverIfAny(for: context.resource, run: context.run) else {
            throw ActionError("RuntimeError", "\(context.resource.identity) needs a Chef server; run it with `sous client -c knife.rb` "
                + "(sous apply has none), or name one with with_chef_server")
        }
        return server
    }

    /// The server for `resource`: its `chef_server`, else the run's; nil when there is none.
    public static func serverIfAny(for resource: Resource, run: RunContext) throws -> ChefServerClient? {
        guard resource.type.property(named: "chef_server") != nil,
              let hash = try run.value(of: "chef_server", in: resource).asHash else { return run.server }
        let interp = run.interpreter
        func field(_ hash: RHash?, _ key: String) throws -> String? {
            guard let value = hash?.get(.symbol(key)) ?? hash?.get(interp.makeString(key)), !value.isNil else { return nil }
            return try interp.toS(value)
        }
        guard let url = try field(hash, "chef_server_url") else {
            throw ActionError("ArgumentError", "with_chef_server needs a URL")
        }
        let options = hash.get(.symbol("options"))?.asHash
        let name = try field(options, "client_name") ?? run.config?.nodeName
        let keyPath = try field(options, "signing_key_filename") ?? run.config?.clientKey
        let cacheKey = "\(url)|\(name ?? "")|\(keyPath ?? "")"
        if let cached = run.otherServers[cacheKey] { return cached }
        guard let name, let keyPath else {
            throw ActionError("ArgumentError", "with_chef_server \(url) needs client_name: and signing_key_filename:")
        }
        var config = try run.config ?? ChefConfig.load(path: nil, interpreter: interp)
        config.chefServerURL = url
        let client = try config.makeClient(name: name, keyPath: keyPath)
        run.otherServers[cacheKey] = client
        return client
    }

    /// Whether the recipe set a property (rather than leaving its default).
    static func isSet(_ property: String, in context: ActionContext) -> Bool {
        context.resource.values[property] != nil
    }

    /// A property's value as JSON, when the recipe set it.
    static func json(_ property: String, in context: ActionContext) throws -> JSON? {
        guard isSet(property, in: context) else { return nil }
        return try context.interpreter.jsonValue(of: try context.value(property))
    }

    /// A hash of attributes merged into (or, with `complete`, replacing) what is stored.
    static func attributes(_ property: String, over stored: JSON?, in context: ActionContext) throws -> JSON? {
        guard let given = try json(property, in: context) else { return nil }
        if try context.bool("complete") { return given }
        return (stored ?? .object([])).deepMerged(with: given)
    }

    /// Creates or updates an object: `wanted` is compared with `stored` field by field;
    /// nothing is sent when they agree.
    static func converge(_ context: ActionContext, label: String, url: String, stored: JSON?, wanted: JSON,
                         save: (JSON) throws -> Void) throws {
        guard let stored else {
            let fields = describeFields(of: wanted, prefix: "")
            try context.converge(by: ["create \(label) at \(url)"] + fields.map { "  " + $0 }) { try save(wanted) }
            return
        }
        let changes = differences(from: stored, to: wanted, prefix: "")
        guard !changes.isEmpty else { return }
        try context.converge(by: ["update \(label) at \(url)"] + changes.map { "  " + $0 }) { try save(wanted) }
    }

    /// Deletes an object if it exists.
    static func delete(_ context: ActionContext, label: String, url: String, exists: Bool, remove: () throws -> Void) throws {
        guard exists else { return }
        try context.converge(by: "delete \(label) at \(url)") { try remove() }
    }

    /// `update run_list from [...] to [...]`, `add normal.app.port = 8080`, one line per leaf
    /// that differs.
    public static func differences(from old: JSON, to new: JSON, prefix: String = "") -> [String] {
        if case .object(let newPairs) = new, case .object = old {
            var lines: [String] = []
            for (key, value) in newPairs {
                let path = prefix + key
                if let before = old[key] {
                    lines += differences(from: before, to: value, prefix: path + ".")
                } else {
                    lines.append("add \(path) = \(value.rendered())")
                }
            }
            for (key, value) in old.objectValue ?? [] where new[key] == nil {
                lines.append("remove \(prefix + key) (was \(value.rendered()))")
            }
            return lines
        }
        guard old != new else { return [] }
        let path = String(prefix.dropLast())
        return ["update \(path) from \(old.rendered()) to \(new.rendered())"]
    }

    /// The fields of a new object, for the `create` lines (empty ones, and the ones every
    /// object of the kind has, left out).
    static func describeFields(of object: JSON, prefix: String) -> [String] {
        (object.objectValue ?? []).compactMap { key, value in
            if ["name", "json_class", "chef_type", "id"].contains(key) { return nil }
            switch value {
            case .object(let pairs) where pairs.isEmpty: return nil
            case .array(let items) where items.isEmpty: return nil
            case .string(let text) where text.isEmpty: return nil
            default: return "set \(prefix + key) to \(value.rendered())"
            }
        }
    }
}
