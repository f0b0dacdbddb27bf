import SousLanguage
import SousSupport

/// The Ruby side of resources: `Chef::Resource` with the methods every resource block can
/// call (`action`, `not_if`, `notifies`...), and one subclass per resource type whose
/// methods are its properties.
enum ResourceDSL {
    static func install(into run: RunContext) throws {
        let interpreter = run.interpreter
        guard let chef = interpreter.constant(path: "Chef")?.asModule else {
            preconditionFailure("Chef is missing after installing Chef's data classes")
        }
        // Resources are made by the DSL only (`file '/x'`), never with `new`, so every
        // receiver of these methods is a real resource.
        let base = interpreter.classes.defineClass("Resource", kind: .noNew, in: chef)
        run.lazyClass = interpreter.classes.defineClass("DelayedEvaluator", superclass: interpreter.classes.proc, in: chef)
        // What cookbook libraries subclass or reopen while loading (`class Chef::Provider::Foo <
        // Chef::Provider::LWRPBase`); the resources and providers they define run with the
        // custom resource support, not from these classes.
        _ = interpreter.classes.defineClass("LWRPBase", superclass: base, in: base)
        let provider = interpreter.classes.defineClass("Provider", in: chef)
        _ = interpreter.classes.defineClass("LWRPBase", superclass: provider, in: provider)
        installCommonMethods(on: base, run: run)
        for name in run.registry.names {
            guard let type = run.registry.anyType(named: name) else { continue }
            let resourceClass = interpreter.classes.defineClass(type.className, superclass: base, in: base)
            installProperties(of: type, on: resourceClass, run: run)
            type.installExtraMethods(resourceClass, interpreter)
            run.resourceClasses[name] = resourceClass
        }
    }

    static func validationError(_ interpreter: Interpreter, _ message: String) -> RubyError {
        let cls = interpreter.constant(path: "Chef::Exceptions::ValidationFailed")?.asModule ?? interpreter.classes.argumentError!
        return interpreter.makeError(cls, message)
    }

    private static func resource(_ value: Value) -> Resource {
        guard let resource = value.asObject as? Resource else {
            preconditionFailure("a resource method was called on something that is not a resource")
        }
        return resource
    }

    // MARK: - Properties

    static func installProperties(of type: ResourceKind, on resourceClass: RModule, run: RunContext) {
        for property in type.properties { installProperty(property, on: resourceClass, run: run) }
    }

    /// A property's reader (`content`, `content 'x'`) and writer (`content=`).
    static func installProperty(_ property: Property, on resourceClass: RModule, run: RunContext) {
        let interpreter = run.interpreter
        do {
            let setter: Builtin = { interp, receiver, args in
                let resource = resource(receiver)
                var value = args[0]
                if value.isNil && !property.types.contains(.nil) && !(property.rules?.acceptsNil(interp) ?? false) {
                    resource.values[property.name] = nil
                    resource.explicitlySet.remove(property.name)
                    return .null
                }
                if !run.isLazy(value), let coerce = property.rules?.coerce, !value.isNil {
                    value = try CustomResources.execInResource(resource, coerce, [value], run: run)
                }
                if !run.isLazy(value), let problem = property.problem(with: value, interpreter: interp) {
                    throw validationError(interp, "\(resource.identity): \(problem)")
                }
                resource.values[property.name] = value
                resource.explicitlySet.insert(property.name)
                return value
            }
            interpreter.define(resourceClass, property.name) { interp, receiver, args in
                if args.count == 0 { return try run.value(of: property.name, in: resource(receiver)) }
                return try setter(interp, receiver, args)
            }
            interpreter.define(resourceClass, property.name + "=", setter)
        }
    }

    // MARK: - What every resource has

