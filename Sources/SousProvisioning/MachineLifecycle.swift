#if canImport(Glibc)
import Glibc
#endif
import SousChefData
import SousChefServer
import SousSupport
import SousRun

/// One machine's action, as chef-provisioning's machine provider runs it: the spec is loaded
/// from the node and merged with the plan, and each stage (allocate, ready, setup,
/// converge) asks the driver, then saves the spec, so a run stopped anywhere resumes. Pure
/// Swift on a plan read beforehand, so a batch runs many of these on threads of their own.
/// Unchecked Sendable: a lifecycle is used by one thread at a time (its machine's, or the
/// batch's own between the phases).
final class MachineLifecycle: @unchecked Sendable {
    let plan: MachinePlan
    let reporter: StageReporter
    let state: ProvisioningState
    let server: ChefServerClient
    let spec: MachineSpec
    /// The node as stored, to tell whether a save changes anything.
    private var stored: JSON?
    let driverURL: String

    var name: String { plan.name }
    var options: JSON { plan.options }

    init(plan: MachinePlan, reporter: StageReporter, state: ProvisioningState, server: ChefServerClient) throws {
        self.plan = plan
        self.reporter = reporter
        self.state = state
        self.server = server
        if server.trace == nil { server.trace = { [reporter] in reporter.debug($0) } }
        stored = try server.fetch(.node, plan.name)
        spec = MachineSpec(name: plan.name, node: stored)
        spec.serverURL = server.baseURL
        driverURL = plan.driverURL ?? spec.driverURL ?? "local"
        spec.node = try plan.desiredNode(spec.node)
    }

    func run(_ action: String) throws {
        // A machine never made has nothing to stop: chef-provisioning skips it. No node is
        // made for it, and no driver is asked.
        let made = stored != nil && spec.reference != nil
        if action == "stop" && !made {
            return reporter.debug("machine \(name): never allocated, nothing to stop")
        }
        // Another run on the same machines goes first; what it saved is read again. Destroying
        // what no driver made asks no driver, so it takes no turn.
        if action != "destroy" || made, try driver().holdForRun(spec, options: options, reporter: reporter) {
            stored = try server.fetch(.node, name)
            spec.node = try plan.desiredNode(stored ?? NodeDocument.make(name: name))
        }
        reporter.debug("machine \(name): action \(action) with driver \(driverURL)")
        switch action {
        case "allocate": try allocate()
        case "ready": try allocate(); _ = try ready()
        case "ready_only": _ = try ready()
        case "setup":
            try allocate()
            guard let connection = try ready() else { return try reportUnmade(["set up"]) }
            try setup(connection)
        case "converge":
            try allocate()
            guard let connection = try ready() else { return try reportUnmade(["set up", "converge"]) }
            try setup(connection)
            try convergeIfNeeded(connection)
        case "converge_only": try converge(try connect())
        case "stop":
            try driver().stop(spec, options: options, reporter: reporter)
            state.forgetConnection(name)
            try save()
        case "destroy": try destroy()
        default: throw ProvisioningError.unknownAction(action)
        }
    }

    // MARK: Stages

    func driver() throws -> Driver { try state.drivers.driver(for: driverURL) }

    func allocate() throws {
        if let recorded = spec.driverURL, recorded != driverURL {
            throw ProvisioningError.cannotMove(machine: name, from: recorded, to: driverURL)
        }
        reporter.debug("machine \(name): stage allocate")
        try driver().allocate(spec, options: options, reporter: reporter, save: save)
        try save()
    }

    /// The machines of a batch whose driver makes several at once are allocated here, before
    /// their own stages run (whose allocate then finds them made). The failures, by machine.
    static func allocateTogether(_ lifecycles: [MachineLifecycle], action: String) -> [String: Error] {
        guard ["allocate", "ready", "setup", "converge"].contains(action) else { return [:] }
        var failures: [String: Error] = [:]
        var byDriver: [(url: String, members: [MachineLifecycle])] = []
        for lifecycle in lifecycles {
            if let index = byDriver.firstIndex(where: { $0.url == lifecycle.driverURL }) {
                byDriver[index].members.append(lifecycle)
            } else {
                byDriver.append((lifecycle.driverURL, [lifecycle]))
            }
        }
        for (url, members) in byDriver {
            guard let driver = try? members[0].driver() as? BatchAllocating else { continue }
            var machines: [BatchMachine] = []
            for member in members {
                if let recorded = member.spec.driverURL, recorded != url {
                    failures[member.name] = ProvisioningError.cannotMove(machine: member.name, from: recorded, to: url)
                } else {
                    member.reporter.debug("machine \(member.name): stage allocate, with the batch")
                    machines.append(BatchMachine(spec: member.spec, options: member.options, reporter: member.reporter, save: member.save))
                }
            }
            failures.merge(driver.allocate(together: machines)) { first, _ in first }
        }
        return failures
    }

