import SousLanguage

/// What `property :x, Type, **options` (or an LWRP's `attribute`) says of a property, as
/// Chef's `Chef::Property` keeps it: Ruby types matched with `===`, checks, coercion, and a
/// default that is a value or a `lazy` block. Its values are Ruby objects of the run's world,
/// which lives on the recipe thread only.
final class CustomPropertyRules {
    var types: [Value] = []
    var defaultValue: Value?
    var lazyDefault: RProc?
    var coerce: RProc?
    var callbacks: [(String, RProc)] = []
    var equalTo: [Value] = []
    var regexes: [Value] = []
    /// `required: true`, or the actions it is required for.
    var required: [String]?
    var desiredState = true
    var identity = false

    func acceptsNil(_ interpreter: Interpreter) -> Bool {
        types.contains { type in
            type.isNil || (type.asModule.map { $0 === interpreter.classes.nilClass } ?? false)
        }
    }

    /// Why `value` is not acceptable, in Chef's words; nil when it is.
    func problem(with value: Value, property: Property, interpreter: Interpreter) -> String? {
        func matches(_ pattern: Value) -> Bool {
            ((try? interpreter.callMethod(pattern, "===", Args([value]))) ?? .false).isTruthy
        }
        if !types.isEmpty && !types.contains(where: matches) {
            let names = types.map { (try? interpreter.inspect($0)) ?? "?" }.joined(separator: ", ")
            return "Property \(property.name) must be one of: \(names)!  You passed \(property.describe(value, interpreter))."
        }
        if !equalTo.isEmpty && !equalTo.contains(where: { (try? interpreter.valuesEqual($0, value)) ?? false }) {
            let names = equalTo.map { (try? interpreter.inspect($0)) ?? "?" }.joined(separator: ", ")
            return "Property \(property.name) must be equal to one of: \(names)!  You passed \(property.describe(value, interpreter))."
        }
        if !regexes.isEmpty && !regexes.contains(where: matches) {
            return "Property \(property.name)'s value \(property.describe(value, interpreter)) does not match regular expression "
                + regexes.map { (try? interpreter.inspect($0)) ?? "?" }.joined(separator: ", ")
        }
        for (description, check) in callbacks {
            let passed = ((try? interpreter.callBlock(check, [value])) ?? .false).isTruthy
            if !passed { return "Property \(property.name)'s value \(property.describe(value, interpreter)) \(description)!" }
        }
        return nil
    }

    /// The property's value as an action reads it: set (a `lazy` one evaluated now), else
    /// the name for the name property, else the default (a lazy default is stored once read).
    func value(of property: Property, in resource: Resource, run: RunContext) throws -> Value {
        var value: Value
        if let set = resource.values[property.name] {
            guard run.isLazy(set), let lazy = set.asProc else { return set }
            value = try CustomResources.execInResource(resource, lazy, [], run: run)
        } else if property.isNameProperty {
            return run.interpreter.makeString(resource.name)
        } else if let lazyDefault {
            value = try CustomResources.execInResource(resource, lazyDefault, [], run: run)
            if let coerce, !value.isNil { value = try CustomResources.execInResource(resource, coerce, [value], run: run) }
            resource.values[property.name] = value
            return value
        } else if let defaultValue {
            return defaultValue
        } else {
            return .null
        }
        if let coerce, !value.isNil { value = try CustomResources.execInResource(resource, coerce, [value], run: run) }
        if let problem = problem(with: value, property: property, interpreter: run.interpreter) {
            throw ActionError("Chef::Exceptions::ValidationFailed", "\(resource.identity): \(problem)")
        }
        return value
    }

    /// Whether the property has a default (for `converge_if_changed`).
    var hasDefault: Bool { defaultValue != nil || lazyDefault != nil }
}
