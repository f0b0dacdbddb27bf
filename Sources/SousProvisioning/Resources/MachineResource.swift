import SousLanguage
import SousSupport
import SousRun

/// chef-provisioning's `machine`: a machine brought through its stages (allocate, ready,
/// setup, converge) by its driver, its record kept in its node on the Chef server.
struct MachineResource: ResourceType {
    static let name = "machine"
    static let actions = ["allocate", "ready", "ready_only", "setup", "converge", "converge_only", "stop", "destroy"]
    static let defaultAction = "converge"
    static let properties = [
        Property("name", [.string], nameProperty: true),
        Property("driver", [.string]),
        ServerObjectSync.chefServerProperty,
        Property("machine_options", [.hash]),
        Property("chef_environment", [.string], validations: [.regex(["\\A[.\\-[:alnum:]_]+\\z"])]),
        Property("run_list", [.array]),
        Property("attributes", [.hash]),
        Property("converge", [.boolean]),
        Property("files", [.hash]),
        Property("ohai_hints", [.hash]),
        Property("chef_config", [.string]),
        Property.with("allow_overwrite_keys", [.boolean], default: .false),
        Property.with("admin", [.boolean], default: .false),
        Property.with("validator", [.boolean], default: .false),
        Property("complete", [.boolean]),
    ]

    /// The node properties (`attribute`, `tags`, `tag`, `recipe`, `role`...), as `chef_node`
    /// has them; `file` and `add_machine_options` add to what is set, as in chef-provisioning.
    static func installExtraMethods(on resourceClass: RModule, interpreter: Interpreter) {
        NodeProperties.install(on: resourceClass, interpreter: interpreter)
        interpreter.define(resourceClass, "file") { interp, receiver, args in
            guard let resource = receiver.asObject as? Resource, args.positional.count == 2 else {
                throw interp.argumentError("file needs a remote path and a local path: file '/etc/x', '/tmp/x'")
            }
            let files = resource.setValue(of: "files")?.asHash ?? interp.makeHashObject()
            files.set(args[0], args[1])
            resource.set("files", to: .object(files))
            return .null
        }
        interpreter.define(resourceClass, "add_machine_options") { interp, receiver, args in
            guard let resource = receiver.asObject as? Resource else { return .null }
            let current = try interp.jsonValue(of: resource.setValue(of: "machine_options") ?? interp.makeHash([]))
            let merged = MachineOptions.merge([try ProvisioningDSL.optionsArgument(args[0], interp), current])
            resource.set("machine_options", to: interp.rubyValue(from: merged))
            return .null
        }
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let state = context.run.provisioning
        guard let server = try ServerObjectSync.serverIfAny(for: resource, run: context.run) else {
            throw ProvisioningError.needsChefServer(resource: "machine", machine: nil)
        }
        let plan = try MachinePlan.read(context, state: state)
        try MachineLifecycle(plan: plan, reporter: ActionReporter(context), state: state, server: server).run(action)
    }
}
