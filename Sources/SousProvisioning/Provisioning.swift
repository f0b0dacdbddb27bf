#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousSupport
import SousRun

/// What the provisioning layer keeps per run: the drivers, the recipe's current driver and
/// machine options (`with_driver`, `with_machine_options`), and one connection per machine,
/// reused across its stages and by `machine_execute` / `machine_file`. Sendable though
/// unchecked: the recipe's settings change only on the recipe's thread, which waits while a
/// batch's threads run, and the connections are behind `lock`.
public final class ProvisioningState: @unchecked Sendable {
    public let drivers: DriverRegistry
    public var currentDriver: String?
    public var machineOptions: JSON = .object([])
    public var chefEnvironment: String?
    /// The node this run itself saves (`node_name` on `chef_server_url`), which a search
    /// for every node finds too; it is no machine, and destroying it is never meant.
    var runNode: (name: String, serverURL: String)?
    private var connections: [String: MachineConnection] = [:]
    private let lock = Mutex()

    init(drivers: DriverRegistry) {
        self.drivers = drivers
    }

    // One connection per machine, shared by its stages and its machine_file/machine_execute;
    // machines of a batch reach this from their own threads.
    func openConnection(_ machine: String) -> MachineConnection? { lock.locked { connections[machine] } }
    func keep(_ connection: MachineConnection, for machine: String) { lock.locked { connections[machine] = connection } }
    func forgetConnection(_ machine: String) { lock.locked { connections[machine] = nil } }

    func isRunNode(_ name: String, on serverURL: String) -> Bool {
        func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
        guard let runNode else { return false }
        return runNode.name == name && trimmed(runNode.serverURL) == trimmed(serverURL)
    }
}

extension ProvisioningState {
    /// The open connection to a machine, or a new one through the driver its spec names.
    func connection(to machine: String, for resource: Resource, run: RunContext) throws -> MachineConnection {
        if let open = openConnection(machine) { return open }
        guard let server = try ServerObjectSync.serverIfAny(for: resource, run: run) else { throw ProvisioningError.needsChefServer(resource: "\(resource.type.name)[\(resource.name)]", machine: machine) }
        let spec = MachineSpec(name: machine, node: try server.fetch(.node, machine))
        guard let url = spec.driverURL, spec.reference != nil else {
            throw ProvisioningError.noProvisioningRecord(machine: machine, server: server.baseURL)
        }
        let options = MachineOptions.merge([spec.reference?["machine_options"] ?? .object([]), machineOptions])
        let connection = try drivers.driver(for: url).connect(spec, options: options)
        keep(connection, for: machine)
        return connection
    }
}

public enum Provisioning {
    /// The provisioning layer as a run extension: its resources and recipe helpers.
    public static func runExtension(drivers: DriverRegistry) -> RunExtension {
        RunExtension(resourceTypes: [MachineResource.self, MachineBatchResource.self, MachineExecuteResource.self, MachineFileResource.self]
                                    + drivers.resourceTypes) { run in
            if let config = run.config {
                drivers.context.secretFiles = [config.clientKey, config.validationKey].compactMap { $0 }
            }
            let state = ProvisioningState(drivers: drivers)
            if let config = run.config, let nodeName = config.nodeName { state.runNode = (nodeName, config.chefServerURL) }
            run.extensionState[ObjectIdentifier(ProvisioningState.self)] = state
            run.interpreter.libraryRefusal = { name in driverGemRefusal(name, drivers: drivers) }
            try ProvisioningDSL.install(into: run)
        }
    }
}

/// `require 'chef/provisioning/aws_driver'` names a driver gem; one sous has no driver for
/// fails there, at the require, with what sous has instead, rather than later at the first
/// resource or helper the gem would have defined.
func driverGemRefusal(_ library: String, drivers: DriverRegistry) -> String? {
    let prefix = "chef/provisioning/"
    guard library.hasPrefix(prefix) else { return nil }
    let component = library.dropFirst(prefix.count).prefix { $0 != "/" }
    guard component.hasSuffix("_driver") else { return nil }
    let scheme = String(component.dropLast("_driver".count))
    guard !drivers.schemes.contains(scheme) else { return nil }
    return "it comes with the chef-provisioning-\(scheme) gem; sous has no \(scheme) driver, only: \(drivers.schemes.joined(separator: ", "))"
}

extension RunContext {
    /// The driver a driver's own resource acts through: `with_driver`'s, with the recipe's
    /// machine options (an endpoint among them).
    public func currentDriver(named url: String?) throws -> (Driver, JSON)? {
        guard let url = url ?? provisioning.currentDriver else { return nil }
        return (try provisioning.drivers.driver(for: url), provisioning.machineOptions)
    }

    var provisioning: ProvisioningState {
        guard let state = extensionState[ObjectIdentifier(ProvisioningState.self)] as? ProvisioningState else {
            preconditionFailure("the provisioning extension is not installed in this run")
        }
        return state
    }
}
