import SousChefData
import SousChefServer
import SousSupport

/// A machine as chef-provisioning records it: its node on the Chef server, with
/// `normal.chef_provisioning` = `{"reference": {...}, "driver_url": "..."}`. The reference is
/// the driver's own record of the machine. sous reads and writes exactly this, so machines
/// made by chef-provisioning can be adopted by sous and the other way round.
public final class MachineSpec {
    public let name: String
    /// The node document as stored (or about to be).
    public var node: JSON
    /// The Chef server the spec lives on (drivers record it with what they make, so that a
    /// sweep for orphans asks the right server).
    public var serverURL: String?

    public init(name: String, node: JSON?) {
        self.name = name
        self.node = node ?? NodeDocument.make(name: name)
    }

    var provisioning: JSON { node.dig("normal", "chef_provisioning") ?? .object([]) }

    public var driverURL: String? { provisioning["driver_url"]?.stringValue }

    public var reference: JSON? {
        guard let reference = provisioning["reference"], reference != .null else { return nil }
        return reference
    }

    /// Records what the driver made (or forgets it, with nil).
    public func record(driverURL: String?, reference: JSON?) {
        var record = provisioning
        record = record.setting("driver_url", to: driverURL.map(JSON.string) ?? .null)
        record = record.setting("reference", to: reference ?? .null)
        let normal = (node["normal"] ?? .object([])).setting("chef_provisioning", to: record)
        node = node.setting("normal", to: normal)
    }

    /// Saves the node (PUT, POST when new), as chef-provisioning saves after every stage.
    public func save(to server: ChefServerClient) throws {
        try server.save(.node, name, node)
    }
}

/// Machine options: hashes deep-merged, the first source winning for plain values, keys
/// compared as strings (so `:ssh_options` and `'ssh_options'` are one key, a confusion
/// chef-provisioning users reported).
public enum MachineOptions {
    /// `sources` highest precedence first.
    public static func merge(_ sources: [JSON]) -> JSON {
        sources.reversed().reduce(JSON.object([])) { merged, source in merged.deepMerged(with: source) }
    }
}
