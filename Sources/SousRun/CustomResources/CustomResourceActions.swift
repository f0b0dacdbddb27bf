import SousLanguage
import SousSupport

/// Running a cookbook-defined resource's action: its current value, its nested run, and
/// the methods the action's block calls.
extension CustomResources {
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
        if let exceptions = interp.constant(path: "Chef::Exceptions")?.asModule {
            _ = interp.classes.defineClass("CurrentValueDoesNotExist", superclass: interp.classes.runtimeError, in: exceptions)
        }
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
        interp.define(provider, "whyrun_mode?") { _, receiver, _ in .bool((receiver.asObject as? ActionObject)?.context.whyRun ?? false) }
        interp.define(provider, "whyrun_supported?") { _, _, _ in .true }
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
