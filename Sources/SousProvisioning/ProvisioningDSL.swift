import SousLanguage
import SousSupport
import SousRun

/// chef-provisioning's recipe helpers: `with_driver`, `with_machine_options`,
/// `add_machine_options`, `current_machine_options`, `with_chef_environment`. With a block
/// they hold for the block; without, for the rest of the recipe.
enum ProvisioningDSL {
    /// Options given as a hash or as keyword arguments (`with_machine_options transport_options: {...}`),
    /// which arrive as the same hash.
    static func optionsArgument(_ value: Value, _ interp: Interpreter) throws -> JSON {
        value.isNil ? .object([]) : try interp.jsonValue(of: value)
    }

    static func install(into run: RunContext) throws {
        let interpreter = run.interpreter
        guard let dsl = interpreter.constant(path: "Chef::DSL::Recipe")?.asModule else {
            preconditionFailure("Chef::DSL::Recipe is missing")
        }
        let state = run.provisioning
        func scoped<T>(_ keyPath: ReferenceWritableKeyPath<ProvisioningState, T>, _ value: T, _ block: RProc?) throws -> Value {
            guard let block else {
                state[keyPath: keyPath] = value
                return .null
            }
            let previous = state[keyPath: keyPath]
            state[keyPath: keyPath] = value
            defer { state[keyPath: keyPath] = previous }
            return try interpreter.callBlock(block, [])
        }
        interpreter.define(dsl, "with_driver") { interp, _, args in
            let url = args[0]
            guard !url.isNil else { throw interp.argumentError("with_driver needs a driver URL, as in with_driver 'ssh'") }
            let options = try optionsArgument(args[1], interp)
            if options != .object([]) { state.machineOptions = MachineOptions.merge([options, state.machineOptions]) }
            return try scoped(\.currentDriver, Optional(try interp.toS(url)), args.block)
        }
        interpreter.define(dsl, "with_machine_options") { interp, _, args in
            try scoped(\.machineOptions, try optionsArgument(args[0], interp), args.block)
        }
        interpreter.define(dsl, "add_machine_options") { interp, _, args in
            try scoped(\.machineOptions, MachineOptions.merge([try optionsArgument(args[0], interp), state.machineOptions]), args.block)
        }
        interpreter.define(dsl, "current_machine_options") { interp, _, _ in
            interp.rubyValue(from: state.machineOptions, symbolizeNames: true)
        }
        interpreter.define(dsl, "with_chef_environment") { interp, _, args in
            let name = try args.positional.first.map { try interp.toS($0) }
            return try scoped(\.chefEnvironment, name, args.block)
        }
        // chef-provisioning's other resources need what only cloud drivers have; a recipe that
        // declares one stops there, at its line, saying so.
        for (name, what) in [("load_balancer", "load balancers"), ("machine_image", "machine images")] {
            interpreter.define(dsl, name) { interp, _, _ in
                throw interp.makeError(interp.classes.notImplementedError,
                                       "\(name) is a chef-provisioning resource sous does not have: its drivers (\(state.drivers.schemes.joined(separator: ", "))) make no \(what)")
            }
        }
        for name in ["with_driver", "with_machine_options", "add_machine_options", "current_machine_options", "with_chef_environment",
                     "load_balancer", "machine_image"] {
            dsl.methods[name]?.visibility = .private
        }
    }
}