    /// A connection to the machine once it is up; nil only in why-run for a machine that
    /// does not exist yet (there is nothing to connect to, and nothing is waited for).
    func ready() throws -> MachineConnection? {
        if let open = state.openConnection(name) { return open }
        if reporter.whyRun && spec.reference == nil {
            try reporter.perform("bring machine \(name) up and wait until it answers on SSH") {}
            return nil
        }
        reporter.debug("machine \(name): stage ready")
        guard let connection = try driver().ready(spec, options: options, reporter: reporter) else { return nil }
        connection.trace = { [reporter, name] in reporter.debug("machine \(name): \($0)") }
        state.keep(connection, for: name)
        try save()
        return connection
    }

    /// What why-run would do to a machine it cannot look at yet.
    func reportUnmade(_ stages: [String]) throws {
        try reporter.perform(stages.map { "\($0) machine \(name) (it does not exist yet)" }) {}
    }

    func connect() throws -> MachineConnection {
        if let open = state.openConnection(name) { return open }
        guard spec.reference != nil else { throw ProvisioningError.notAllocated(machine: name) }
        let connection = try driver().connect(spec, options: options)
        connection.trace = { [reporter, name] in reporter.debug("machine \(name): \($0)") }
        state.keep(connection, for: name)
        return connection
    }

    func setup(_ connection: MachineConnection) throws {
        reporter.debug("machine \(name): stage setup")
        try MachineSetup(lifecycle: self, connection: connection).run()
        try save()
    }

    /// Chef-provisioning's rule: converge when `converge true`, or when `converge` is unset
    /// and something changed in this run or the node never converged.
    func convergeIfNeeded(_ connection: MachineConnection) throws {
        let neverConverged = (stored?["automatic"]?.objectValue ?? []).isEmpty
        if plan.converge ?? (reporter.changed || neverConverged) { try converge(connection) }
    }

    func converge(_ connection: MachineConnection) throws {
        reporter.debug("machine \(name): stage converge")
        try ConvergenceStrategy.named(convergenceOptions["strategy"]?.stringValue ?? "sous")
            .converge(machine: name, connection: connection, clientRB: clientRBPath, serverURL: server.baseURL, reporter: reporter,
                      options: convergenceOptions)
    }

    /// Only what provisioning made: a node without a machine spec (a server's ordinary node)
    /// is refused, and so is a machine whose reference lacks its driver's mark; the driver
    /// removes what it made, then the client and node go.
    func destroy() throws {
        state.forgetConnection(name)
        guard stored != nil else {
            if try server.fetch(.client, name) != nil {
                reporter.warn("client \(name) exists at \(server.baseURL) with no node: sous cannot tell who made it, and leaves it")
            }
            return
        }
        guard let recorded = spec.driverURL else {
            if state.isRunNode(name, on: server.baseURL) {
                reporter.warn("machine \(name): node \(name) is the node of this run itself, not a machine a driver made; sous leaves it")
                return
            }
            throw ProvisioningError.notMadeByDriver(machine: name, server: server.baseURL)
        }
        if let reference = spec.reference {
            guard reference["driver_url"]?.stringValue == recorded else {
                throw ProvisioningError.referenceNotFromDriver(machine: name, driver: recorded,
                                                               referenceDriver: reference["driver_url"]?.stringValue)
            }
            try state.drivers.driver(for: recorded).destroy(spec, options: options, reporter: reporter)
        }
        if try server.fetch(.client, name) != nil {
            try reporter.perform("delete client \(name) at \(server.baseURL)") { try server.remove(.client, name) }
        }
        try reporter.perform("delete node \(name) at \(server.baseURL)") { try server.remove(.node, name) }
        stored = nil
    }

    // MARK: The node

    var convergenceOptions: JSON { options["convergence_options"] ?? .object([]) }
    var clientRBPath: String { convergenceOptions["client_rb_path"]?.stringValue ?? "/etc/chef/client.rb" }
    var clientPEMPath: String { convergenceOptions["client_pem_path"]?.stringValue ?? "/etc/chef/client.pem" }

    /// Saves the spec when it differs from what the server has, listing what changed.
    func save() throws {
        guard let stored else {
            try reporter.perform("create node \(name) at \(server.baseURL)") { try spec.save(to: server) }
            self.stored = spec.node
            return
        }
        let changes = ServerObjectSync.differences(from: stored, to: spec.node)
        guard !changes.isEmpty else { return }
        try reporter.perform(["update node \(name) at \(server.baseURL)"] + changes.map { "  " + $0 }) { try spec.save(to: server) }
        self.stored = spec.node
    }
}
