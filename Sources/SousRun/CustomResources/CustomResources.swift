import SousLanguage
import SousSupport

/// Cookbook-defined resource types, as Chef 18 loads and runs them (lib/chef/resource.rb,
/// mixin/properties.rb, resource/action_class.rb, resource/lwrp_base.rb).
enum CustomResources {
    /// The class methods resource files call (`property`, `action`, `provides`...), on
    /// `Chef::Resource` so that a class a library defines has them too, and the methods
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
}
