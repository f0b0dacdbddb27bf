import SousLanguage
import SousSupport

/// One resource type a cookbook defines: a custom resource (`resources/F.rb` with
/// `property` and `action :x do ... end`) or an LWRP (`resources/F.rb` with `actions` and
/// `attribute`, and `providers/F.rb` with the actions). Filled in while its file is read;
/// its `kind` is registered once the file is done.
final class CustomResourceDefinition {
    /// `COOKBOOK_F` (`COOKBOOK` for default.rb), which the type always answers to; for a
    /// class a library defines, its name in snake case.
    let autoName: String
    let resourceClass: RModule
    /// The class actions run in (Chef's action class, a `Chef::Provider`).
    let actionClass: RModule
    var properties: [Property] = [] { didSet { kind.properties = properties } }
    var actionBlocks: [(name: String, block: RProc)] = [] { didSet { refreshActions() } }
    /// An LWRP's `actions :a, :b`: allowed, none the default.
    var declaredActions: [String] = [] { didSet { refreshActions() } }
    var defaultAction: String? { didSet { refreshActions() } }
    var providedNames: [String] = [] { didSet { kind.name = displayName } }
    var resourceName: String? { didSet { kind.name = displayName } }
    var loadCurrentValue: RProc?
    var unifiedMode = true
    private(set) var kind: ResourceKind!
    /// The names it is registered under.
    var registeredNames: Set<String> = []

    init(autoName: String, resourceClass: RModule, actionClass: RModule) {
        self.autoName = autoName
        self.resourceClass = resourceClass
        self.actionClass = actionClass
        kind = ResourceKind(name: autoName, className: resourceClass.displayName, properties: [], actions: [],
                            defaultAction: "nothing") { [unowned self] action, resource, context in
            try CustomResources.runAction(action, on: resource, in: context, definition: self)
        }
    }

    /// The name it prints as: the first `provides`, else `resource_name`, else its own.
    var displayName: String { providedNames.first ?? resourceName ?? autoName }

    func block(for action: String) -> RProc? { actionBlocks.first { $0.name == action }?.block }

    /// Every action it allows (besides :nothing).
    var allActions: [String] {
        var actions = declaredActions
        for (name, _) in actionBlocks where !actions.contains(name) { actions.append(name) }
        return actions
    }

    private func refreshActions() {
        kind.actions = allActions
        kind.defaultAction = defaultAction ?? (declaredActions.isEmpty ? actionBlocks.first?.name : nil) ?? "nothing"
    }
}

/// What a custom resource's action runs in: the new and current resource, the action's
/// context (for `converge_by`), and the helpers of `action_class`.
final class ActionObject: RObject {
    let context: ActionContext
    let definition: CustomResourceDefinition
    var currentResource: Resource?

    init(context: ActionContext, definition: CustomResourceDefinition) {
        self.context = context
        self.definition = definition
        super.init(klass: definition.actionClass)
    }
}

