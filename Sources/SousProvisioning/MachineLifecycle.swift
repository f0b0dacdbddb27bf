#if canImport(Glibc)
import Glibc
#endif
import SousChefData
import SousChefServer
import SousLanguage
import SousRun

/// One `machine` action, as chef-provisioning's machine provider runs it: the spec is loaded
/// from the node and merged with the resource, and each stage (allocate, ready, setup,
/// converge) asks the driver, then saves the spec, so a run stopped anywhere resumes.
final class MachineLifecycle {
    let context: ActionContext
    let run: RunContext
    let state: ProvisioningState
    let server: ChefServerClient
    let name: String
    let spec: MachineSpec
    /// The node as stored, to tell whether a save changes anything.
    private var stored: JSON?
    let driverURL: String
    let options: JSON

    init(context: ActionContext) throws {
        self.context = context
        run = context.run
        state = run.provisioning
        guard let server = run.server else {
            throw ProvisioningError("machine needs a Chef server to keep its record in; run the recipe with `sous -c knife.rb`")
        }
        self.server = server
        name = try context.requiredString("name")
        stored = try server.fetch(.node, name)
        spec = MachineSpec(name: name, node: stored)
        let configured = try run.interpreter.callMethod(run.interpreter.constant(path: "Chef::Config") ?? .null, "[]", Args([.symbol("driver")]))
        driverURL = try context.string("driver") ?? state.currentDriver ?? run.host.environmentVariable("CHEF_DRIVER")
            ?? configured.asString?.value ?? spec.driverURL ?? "local"
        let own = try context.value("machine_options")
        options = MachineOptions.merge([own.isNil ? .object([]) : try run.interpreter.jsonValue(of: own), state.machineOptions])
        try applyNodeProperties()
    }

    func run(_ action: String) throws {
        switch action {
        case "allocate": try allocate()
        case "ready": try allocate(); _ = try ready()
        case "ready_only": _ = try ready()
        case "setup": try allocate(); try setup(try ready())
        case "converge":
            try allocate()
            let connection = try ready()
            try setup(connection)
            try convergeIfNeeded(connection)
        case "converge_only": try converge(try connect())
        case "stop": try driver().stop(spec, options: options, context: context)
        case "destroy": try destroy()
        default: throw ProvisioningError("machine has no action \(action)")
        }
    }

    // MARK: Stages

    func driver() throws -> Driver { try state.drivers.driver(for: driverURL) }

    func allocate() throws {
        if let recorded = spec.driverURL, recorded != driverURL {
            throw ProvisioningError("Cannot move '\(name)' from \(recorded) to \(driverURL): machine moving is not supported. Destroy and recreate.")
        }
        try driver().allocate(spec, options: options, context: context, save: save)
        try save()
    }

    func ready() throws -> MachineConnection {
        if let open = state.connections[name] { return open }
        let connection = try driver().ready(spec, options: options, context: context)
        state.connections[name] = connection
        try save()
        return connection
    }

    func connect() throws -> MachineConnection {
        if let open = state.connections[name] { return open }
        guard spec.reference != nil else { throw ProvisioningError("machine \(name) was never allocated; run :allocate or :converge first") }
        let connection = try driver().connect(spec, options: options)
        state.connections[name] = connection
        return connection
    }

    func setup(_ connection: MachineConnection) throws {
        try MachineSetup(lifecycle: self, connection: connection).run()
        try save()
    }

    /// Chef-provisioning's rule: converge when `converge true`, or when `converge` is unset
    /// and something changed in this run or the node never converged.
    func convergeIfNeeded(_ connection: MachineConnection) throws {
        let property = try context.value("converge")
        let neverConverged = (stored?["automatic"]?.objectValue ?? []).isEmpty
        let wanted = property.isNil ? (context.changed || neverConverged) : property.isTruthy
        if wanted { try converge(connection) }
    }

    func converge(_ connection: MachineConnection) throws {
        try ConvergenceStrategy.named(convergenceOptions["strategy"]?.stringValue ?? "sous")
            .converge(machine: name, connection: connection, clientRB: clientRBPath, context: context, options: convergenceOptions)
    }

    func destroy() throws {
        if let recorded = spec.driverURL {
            try state.drivers.driver(for: recorded).destroy(spec, options: options, context: context)
        }
        state.connections[name] = nil
        if try server.fetch(.client, name) != nil {
            try context.converge(by: "delete client \(name) at \(server.baseURL)") { try server.remove(.client, name) }
        }
        if stored != nil {
            try context.converge(by: "delete node \(name) at \(server.baseURL)") { try server.remove(.node, name) }
            stored = nil
        }
    }

    // MARK: The node

    var convergenceOptions: JSON { options["convergence_options"] ?? .object([]) }
    var clientRBPath: String { convergenceOptions["client_rb_path"]?.stringValue ?? "/etc/chef/client.rb" }
    var clientPEMPath: String { convergenceOptions["client_pem_path"]?.stringValue ?? "/etc/chef/client.pem" }

    /// The resource's run list, environment, attributes and tags, applied on top of the
    /// stored node (existing run-list items keep their order).
    func applyNodeProperties() throws {
        var node = spec.node
        if let environment = try context.string("chef_environment") ?? state.chefEnvironment {
            node = node.setting("chef_environment", to: .string(environment))
        }
        if context.resource.setValue(of: "run_list") != nil {
            let current = NodeDocument.runList(node)
            let wanted = try context.strings("run_list").map(RunListItem.normalize)
            let complete = try context.bool("complete")
            let merged = complete ? wanted : current + wanted.filter { !current.contains($0) }
            node = node.setting("run_list", to: .array(merged.map { .string($0) }))
        }
        var normal = node["normal"] ?? .object([])
        let attributes = try context.value("attributes")
        if !attributes.isNil { normal = normal.deepMerged(with: try run.interpreter.jsonValue(of: attributes)) }
        let tags = try context.strings("tags")
        if !tags.isEmpty {
            let current = normal["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
            normal = normal.setting("tags", to: .array((current + tags.filter { !current.contains($0) }).map { .string($0) }))
        }
        node = node.setting("normal", to: normal)
        spec.node = node
    }

    /// Saves the spec when it differs from what the server has, listing what changed.
    func save() throws {
        guard let stored else {
            try context.converge(by: "create node \(name) at \(server.baseURL)") { try spec.save(to: server) }
            self.stored = spec.node
            return
        }
        let changes = ServerObjectSync.differences(from: stored, to: spec.node)
        guard !changes.isEmpty else { return }
        try context.converge(by: ["update node \(name) at \(server.baseURL)"] + changes.map { "  " + $0 }) { try spec.save(to: server) }
        self.stored = spec.node
    }
}
