import SousChefData
import SousLanguage
import SousSupport

/// Cheffish's node properties, which `chef_node` and `machine` share: changes to the node's
/// normal attributes and run list, kept in the order the recipe gave them and applied to
/// the node as stored when the resource runs.
///
///     attribute %w(app version), '1.2'          # set a value at a path
///     attribute 'ip', :delete                   # remove it
///     attribute('ips') { |old| (old || []) + [ip] }   # from the stored value
///     tags 'a', 'b'                             # these tags and no others
///     tag 'c'; remove_tag 'a'                   # add or remove some
///     recipe 'base'; role 'web'; remove_recipe 'old'; remove_role 'db'
public struct NodeChanges {
    enum Change {
        case set([String], Value)
        case delete([String])
        case update([String], RProc)
        case addTags([String])
        case removeTags([String])
    }

    var attributeChanges: [Change] = []
    var runListAdditions: [String] = []
    var runListRemovals: [String] = []

    /// Whether a change needs the node as stored to be worked out (a block is given it).
    public var readsStoredValues: Bool {
        attributeChanges.contains { if case .update = $0 { return true } else { return false } }
    }

    /// The changes as plain JSON edits, which code off the recipe's thread can apply (a
    /// machine of a batch). Blocks run now, on the recipe's thread, each given the value at
    /// its path in `normal` with the changes before it applied.
    public func edits(startingFrom normal: JSON, interpreter: Interpreter) throws -> NodeEdits {
        var edits = NodeEdits(runListAdditions: runListAdditions, runListRemovals: runListRemovals)
        var current = normal
        for change in attributeChanges {
            let edit: NodeEdits.Edit
            switch change {
            case .set(let path, let value): edit = .set(path, try interpreter.jsonValue(of: value))
            case .delete(let path): edit = .delete(path)
            case .update(let path, let block):
                let old = NodeEdits.value(at: path, in: current).map { interpreter.rubyValue(from: $0) } ?? .null
                edit = .set(path, try interpreter.jsonValue(of: try interpreter.callBlock(block, [old])))
            case .addTags(let tags): edit = .addTags(tags)
            case .removeTags(let tags): edit = .removeTags(tags)
            }
            edits.edits.append(edit)
            current = NodeEdits.apply(edit, to: current)
        }
        return edits
    }
}

/// Node changes worked out to plain JSON: applied to the node as stored when a resource
/// (or a machine's stage) saves it.
public struct NodeEdits: Sendable {
    enum Edit: Sendable {
        case set([String], JSON)
        case delete([String])
        case addTags([String])
        case removeTags([String])
    }

    var edits: [Edit] = []
    public var runListAdditions: [String] = []
    public var runListRemovals: [String] = []

    public init() {}

    init(runListAdditions: [String], runListRemovals: [String]) {
        self.runListAdditions = runListAdditions
        self.runListRemovals = runListRemovals
    }

    public var changesRunList: Bool { !runListAdditions.isEmpty || !runListRemovals.isEmpty }

    /// The normal attributes with every edit applied in order.
    public func applyAttributes(to normal: JSON) -> JSON {
        edits.reduce(normal) { NodeEdits.apply($1, to: $0) }
    }

    /// The run list with the additions appended (those not there yet) and the removals gone.
    public func applyRunList(to current: [String]) -> [String] {
        (current + runListAdditions.filter { !current.contains($0) }).filter { !runListRemovals.contains($0) }
    }

    static func apply(_ edit: Edit, to normal: JSON) -> JSON {
        switch edit {
        case .set(let path, let value): return setting(path, in: normal, to: value)
        case .delete(let path): return removing(path, in: normal)
        case .addTags(let tags):
            let current = self.tags(in: normal)
            return normal.setting("tags", to: .array((current + tags.filter { !current.contains($0) }).map { .string($0) }))
        case .removeTags(let tags):
            guard normal["tags"] != nil else { return normal }
            return normal.setting("tags", to: .array(self.tags(in: normal).filter { !tags.contains($0) }.map { .string($0) }))
        }
    }

