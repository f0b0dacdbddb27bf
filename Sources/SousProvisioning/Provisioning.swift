#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousSupport
import SousRun

/// What the provisioning layer keeps per run: the drivers, the recipe's current driver and
/// machine options (`with_driver`, `with_machine_options`), and one connection per machine,
/// reused across its stages and by `machine_execute` / `machine_file`.
public final class ProvisioningState {
    public let drivers: DriverRegistry
    public var currentDriver: String?
    public var machineOptions: JSON = .object([])
    public var chefEnvironment: String?
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
}

public enum Provisioning {
    /// The provisioning layer as a run extension: its resources and recipe helpers.
    public static func runExtension(drivers: DriverRegistry) -> RunExtension {
        RunExtension(resourceTypes: [MachineResource.self, MachineBatchResource.self, MachineExecuteResource.self, MachineFileResource.self]) { run in
            if let config = run.config {
                drivers.context.secretFiles = [config.clientKey, config.validationKey].compactMap { $0 }
            }
            run.extensionState[ObjectIdentifier(ProvisioningState.self)] = ProvisioningState(drivers: drivers)
            try ProvisioningDSL.install(into: run)
        }
    }
}

extension RunContext {
    var provisioning: ProvisioningState {
        guard let state = extensionState[ObjectIdentifier(ProvisioningState.self)] as? ProvisioningState else {
            preconditionFailure("the provisioning extension is not installed in this run")
        }
        return state
    }
}