/// Cookbook-defined resource types, as Chef 18 loads and runs them (lib/chef/resource.rb,
/// mixin/properties.rb, resource/action_class.rb, resource/lwrp_base.rb).
enum CustomResources {
    /// The class methods resource files call, on `Chef::Resource::LWRPBase`, and the methods
    /// actions call, on `Chef::Provider`.
    static func install(run: RunContext) throws {
        let interp = run.interpreter
        guard let resourceBase = interp.constant(path: "Chef::Resource")?.asModule,
              let provider = interp.constant(path: "Chef::Provider")?.asModule else { return }
        let classMethods = try interp.singletonClass(of: .object(resourceBase))

        func definition(_ receiver: Value) throws -> CustomResourceDefinition {
            guard let module = receiver.asModule, module !== resourceBase, module.isSubclass(of: resourceBase),
                  !run.resourceClasses.values.contains(where: { $0 === module }) || run.customResources[ObjectIdentifier(module)] != nil else {
                throw interp.makeError(interp.classes.runtimeError, "this class method belongs in a resource's class")
            }
            return definitionOf(module, run: run)
        }
        interp.define(classMethods, ["property", "attribute"]) { interp, receiver, args in
            let definition = try definition(receiver)
            guard let first = args.positional.first else { throw interp.argumentError("property needs a name") }
            let property = try parseProperty(name: try interp.toS(first), types: Array(args.positional.dropFirst()),
                                             options: args.keywords, interpreter: interp)
            definition.properties.removeAll { $0.name == property.name }
            definition.properties.append(property)
            ResourceDSL.installProperty(property, on: definition.resourceClass, run: run)
            return .symbol(property.name)
        }
        // `deprecated_property_alias 'old', 'new', 'message'`: the old name reads and sets the new.
        interp.define(classMethods, "deprecated_property_alias") { interp, receiver, args in
            let definition = try definition(receiver)
            guard args.positional.count >= 2 else { throw interp.argumentError("deprecated_property_alias needs the old and the new name") }
            let old = try interp.toS(args.positional[0]), new = try interp.toS(args.positional[1])
            interp.define(definition.resourceClass, old) { interp, receiver, args in
                try interp.callMethod(receiver, new, args)
            }
            return .null
        }
        interp.define(classMethods, "action") { interp, receiver, args in
            let definition = try definition(receiver)
            guard let name = args.positional.first, let block = args.block else { throw interp.argumentError("action needs a name and a block") }
            let action = try interp.toS(name)
            definition.actionBlocks.removeAll { $0.name == action }
            definition.actionBlocks.append((action, block))
            return .null
        }
        interp.define(classMethods, ["actions", "allowed_actions"]) { interp, receiver, args in
            let definition = try definition(receiver)
            for value in args.positional.flatMap({ $0.asArray?.items ?? [$0] }) {
                let action = try interp.toS(value)
                if !definition.declaredActions.contains(action) { definition.declaredActions.append(action) }
            }
            return interp.makeArray(definition.declaredActions.map { .symbol($0) })
        }
        interp.define(classMethods, "default_action") { interp, receiver, args in
            let definition = try definition(receiver)
            if let value = args.positional.first {
                let actions = value.asArray?.items ?? [value]
                definition.defaultAction = try actions.first.map { try interp.toS($0) }
            }
            return definition.defaultAction.map { .symbol($0) } ?? .null
        }
        interp.define(classMethods, "provides") { interp, receiver, args in
            let definition = try definition(receiver)
            if let value = args.positional.first {
                let name = try interp.toS(value)
                if !definition.providedNames.contains(name) { definition.providedNames.append(name) }
                try register(definition, as: name, run: run)
            }
            return .null
        }
        interp.define(classMethods, "resource_name") { interp, receiver, args in
            let definition = try definition(receiver)
            if let value = args.positional.first {
                definition.resourceName = try interp.toS(value)
                try register(definition, as: definition.resourceName!, run: run)
            }
            return .symbol(definition.displayName)
        }
        interp.define(classMethods, "unified_mode") { _, receiver, args in
            let definition = try definition(receiver)
            if let value = args.positional.first { definition.unifiedMode = value.isTruthy }
            return .bool(definition.unifiedMode)
        }
        interp.define(classMethods, "load_current_value") { interp, receiver, args in
            guard let block = args.block else { throw interp.argumentError("load_current_value needs a block") }
            try definition(receiver).loadCurrentValue = block
            return .null
        }
        interp.define(classMethods, "action_class") { interp, receiver, args in
            let definition = try definition(receiver)
            if let block = args.block {
                _ = try interp.callBlock(block, [], selfOverride: .object(definition.actionClass), definitionTarget: definition.actionClass)
            }
            return .object(definition.actionClass)
        }
        // Documentation and compatibility declarations that change nothing here.
        interp.define(classMethods, ["description", "introduced", "examples", "deprecated", "skip_docs", "preview_resource",
                                      "use_automatic_resource_name", "identity_attr", "state_attrs", "chef_version_for_provides",
                                      "default_description", "use_inline_resources", "whyrun_supported"]) { _, _, _ in .null }
        // `Chef::Resource::Foo.new('name')`, as LWRP providers make their current resource.
        // `Chef::Resource::File.new(path, run_context)`: a resource outside the collection,
        // which a library then runs with `run_action` (hostsfile's Manipulator does); the
        // same for a cookbook's own types.
        interp.define(classMethods, "new") { interp, receiver, args in
            let kind: ResourceKind
            if let module = receiver.asModule, let custom = run.customResources[ObjectIdentifier(module)] {
                kind = custom.kind
            } else if let module = receiver.asModule, let typeName = run.resourceClasses.first(where: { $0.value === module })?.key,
                      let builtIn = run.registry.anyType(named: typeName) {
                kind = builtIn
            } else {
                kind = try definition(receiver).kind
            }
            guard let module = receiver.asModule else { return .null }
            let name = try args.positional.first.map { try interp.toS($0) } ?? ""
            let location = interp.currentLocation ?? (file: "(unknown)", line: 0)
            let recipe = run.recipeStack.last ?? (cookbook: "", recipe: "")
            return .object(Resource(type: kind, name: name, declaration: Declaration(file: location.file, line: location.line,
                                                                                    cookbook: recipe.cookbook, recipe: recipe.recipe),
                                    klass: module))
        }

        installActionMethods(on: provider, run: run)
        try Definitions.install(run: run)

        // What resources answer for their own properties.
        interp.define(resourceBase, "current_value_does_not_exist!") { interp, _, _ in
            let cls = interp.constant(path: "Chef::Exceptions::CurrentValueDoesNotExist")?.asModule ?? interp.classes.runtimeError!
            throw interp.makeError(cls, "the current value does not exist")
        }
        interp.define(resourceBase, "property_is_set?") { interp, receiver, args in
            guard let resource = receiver.asObject as? Resource else { return .false }
            return .bool(resource.explicitlySet.contains(try interp.toS(args[0])))
        }
        interp.define(resourceBase, "reset_property") { interp, receiver, args in
            guard let resource = receiver.asObject as? Resource else { return .null }
            let name = try interp.toS(args[0])
            resource.values[name] = nil
            resource.explicitlySet.remove(name)
            return .null
        }
        interp.define(resourceBase, "updated_by_last_action") { _, receiver, args in
            guard let resource = receiver.asObject as? Resource else { return .null }
            if let flag = args.positional.first { resource.updatedByLastAction = flag.isTruthy; if flag.isTruthy { resource.updated = true } }
            return .bool(resource.updatedByLastAction)
        }
    }

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

