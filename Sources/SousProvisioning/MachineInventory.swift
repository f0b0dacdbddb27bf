import SousChefData
import SousChefServer
import SousSupport

/// The machines a Chef server knows, read from their specs (`normal.chef_provisioning`) —
/// what `sous machine list` shows and `sous machine ssh` connects to. Nothing is probed:
/// a machine's state is what its driver last recorded.
public struct MachineSummary: Sendable {
    public let name: String
    public let driverURL: String
    /// Where the driver reaches it (the reference's `host`, or `ip_address` / `address`).
    public let address: String?
    /// The cloud's id for it (`instance_id`, as chef-provisioning-aws records it).
    public let instanceID: String?
    /// The driver's whole record of it (`normal.chef_provisioning.reference`).
    public let reference: JSON
    /// What the driver sees now (`running`, `stopped`), else its recorded `state`, else
    /// `converged` when the node has run its client, else `allocated`.
    public let state: String

    public init(name: String, node: JSON, drivers: DriverRegistry? = nil) {
        let spec = MachineSpec(name: name, node: node)
        self.name = name
        driverURL = spec.driverURL ?? "?"
        let reference = spec.reference ?? .object([])
        address = reference["host"]?.stringValue ?? reference["ip_address"]?.stringValue ?? reference["address"]?.stringValue
        instanceID = reference["instance_id"]?.stringValue
        self.reference = reference
        let converged = !(node["automatic"]?.objectValue ?? []).isEmpty
        let seen = spec.driverURL.flatMap { try? drivers?.driver(for: $0) }?.state(spec)
        state = seen ?? reference["state"]?.stringValue ?? (converged ? "converged" : "allocated")
    }

    public var json: JSON {
        .object([("name", .string(name)), ("driver", .string(driverURL)), ("address", address.map(JSON.string) ?? .null),
                 ("instance_id", instanceID.map(JSON.string) ?? .null), ("state", .string(state))])
    }
}

public enum MachineInventory {
    /// Every node with a machine spec, by name; each machine's state as its driver sees it
    /// when `drivers` has that driver.
    public static func list(on server: ChefServerClient, drivers: DriverRegistry? = nil) throws -> [MachineSummary] {
        try nodes(on: server).compactMap { row in
            guard let name = row["name"]?.stringValue else { return nil }
            return MachineSummary(name: name, node: row, drivers: drivers)
        }.sorted { $0.name < $1.name }
    }

    /// The nodes of every machine, whole, as one search returns them.
    public static func nodes(on server: ChefServerClient) throws -> [JSON] {
        try server.search("node", query: "chef_provisioning_driver_url:*")
    }

    /// A machine's spec from the server, with its driver.
    public static func machine(_ name: String, server: ChefServerClient, drivers: DriverRegistry) throws -> (MachineSpec, Driver) {
        if let problem = ChefNames.problem(inMachineName: name) { throw ProvisioningError.invalidMachineName(name: name, problem: problem, nothingMade: false) }
        guard let node = try server.fetch(.node, name) else {
            throw ProvisioningError.noSuchNode(machine: name, server: server.baseURL)
        }
        let spec = MachineSpec(name: name, node: node)
        spec.serverURL = server.baseURL
        guard let url = spec.driverURL else {
            throw ProvisioningError.notAMachine(node: name, server: server.baseURL)
        }
        return (spec, try drivers.driver(for: url))
    }

    /// Converges one machine again as its bring-up did with the default strategy: this
    /// sous binary installed there when it differs, then `sous client -c /etc/chef/client.rb`
    /// (through a port forwarded over SSH when the machine cannot reach the Chef server).
    public static func converge(_ name: String, server: ChefServerClient, drivers: DriverRegistry, reporter: StageReporter) throws {
        let (spec, driver) = try machine(name, server: server, drivers: drivers)
        let connection = try driver.connect(spec, options: .object([]))
        try ConvergenceStrategy.sous.converge(machine: name, connection: connection, clientRB: "/etc/chef/client.rb",
                                              serverURL: server.baseURL, reporter: reporter, options: .object([]))
    }

    /// A connection to one machine, through its driver and what the driver recorded.
    public static func connect(_ name: String, server: ChefServerClient, drivers: DriverRegistry) throws -> MachineConnection {
        let (spec, driver) = try machine(name, server: server, drivers: drivers)
        return try driver.connect(spec, options: .object([]))
    }
}