    static func tags(in normal: JSON) -> [String] { normal["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    static func value(at path: [String], in json: JSON) -> JSON? {
        path.reduce(Optional(json)) { $0?[$1] }
    }

    static func setting(_ path: [String], in json: JSON, to value: JSON) -> JSON {
        guard let first = path.first else { return value }
        let inner = json[first].flatMap { $0.objectValue == nil ? nil : $0 } ?? .object([])
        return json.setting(first, to: setting(Array(path.dropFirst()), in: inner, to: value))
    }

    static func removing(_ path: [String], in json: JSON) -> JSON {
        guard let first = path.first, case .object(let pairs) = json else { return json }
        if path.count == 1 { return .object(pairs.filter { $0.0 != first }) }
        guard let inner = json[first] else { return json }
        return json.setting(first, to: removing(Array(path.dropFirst()), in: inner))
    }
}

public enum NodeProperties {
    /// The methods that record node changes on a resource class (`chef_node`, `machine`).
    public static func install(on resourceClass: RModule, interpreter: Interpreter) {
        func resource(_ value: Value) -> Resource? { value.asObject as? Resource }
        func names(_ interp: Interpreter, _ args: Args) throws -> [String] {
            try args.positional.flatMap { value in try (value.asArray?.items ?? [value]).map { try interp.toS($0) } }
        }
        func path(_ interp: Interpreter, _ value: Value) throws -> [String] {
            try (value.asArray?.items ?? [value]).map { try interp.toS($0) }
        }
        interpreter.define(resourceClass, "attribute") { interp, receiver, args in
            guard let resource = resource(receiver), args.positional.count >= 1 else {
                throw interp.argumentError("attribute needs a path and a value or a block: attribute %w(app port), 8080")
            }
            let keys = try path(interp, args[0])
            if args.positional.count >= 2 {
                if case .symbol("delete") = args[1] {
                    resource.nodeChanges.attributeChanges.append(.delete(keys))
                } else {
                    resource.nodeChanges.attributeChanges.append(.set(keys, args[1]))
                }
            } else if let block = args.block {
                resource.nodeChanges.attributeChanges.append(.update(keys, block))
            } else {
                throw interp.argumentError("attribute requires either a value or a block")
            }
            return .null
        }
        interpreter.define(resourceClass, "tags") { interp, receiver, args in
            let tags = try names(interp, args)
            resource(receiver)?.nodeChanges.attributeChanges.append(.set(["tags"], interp.makeArray(tags.map { interp.makeString($0) })))
            return .null
        }
        interpreter.define(resourceClass, "tag") { interp, receiver, args in
            resource(receiver)?.nodeChanges.attributeChanges.append(.addTags(try names(interp, args)))
            return .null
        }
        interpreter.define(resourceClass, "remove_tag") { interp, receiver, args in
            resource(receiver)?.nodeChanges.attributeChanges.append(.removeTags(try names(interp, args)))
            return .null
        }
        for (method, kind, removing) in [("recipe", "recipe", false), ("role", "role", false),
                                         ("remove_recipe", "recipe", true), ("remove_role", "role", true)] {
            interpreter.define(resourceClass, method) { interp, receiver, args in
                let given = try names(interp, args)
                guard !given.isEmpty else { throw interp.argumentError("At least one \(kind) must be specified") }
                let items: [String]
                do {
                    items = try given.map { try RunListItem.normalize("\(kind)[\($0)]") }
                } catch {
                    throw interp.argumentError("\(error)")
                }
                if removing {
                    resource(receiver)?.nodeChanges.runListRemovals.append(contentsOf: items)
                } else {
                    resource(receiver)?.nodeChanges.runListAdditions.append(contentsOf: items)
                }
                return .null
            }
        }
    }
}