    // MARK: Running an action

    static func runAction(_ action: String, on resource: Resource, in context: ActionContext, definition: CustomResourceDefinition) throws {
        let run = context.run
        let interp = run.interpreter
        for property in definition.properties {
            guard let required = property.rules?.required, required.isEmpty || required.contains(action) else { continue }
            if resource.values[property.name] == nil && !property.isNameProperty {
                throw ActionError("Chef::Exceptions::ValidationFailed", "\(property.name) is a required property")
            }
        }
        let object = ActionObject(context: context, definition: definition)
        _ = object.setInstanceVariable("@new_resource", .object(resource))
        _ = object.setInstanceVariable("@action", .symbol(action))
        object.currentResource = try loadCurrentValue(of: resource, definition: definition, run: run)
        _ = object.setInstanceVariable("@current_resource", object.currentResource.map { .object($0) } ?? .null)
        // An LWRP provider's own load_current_resource.
        if interp.respondTo(.object(object), "load_current_resource", includePrivate: true) {
            _ = try interp.callMethod(.object(object), "load_current_resource", Args([]), functionCall: true)
            object.currentResource = object.getInstanceVariable("@current_resource").asObject as? Resource
        }
        guard let block = definition.block(for: action) else {
            if action == "nothing" { return }
            throw ActionError("Chef::Exceptions::ValidationFailed", "\(resource.identity) has no action \(action)")
        }
        let updated = try run.nestedRun(unified: definition.unifiedMode) {
            _ = try interp.callBlock(block, [], selfOverride: .object(object), fallbackSelf: .object(resource))
        }
        if updated { context.markChanged() }
    }

    /// The resource as it is now: a copy of the new one's identity, name and
    /// non-desired-state properties, then load_current_value's block on it; nil when the
    /// block says it does not exist (or there is no block).
    static func loadCurrentValue(of resource: Resource, definition: CustomResourceDefinition, run: RunContext) throws -> Resource? {
        guard let block = definition.loadCurrentValue else { return nil }
        let kind = definition.kind!
        let interp = run.interpreter
        let current = Resource(type: kind, name: resource.name, declaration: resource.declaration, klass: definition.resourceClass)
        for property in definition.properties {
            guard let rules = property.rules, !rules.desiredState || rules.identity || property.isNameProperty,
                  let value = resource.values[property.name] else { continue }
            current.values[property.name] = value
            current.explicitlySet.insert(property.name)
        }
        do {
            _ = try interp.callBlock(block, block.arity != 0 ? [.object(resource)] : [], selfOverride: .object(current),
                                     fallbackSelf: .object(current))
        } catch let error as RubyError where interp.className(of: .object(error.exception)) == "Chef::Exceptions::CurrentValueDoesNotExist" {
            return nil
        }
        return current
    }

