import SousLanguage

/// Installs Chef's data classes (`Chef::Node`, its attribute hashes, `Chef::RunList`) into a
/// Ruby world, once.
public enum ChefData {
    public static func install(into interpreter: Interpreter) throws {
        guard interpreter.constant(path: "Chef::Node") == nil else { return }
        try interpreter.run(SourceFile(path: NodePrelude.path, text: NodePrelude.source))
    }
}

/// Attribute precedence levels, lowest first, as Chef names them.
public enum AttributeLevel: String, CaseIterable, Sendable {
    case `default`, envDefault = "env_default", roleDefault = "role_default", forceDefault = "force_default"
    case normal
    case override, roleOverride = "role_override", envOverride = "env_override", forceOverride = "force_override"
    case automatic
}

/// A Chef node as Swift sees it: a typed handle on the Ruby `Chef::Node` that recipes and
/// attribute files read and write, so both always agree.
public struct ChefNode {
    public let value: Value
    public let interpreter: Interpreter

    /// Makes a new node (with Chef's data classes installed if they are not yet).
    public init(named name: String, in interpreter: Interpreter) throws {
        try ChefData.install(into: interpreter)
        guard let nodeClass = interpreter.constant(path: "Chef::Node") else {
            preconditionFailure("Chef::Node is missing after installing Chef's data classes")
        }
        self.interpreter = interpreter
        self.value = try interpreter.callMethod(nodeClass, "new", Args([interpreter.makeString(name)]))
    }

    /// The hash of one precedence level, which writes go to.
    public func attributes(at level: AttributeLevel) throws -> Value {
        try interpreter.callMethod(value, "precedence_level", Args([interpreter.makeString(level.rawValue)]))
    }

    /// Sets `keys` (a path of string keys) at a precedence level, making the hashes on the way.
    public func set(_ keys: [String], to newValue: Value, at level: AttributeLevel) throws {
        guard let last = keys.last else { return }
        var target = try attributes(at: level)
        for key in keys.dropLast() {
            target = try interpreter.callMethod(target, "[]", Args([interpreter.makeString(key)]))
        }
        _ = try interpreter.callMethod(target, "[]=", Args([interpreter.makeString(last), newValue]))
    }

    /// The merged value at a path of keys, as `node.dig(...)` reads it; nil when absent.
    public func read(_ keys: [String]) throws -> Value {
        try interpreter.callMethod(value, "dig", Args(keys.map { interpreter.makeString($0) }))
    }
}
