import SousChefServer
import SousLanguage
import SousSupport
import SousRun

/// chef-provisioning's `machine_batch`: its machines go through their stages at the same
/// time, each on a thread of its own (at most `max_simultaneous` at once), each line of
/// output prefixed with the machine's name. One machine failing does not stop the others;
/// the batch then fails naming every machine that failed and why.
struct MachineBatchResource: ResourceType {
    static let name = "machine_batch"
    static let actions = MachineResource.actions
    static let defaultAction = "converge"
    static let properties = [
        Property("name", [.string], nameProperty: true),
        Property("machines", [.array]),
        ServerObjectSync.chefServerProperty,
        Property.with("max_simultaneous", [.integer], default: .integer(100)),
        Property("driver", [.string]),
        Property("machine_options", [.hash]),
        Property("files", [.hash]),
    ]

    /// `machines 'a', 'b'` (names or machine resources, flattened) adds to the batch.
    static func installExtraMethods(on resourceClass: RModule, interpreter: Interpreter) {
        interpreter.define(resourceClass, "machines") { interp, receiver, args in
            guard let resource = receiver.asObject as? Resource else { return .null }
            if args.positional.isEmpty { return resource.setValue(of: "machines") ?? interp.makeArray([]) }
            let flattened = try interp.callMethod(interp.makeArray(args.positional), "flatten", Args())
            let current = resource.setValue(of: "machines")?.asArray?.items ?? []
            resource.set("machines", to: interp.makeArray(current + (flattened.asArray?.items ?? [])))
            return .null
        }
    }

    /// The `machine`s declared in the batch's block belong to the batch.
    static func adopt(_ declared: [Resource], into resource: Resource) -> [Resource] {
        let isMachine = { (declared: Resource) in declared.type.builtIn.map(ObjectIdentifier.init) == ObjectIdentifier(MachineResource.self) }
        resource.set(batchMachinesKey, to: .object(MachineList(declared.filter(isMachine))))
        return declared.filter { !isMachine($0) }
    }

    static let batchMachinesKey = "__machines_of_the_batch"

    /// chef-provisioning's names for unnamed batches: `default`, `default2`, ...
    static func defaultName(after declared: [Resource]) -> String? {
        let unnamed = declared.filter { $0.type.name == name && $0.name.hasPrefix("default") }.count
        return unnamed == 0 ? "default" : "default\(unnamed + 1)"
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let run = context.run
        let state = run.provisioning
        let interpreter = context.interpreter
        let own = try context.value("machine_options")
        let defaults = BatchDefaults(driver: try context.string("driver"),
                                     options: own.isNil ? .object([]) : try interpreter.jsonValue(of: own),
                                     files: try interpreter.jsonValue(of: try context.value("files")).objectValue ?? [])
        // Plans and server clients are made here, on the run's thread; the stages then run
        // on their own threads with nothing Ruby in them.
        var read: [MachinePlan] = []
        var made: [ChefServerClient] = []  // one per machine thread: a client is not shared
        for machine in try machines(of: resource, context: context) {
            guard let server = try ServerObjectSync.serverIfAny(for: machine, run: run) else {
                throw ProvisioningError.needsChefServer(resource: "machine_batch", machine: nil)
            }
            let machineContext = ActionContext(resource: machine, run: run, whyRun: context.whyRun)
            let plan = try MachinePlan.read(machineContext, state: state, batch: defaults)
            if !read.contains(where: { $0.name == plan.name }) {
                read.append(plan)
                made.append(try server.sibling())
            }
        }
        let plans = read, servers = made
        let output = BatchOutput(events: context.events, logger: context.logger)
        let reporters = plans.map { BatchReporter(machine: $0.name, whyRun: context.whyRun, output: output) }
        let failed = Locked<[(String, String)]>([])
        @Sendable func fail(_ index: Int, _ error: Error) {
            failed.update { $0.append((plans[index].name, "\(error)")) }
            reporters[index].warn("failed: \(error)")
        }
        let limit = max(1, try context.integer("max_simultaneous") ?? 100)
        let lifecycles = Locked<[Int: MachineLifecycle]>([:])
        BlockingThreads.run(count: plans.count, limit: limit) { index in
            do {
                let lifecycle = try MachineLifecycle(plan: plans[index], reporter: reporters[index], state: state, server: servers[index])
                lifecycles.update { $0[index] = lifecycle }
            } catch {
                fail(index, error)
            }
        }
        let started = lifecycles.current
        for (name, error) in MachineLifecycle.allocateTogether(started.sorted { $0.key < $1.key }.map(\.value), action: action) {
            if let index = plans.firstIndex(where: { $0.name == name }) {
                fail(index, error)
                lifecycles.update { $0[index] = nil }
            }
        }
        let ready = lifecycles.current
        BlockingThreads.run(count: plans.count, limit: limit) { index in
            guard let lifecycle = ready[index] else { return }
            do {
                try lifecycle.run(action)
            } catch {
                fail(index, error)
            }
        }
        if reporters.contains(where: \.changed) { context.markChanged() }
        let failures = failed.current
        guard failures.isEmpty else {
            let sorted = failures.sorted { $0.0 < $1.0 }
            throw ActionError("Chef::Provisioning::BatchFailure",
                              "\(sorted.count) of \(plans.count) machines failed: " + sorted.map(\.0).joined(separator: ", "),
                              details: sorted.map { "\($0.0): \($0.1)" })
        }
    }

