import SousChefServer
import SousLanguage

/// The machines a Chef server knows, read from their specs (`normal.chef_provisioning`) —
/// what `sous machine list` shows and `sous machine ssh` connects to. Nothing is probed:
/// a machine's state is what its driver last recorded.
public struct MachineSummary: Sendable {
    public let name: String
    public let driverURL: String
    /// Where the driver reaches it (the reference's `host`, or `ip_address` / `address`).
    public let address: String?
    /// The driver's recorded `state` (`running`, `stopped`), else `converged` when the node
    /// has run its client, else `allocated`.
    public let state: String

    init(name: String, node: JSON) {
        let spec = MachineSpec(name: name, node: node)
        self.name = name
        driverURL = spec.driverURL ?? "?"
        let reference = spec.reference ?? .object([])
        address = reference["host"]?.stringValue ?? reference["ip_address"]?.stringValue ?? reference["address"]?.stringValue
        let converged = !(node["automatic"]?.objectValue ?? []).isEmpty
        state = reference["state"]?.stringValue ?? (converged ? "converged" : "allocated")
    }

    public var json: JSON {
        .object([("name", .string(name)), ("driver", .string(driverURL)), ("address", address.map(JSON.string) ?? .null),
                 ("state", .string(state))])
    }
}

public enum MachineInventory {
    /// Every node with a machine spec, by name.
    public static func list(on server: ChefServerClient) throws -> [MachineSummary] {
        try server.search("node", query: "chef_provisioning_driver_url:*").compactMap { row in
            guard let name = row["name"]?.stringValue else { return nil }
            return MachineSummary(name: name, node: row)
        }.sorted { $0.name < $1.name }
    }

    /// A connection to one machine, through its driver and what the driver recorded.
    public static func connect(_ name: String, server: ChefServerClient, drivers: DriverRegistry) throws -> MachineConnection {
        guard let node = try server.fetch(.node, name) else {
            throw ProvisioningError("there is no node \(name) at \(server.baseURL); `sous machine list` shows the machines there")
        }
        let spec = MachineSpec(name: name, node: node)
        guard let url = spec.driverURL else {
            throw ProvisioningError("node \(name) at \(server.baseURL) is not a machine: it has no chef_provisioning driver_url")
        }
        return try drivers.driver(for: url).connect(spec, options: .object([]))
    }
}