    private static func installCommonMethods(on base: RModule, run: RunContext) {
        let interpreter = run.interpreter
        interpreter.define(base, "name") { interp, receiver, _ in interp.makeString(resource(receiver).name) }
        interpreter.define(base, ["to_s", "declared_key"]) { interp, receiver, _ in interp.makeString(resource(receiver).identity) }
        interpreter.define(base, "inspect") { interp, receiver, _ in interp.makeString("#<\(resource(receiver).klass.realClass.displayName) \(resource(receiver).identity)>") }
        interpreter.define(base, ["resource_name", "declared_type"]) { _, receiver, _ in .symbol(resource(receiver).type.name) }
        interpreter.define(base, "cookbook_name") { interp, receiver, _ in interp.makeString(resource(receiver).declaration.cookbook) }
        interpreter.define(base, "recipe_name") { interp, receiver, _ in interp.makeString(resource(receiver).declaration.recipe) }
        interpreter.define(base, "source_line") { interp, receiver, _ in
            let declaration = resource(receiver).declaration
            return interp.makeString("\(declaration.file):\(declaration.line)")
        }
        interpreter.define(base, "updated?") { _, receiver, _ in .bool(resource(receiver).updated) }
        interpreter.define(base, "updated_by_last_action?") { _, receiver, _ in .bool(resource(receiver).updatedByLastAction) }

        interpreter.define(base, "action") { interp, receiver, args in
            let resource = resource(receiver)
            if args.count == 0 {
                return interp.makeArray(resource.actions.map { .symbol($0) })
            }
            let requested = args[0].asArray?.items ?? args.values
            var actions: [String] = []
            for value in requested {
                let action = try interp.toS(value)
                let allowed = ["nothing"] + resource.type.actions
                guard allowed.contains(action) else {
                    throw validationError(interp, "\(resource.identity): Option action must be equal to one of: "
                                          + "\(allowed.joined(separator: ", "))!  You passed \(try interp.inspect(value)).")
                }
                actions.append(action)
            }
            resource.actions = actions
            return args[0]
        }

        for kind in [Guard.Kind.onlyIf, .notIf] {
            interpreter.define(base, kind.rawValue) { interp, receiver, args in
                let resource = resource(receiver)
                if let block = args.block {
                    resource.guards.append(Guard(kind: kind, test: .block(block)))
                    return .null
                }
                let command = args.positional.first ?? .null
                let line: ProcessCommand
                if let words = command.asArray {
                    line = .arguments(try words.items.map { try interp.toS($0) })
                } else if let text = command.asString {
                    line = .shell(text.value)
                } else {
                    throw validationError(interp, "\(resource.identity): \(kind.rawValue) needs a command string or a block; got \(try interp.inspect(command))")
                }
                resource.guards.append(Guard(kind: kind, test: .command(line, options: try guardOptions(args.keywords, interp))))
                return .null
            }
        }

        interpreter.define(base, "notifies") { interp, receiver, args in
            let resource = resource(receiver)
            let (action, target, timing) = try notificationArguments(args, interp, verb: "notifies")
            resource.notifications.append(Notification(action: action, target: target, timing: timing, notifier: resource))
            return .null
        }
        interpreter.define(base, "subscribes") { interp, receiver, args in
            let resource = resource(receiver)
            let (action, target, timing) = try notificationArguments(args, interp, verb: "subscribes")
            resource.subscriptions.append((action, target, timing))
            return .null
        }

        interpreter.define(base, "ignore_failure") { _, receiver, args in
            if args.count > 0 { resource(receiver).ignoreFailure = args[0].isTruthy }
            return .bool(resource(receiver).ignoreFailure)
        }
        interpreter.define(base, "sensitive") { _, receiver, args in
            if args.count > 0 { resource(receiver).sensitive = args[0].isTruthy }
            return .bool(resource(receiver).sensitive)
        }
        interpreter.define(base, "compile_time") { _, receiver, args in
            if args.count > 0 { resource(receiver).compileTime = args[0].isTruthy }
            return .bool(resource(receiver).compileTime)
        }
        interpreter.define(base, "retries") { interp, receiver, args in
            if args.count > 0 {
                guard case .integer(let count) = args[0], count >= 0 else {
                    throw validationError(interp, "\(resource(receiver).identity): Property retries must be one of: Integer!  You passed \(try interp.inspect(args[0])).")
                }
                resource(receiver).retries = count
            }
            return .integer(resource(receiver).retries)
        }
        interpreter.define(base, "retry_delay") { interp, receiver, args in
            if args.count > 0 {
                switch args[0] {
                case .integer(let seconds) where seconds >= 0: resource(receiver).retryDelay = Double(seconds)
                case .float(let seconds) where seconds >= 0: resource(receiver).retryDelay = seconds
                default:
                    throw validationError(interp, "\(resource(receiver).identity): Property retry_delay must be one of: Integer, Float!  You passed \(try interp.inspect(args[0])).")
                }
            }
            return .float(resource(receiver).retryDelay)
        }
        // `resource.run_action(:create)` at compile time: the action runs now, without
        // notifications, as in Chef.
        interpreter.define(base, "run_action") { interp, receiver, args in
            let resource = resource(receiver)
            let action = try interp.toS(args[0])
            guard (["nothing"] + resource.type.actions).contains(action) else {
                throw validationError(interp, "\(resource.identity): no action \(action); it has \((["nothing"] + resource.type.actions).joined(separator: ", "))")
            }
            try ResourceAction(run: run).perform(action, on: resource, whyRun: run.whyRun)
            return .bool(resource.updatedByLastAction)
        }
    }

    private static func guardOptions(_ keywords: RHash?, _ interpreter: Interpreter) throws -> CommandOptions {
        var options = CommandOptions()
        guard let keywords else { return options }
        for (key, value) in keywords.pairs {
            let name = try interpreter.toS(key)
            switch name {
            case "cwd": options.directory = try interpreter.toS(value)
            case "environment", "env":
                for (variable, setting) in value.asHash?.pairs ?? [] {
                    options.environment[try interpreter.toS(variable)] = try interpreter.toS(setting)
                }
            case "user": options.user = try interpreter.toS(value)
            case "group": options.group = try interpreter.toS(value)
            case "timeout":
                if case .integer(let seconds) = value { options.timeout = Double(seconds) }
                if case .float(let seconds) = value { options.timeout = seconds }
            default:
                throw validationError(interpreter, "guard option \(name) is not supported (use cwd, environment, user, group or timeout)")
            }
        }
        return options
    }

    private static func notificationArguments(_ args: Args, _ interpreter: Interpreter, verb: String) throws
        -> (String, Notification.Target, NotificationTiming) {
        guard args.count >= 2 else {
            throw interpreter.argumentError("\(verb) needs an action and a resource: \(verb) :restart, 'service[nginx]'")
        }
        let action = try interpreter.toS(args[0])
        let target: Notification.Target
        if let other = args[1].asObject as? Resource {
            target = .resource(other)
        } else if let text = args[1].asString?.value {
            do {
                target = .reference(try ResourceReference.normalize(text))
            } catch let invalid as ResourceReference.Invalid {
                throw interpreter.argumentError(invalid.description)
            }
        } else {
            throw interpreter.argumentError("\(verb) needs a resource as 'type[name]'; got \(try interpreter.inspect(args[1]))")
        }
        var timing = NotificationTiming.delayed
        if args.count > 2 {
            switch try interpreter.toS(args[2]) {
            case "delayed": timing = .delayed
            case "immediate", "immediately": timing = .immediate
            case "before": timing = .before
            default:
                throw interpreter.argumentError("\(try interpreter.inspect(args[2])) is not a valid notification timing. "
                                                + "Valid timings are: :delayed, :immediate, :immediately, :before")
            }
        }
        return (action, target, timing)
    }
}