    /// `new_resource`, `current_resource`, `converge_by`, `converge_if_changed` and the rest
    /// of what an action's block calls; anything else the resource answers is forwarded to it.
    static func installActionMethods(on provider: RModule, run: RunContext) {
        let interp = run.interpreter
        let chef = interp.constant(path: "Chef")?.asModule
        if let exceptions = interp.constant(path: "Chef::Exceptions")?.asModule {
            _ = interp.classes.defineClass("CurrentValueDoesNotExist", superclass: interp.classes.runtimeError, in: exceptions)
        }
        _ = chef
        func object(_ receiver: Value) throws -> ActionObject {
            guard let object = receiver.asObject as? ActionObject else {
                throw interp.makeError(interp.classes.runtimeError, "this method belongs in a resource's action")
            }
            return object
        }
        interp.define(provider, "new_resource") { _, receiver, _ in receiver.asObject?.getInstanceVariable("@new_resource") ?? .null }
        interp.define(provider, "current_resource") { _, receiver, _ in receiver.asObject?.getInstanceVariable("@current_resource") ?? .null }
        interp.define(provider, "current_resource=") { _, receiver, args in
            _ = receiver.asObject?.setInstanceVariable("@current_resource", args[0])
            (receiver.asObject as? ActionObject)?.currentResource = args[0].asObject as? Resource
            return args[0]
        }
        interp.define(provider, "action") { _, receiver, _ in receiver.asObject?.getInstanceVariable("@action") ?? .null }
        interp.define(provider, ["whyrun_mode?", "whyrun_supported?"]) { _, receiver, _ in .bool((receiver.asObject as? ActionObject)?.context.whyRun ?? false) }
        interp.define(provider, "run_context") { _, _, _ in interp.constant(path: "Chef")?.asModule.map { .object($0) } ?? .null }
        interp.define(provider, "converge_by") { interp, receiver, args in
            let object = try object(receiver)
            guard let first = args.positional.first else { throw interp.argumentError("converge_by needs a description") }
            let lines = try (first.asArray?.items ?? [first]).map { try interp.toS($0) }
            try object.context.converge(by: lines) {
                if let block = args.block { _ = try interp.callBlock(block, []) }
            }
            return .true
        }
        interp.define(provider, "converge_if_changed") { interp, receiver, args in
            let object = try object(receiver)
            let names = try args.positional.map { try interp.toS($0) }
            return .bool(try convergeIfChanged(object, names: names, block: args.block, run: run))
        }
        interp.define(provider, "method_missing") { interp, receiver, args in
            let object = try object(receiver)
            guard let name = args.positional.first?.asSymbolName else { throw interp.argumentError("method_missing needs a name") }
            let resource = object.getInstanceVariable("@new_resource")
            guard interp.respondTo(resource, name, includePrivate: false) else { throw interp.makeError(interp.classes.noMethodError, "undefined method `\(name)' for \(definitionName(object))") }
            return try interp.callMethod(resource, name, Args(Array(args.positional.dropFirst()), block: args.block))
        }
        interp.define(provider, "respond_to_missing?") { interp, receiver, args in
            let resource = receiver.asObject?.getInstanceVariable("@new_resource") ?? .null
            return .bool(interp.respondTo(resource, try interp.toS(args[0]), includePrivate: false))
        }
    }

    /// Ruby's `ljust`: `text` padded with spaces to `width`.
    static func ljust(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    static func definitionName(_ object: ActionObject) -> String {
        "the action class of \(object.definition.displayName)"
    }

    /// Chef's converge_if_changed: compares the state properties named (all, when none is)
    /// that are set or have a default; when any differs (or the resource does not exist
    /// yet) the block runs under `update X` / `create X` with a line per property.
    static func convergeIfChanged(_ object: ActionObject, names: [String], block: RProc?, run: RunContext) throws -> Bool {
        let interp = run.interpreter
        guard let resource = object.getInstanceVariable("@new_resource").asObject as? Resource else { return false }
        let definition = object.definition
        let candidates = definition.properties.filter { property in
            guard let rules = property.rules, rules.desiredState, !rules.identity || !names.isEmpty else { return false }
            return names.isEmpty ? !property.isNameProperty : names.contains(property.name)
        }
        let compared = candidates.filter { resource.explicitlySet.contains($0.name) || ($0.rules?.hasDefault ?? false) }
        func inspect(_ value: Value, _ property: Property) throws -> String {
            property.isSensitive || resource.sensitive ? "(suppressed sensitive property)" : try interp.inspect(value)
        }
        var lines: [String] = []
        if let current = object.currentResource {
            var changed: [(Property, Value, Value)] = []
            for property in compared {
                let wanted = try run.value(of: property.name, in: resource)
                let now = try run.value(of: property.name, in: current)
                if !(try interp.valuesEqual(wanted, now)) { changed.append((property, wanted, now)) }
            }
            guard !changed.isEmpty else {
                run.logger.debug("Skipping update of \(resource.identity): has not changed any of the specified properties")
                return false
            }
            let width = changed.map { $0.0.name.count }.max() ?? 0
            lines.append("update \(current.identity)")
            for (property, wanted, now) in changed {
                lines.append("  set \(ljust(property.name, width)) to \(try inspect(wanted, property)) "
                             + "(was \(try inspect(now, property)))")
            }
        } else {
            let width = compared.map { $0.name.count }.max() ?? 0
            lines.append("create \(resource.identity)")
            for property in compared {
                let value = try run.value(of: property.name, in: resource)
                let note = resource.explicitlySet.contains(property.name) ? "" : " (default value)"
                lines.append("  set \(ljust(property.name, width)) to \(try inspect(value, property))\(note)")
            }
        }
        try object.context.converge(by: lines) {
            if let block { _ = try interp.callBlock(block, []) }
        }
        return true
    }
}

