import SousChefServer
import SousSupport
import SousRun
import SousSSH

/// A way of making machines, named by the scheme of its driver URL (`ssh`, `local:NAME`).
/// Every method is idempotent: called again for a machine in the state it asks for, it
/// changes nothing. Changes go through `reporter.perform`, so why-run and the output see
/// them. Blocking, and called from many machines' threads at once in a batch.
public protocol Driver: AnyObject {
    /// The URL this driver was made for (`ssh`, `local:dev`).
    var url: String { get }
    /// Finds or creates the machine and records it in the spec's reference. The intent is
    /// recorded (and saved through `save`) before anything is created, so that a run killed
    /// at any moment finds what it made.
    func allocate(_ spec: MachineSpec, options: JSON, reporter: StageReporter, save: () throws -> Void) throws
    /// Brings the machine up and returns a connection to it, polling until it answers; nil
    /// in why-run when the machine is not up (nothing to connect to, nothing started).
    func ready(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws -> MachineConnection?
    /// A connection to a machine that is up. With empty `options` (as from `sous machine
    /// ssh`, outside any recipe) the driver goes by what it recorded in the spec.
    func connect(_ spec: MachineSpec, options: JSON) throws -> MachineConnection
    func stop(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws
    /// Removes what this driver made for the machine; refuses what it did not make.
    func destroy(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws
    /// What the driver sees of the machine now (`running`, `stopped`), for `sous machine
    /// list`; nil when it cannot tell without connecting.
    func state(_ spec: MachineSpec) -> String?
    /// Takes whatever keeps two runs from acting on this machine at once, for the rest of
    /// this run; true when it had to wait for another run (the spec is then read again).
    func holdForRun(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws -> Bool
}

extension Driver {
    public func state(_ spec: MachineSpec) -> String? { nil }
    public func holdForRun(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws -> Bool { false }
}

/// A driver that makes a batch's machines together (a cloud's one call for several alike),
/// asked before the machines' own stages run, whose allocate then finds them made.
public protocol BatchAllocating: Driver {
    /// As `allocate`, for several machines; each machine's intent is saved before anything
    /// is made. The errors of the machines that failed, by name.
    func allocate(together machines: [BatchMachine]) -> [String: Error]
}

/// One machine of a batch, as `allocate` is given it.
public struct BatchMachine {
    public let spec: MachineSpec
    public let options: JSON
    public let reporter: StageReporter
    public let save: () throws -> Void

    public init(spec: MachineSpec, options: JSON, reporter: StageReporter, save: @escaping () throws -> Void) {
        self.spec = spec
        self.options = options
        self.reporter = reporter
        self.save = save
    }
}

/// A driver whose machines can be made to fail on purpose, for cluster tests: `kill` ends
/// every process at once (connections refused), `partition` cuts the machine's link
/// (connections time out) and `heal` restores it.
public protocol FaultInjecting: Driver {
    func kill(_ spec: MachineSpec, reporter: StageReporter) throws
    func partition(_ spec: MachineSpec, reporter: StageReporter) throws
    func heal(_ spec: MachineSpec, reporter: StageReporter) throws
}

/// What drivers learn of the run that makes them.
public struct DriverContext {
    /// Key files the run signs with (`client_key`, `validation_key`): a driver whose
    /// machines share this host's files keeps them out of their sight.
    public var secretFiles: [String] = []

    public init(secretFiles: [String] = []) {
        self.secretFiles = secretFiles
    }
}

/// Where drivers are found: a factory per URL scheme.
public final class DriverRegistry {
    public typealias Factory = (_ url: String, _ context: DriverContext) throws -> Driver
    private var factories: [String: Factory] = [:]
    private var drivers: [String: Driver] = [:]
    private let lock = Mutex()
    /// Given to every driver made from now on.
    public var context = DriverContext()
    /// Resources that come with the drivers (a cloud's networks and keys), in every run.
    public var resourceTypes: [ResourceType.Type] = []

    public init() {}

    public func register(scheme: String, _ factory: @escaping Factory) {
        factories[scheme] = factory
    }

    public var schemes: [String] { factories.keys.sorted() }

    /// The driver for a URL (one instance per URL for the run).
    public func driver(for url: String) throws -> Driver {
        try lock.locked { try makeDriver(for: url) }
    }

    private func makeDriver(for url: String) throws -> Driver {
        if let driver = drivers[url] { return driver }
        let scheme = String(url.prefix(while: { $0 != ":" }))
        guard let factory = factories[scheme] else {
            throw ProvisioningError.unknownDriver(url: url, scheme: scheme, known: schemes)
        }
        let driver = try factory(url, context)
        drivers[url] = driver
        return driver
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
