import SousLanguage
import SousSupport

/// Reading cookbook files into resource types, and registering them by name.
extension CustomResources {
    // MARK: Loading

    /// `my-app` + `web_site.rb` -> `my_app_web_site`; `default.rb` -> the cookbook's own.
    static func autoName(cookbook: String, file: String) -> String {
        let base = String(FileSystem.basename(of: file).dropLast(3))
        var name = base == "default" ? cookbook : "\(cookbook)_\(base)"
        name = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        while name.hasPrefix("_") { name.removeFirst() }
        return name
    }

    static func className(_ name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The definition of a resource class, made the first time the class declares anything
    /// (a class a library defines: `class Foo < Chef::Resource; provides :foo; ...`).
    static func definitionOf(_ module: RModule, run: RunContext, autoName: String? = nil) -> CustomResourceDefinition {
        if let found = run.customResources[ObjectIdentifier(module)] { return found }
        let interp = run.interpreter
        let providerBase = interp.constant(path: "Chef::Provider")?.asModule ?? interp.classes.object!
        let actionClass = RModule(name: nil, isClass: true, superclass: providerBase, klass: interp.classes.classClass)
        let name = autoName ?? snakeCase(String(module.displayName.split(separator: ":").last ?? "resource"))
        let definition = CustomResourceDefinition(autoName: name, resourceClass: module, actionClass: actionClass)
        run.customResources[ObjectIdentifier(module)] = definition
        return definition
    }

    /// `UlimitDomain` -> `ulimit_domain`.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Reads resources/F.rb into a new resource type (an anonymous class, as in Chef 18),
    /// registered under its automatic name and every `provides`.
    static func loadResource(_ path: String, cookbook: String, run: RunContext) throws {
        let interp = run.interpreter
        guard let lwrpBase = interp.constant(path: "Chef::Resource::LWRPBase")?.asModule else { return }
        let name = autoName(cookbook: cookbook, file: path)
        let resourceClass = RModule(name: nil, isClass: true, superclass: lwrpBase, klass: interp.classes.classClass)
        let definition = definitionOf(resourceClass, run: run, autoName: name)
        run.recipeStack.append((cookbook, "resources"))
        defer { run.recipeStack.removeLast() }
        try interp.loadModuleBody(path: path, into: resourceClass)
        try register(definition, as: name, run: run)
    }

    /// Reads providers/F.rb: the actions of the LWRP of the same name.
    static func loadProvider(_ path: String, cookbook: String, run: RunContext) throws {
        let interp = run.interpreter
        let name = autoName(cookbook: cookbook, file: path)
        guard let definition = run.customResources.values.first(where: { $0.autoName == name }) else {
            run.logger.debug("\(path): no resources/\(FileSystem.basename(of: path)) in cookbook \(cookbook); provider not loaded")
            return
        }
        // The provider file is the body of the action class; `action :x do` there defines an
        // action as it does in a resource file.
        let classMethods = try interp.singletonClass(of: .object(definition.actionClass))
        interp.define(classMethods, "action") { interp, _, args in
            guard let first = args.positional.first, let block = args.block else { throw interp.argumentError("action needs a name and a block") }
            let action = try interp.toS(first)
            definition.actionBlocks.removeAll { $0.name == action }
            definition.actionBlocks.append((action, block))
            if !definition.declaredActions.contains(action) { definition.declaredActions.append(action) }
            return .null
        }
        interp.define(classMethods, ["use_inline_resources", "provides", "whyrun_supported", "description"]) { _, _, _ in .null }
        run.recipeStack.append((cookbook, "providers"))
        defer { run.recipeStack.removeLast() }
        try interp.loadModuleBody(path: path, into: definition.actionClass)
    }

    /// The type registered under `name`, with a DSL method of that name.
    static func register(_ definition: CustomResourceDefinition, as name: String, run: RunContext) throws {
        guard !definition.registeredNames.contains(name) else { return }
        definition.registeredNames.insert(name)
        let interp = run.interpreter
        run.registry.register(definition.kind, as: name)
        run.resourceClasses[name] = definition.resourceClass
        guard let dsl = interp.constant(path: "Chef::DSL::Recipe")?.asModule else { return }
        interp.define(dsl, name, visibility: .private) { _, receiver, args in
            try RecipeDSL.declare(name, args, receiver: receiver, run: run)
        }
    }

    // MARK: Properties

    static func parseProperty(name: String, types: [Value], options: RHash?, interpreter interp: Interpreter) throws -> Property {
        let rules = CustomPropertyRules()
        rules.types = types.flatMap { $0.asArray?.items ?? [$0] }
        var nameProperty = false, sensitive = false
        for (key, value) in options?.pairs ?? [] {
            switch try interp.toS(key) {
            case "kind_of", "is": rules.types += value.asArray?.items ?? [value]
            case "default":
                if let proc = value.asProc, proc.klass.realClass.displayName == "Chef::DelayedEvaluator" {
                    rules.lazyDefault = proc
                } else {
                    rules.defaultValue = value
                }
            case "name_property", "name_attribute": nameProperty = value.isTruthy
            case "required":
                if let list = value.asArray { rules.required = try list.items.map { try interp.toS($0) } } else if value.isTruthy { rules.required = [] }
            case "equal_to": rules.equalTo = value.asArray?.items ?? [value]
            case "regex": rules.regexes = value.asArray?.items ?? [value]
            case "callbacks":
                for (description, check) in value.asHash?.pairs ?? [] {
                    if let proc = check.asProc { rules.callbacks.append((try interp.toS(description), proc)) }
                }
            case "coerce": rules.coerce = value.asProc
            case "desired_state": rules.desiredState = value.isTruthy
            case "identity": rules.identity = value.isTruthy
            case "sensitive": sensitive = value.isTruthy
            default: break  // description, introduced, default_description, skip_docs...
            }
        }
        if nameProperty && options?.pairs.contains(where: { (try? interp.toS($0.0)) == "desired_state" }) != true { rules.desiredState = false }
        var property = Property(name, [], nameProperty: nameProperty, sensitive: sensitive)
        property.rules = rules
        return property
    }

    /// A property block (`lazy`, `coerce`) run as Chef runs it: given the resource when it
    /// takes an argument more than `arguments`, else run on the resource.
    static func execInResource(_ resource: Resource, _ proc: RProc, _ arguments: [Value], run: RunContext) throws -> Value {
        let interp = run.interpreter
        if abs(proc.arity) > arguments.count && proc.arity != -1 {
            return try interp.callBlock(proc, [.object(resource)] + arguments)
        }
        return try interp.callBlock(proc, arguments, selfOverride: .object(resource), fallbackSelf: proc.frame?.selfValue)
    }
}