    /// The batch's machines: those declared in its block, then those it names (a name of a
    /// machine declared elsewhere in the recipe takes that machine's properties).
    static func machines(of batch: Resource, context: ActionContext) throws -> [Resource] {
        var machines = (batch.setValue(of: batchMachinesKey)?.asObject as? MachineList)?.machines ?? []
        for item in try context.value("machines").asArray?.items ?? [] {
            if let resource = item.asObject as? Resource {
                machines.append(resource)
                continue
            }
            let name = try context.interpreter.toS(item)
            if let declared = context.run.resource(identity: "machine[\(name)]") {
                machines.append(declared)
            } else {
                machines.append(try context.run.makeResource(MachineResource.self, named: name, declaredLike: batch))
            }
        }
        return machines
    }
}

/// The machine resources a batch holds, kept on the batch resource.
final class MachineList: RObject {
    let machines: [Resource]

    init(_ machines: [Resource]) {
        self.machines = machines
        super.init(klass: nil)
    }
}

/// The run's output, shared by a batch's threads: one line at a time. Sendable though
/// unchecked: the events and logger are used only under `lock`.
final class BatchOutput: @unchecked Sendable {
    let events: RunEvents
    let logger: Logger
    let lock = Mutex()

    init(events: RunEvents, logger: Logger) {
        self.events = events
        self.logger = logger
    }
}

/// A machine of a batch: its lines prefixed `[name]`, its changes counted on its own.
/// Sendable though unchecked: its machine's thread is its only user until the batch's
/// threads are joined, and what it shares goes through BatchOutput's lock.
final class BatchReporter: StageReporter, @unchecked Sendable {
    let machine: String
    let whyRun: Bool
    let output: BatchOutput
    private(set) var changed = false

    init(machine: String, whyRun: Bool, output: BatchOutput) {
        self.machine = machine
        self.whyRun = whyRun
        self.output = output
    }

    func perform(_ descriptions: [String], _ body: () throws -> Void) throws {
        changed = true
        if !whyRun { try body() }
        output.lock.locked {
            for description in descriptions {
                output.events.change("[\(machine)] " + (whyRun ? "Would \(description)" : description))
            }
        }
    }

    func stream(_ line: String) {
        output.lock.locked { output.events.streamed("[\(machine)] \(line)") }
    }

    func warn(_ message: String) {
        output.lock.locked { output.logger.warn("[\(machine)] \(message)") }
    }

    func debug(_ message: String) {
        output.lock.locked { output.logger.debug("[\(machine)] \(message)") }
    }
}
