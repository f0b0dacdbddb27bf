import SousLanguage

/// What a recipe reaches of the run itself: `run_context` (its `node` and
/// `resource_collection`), and the Chef 12.10+ helpers that find or change a resource
/// declared earlier (`find_resource`, `find_resource!`, `edit_resource`), which wrapper
/// cookbooks use to adjust what a library cookbook declared.
enum RunContextDSL {
    static func install(on dsl: RModule, run: RunContext) {
        let interpreter = run.interpreter
        guard let chef = interpreter.constant(path: "Chef")?.asModule else { return }
        let contextClass = interpreter.classes.defineClass("RunContext", in: chef)
        let collectionClass = interpreter.classes.defineClass("ResourceCollection", in: chef)
        let context = RObject(klass: contextClass)
        let collection = RObject(klass: collectionClass)

        interpreter.define(dsl, "run_context") { _, _, _ in .object(context) }
        // `node.run_context`, as libraries reach the run (hostsfile's Manipulator does).
        if let nodeClass = interpreter.constant(path: "Chef::Node")?.asModule {
            interpreter.define(nodeClass, "run_context") { _, _, _ in .object(context) }
        }
        // `with_run_context(:root) { ... }`: a sous run has one resource collection, so
        // the block declares into it, whichever context it names.
        interpreter.define(dsl, "with_run_context") { interp, _, args in
            guard let block = args.block else { throw interp.argumentError("with_run_context needs a block") }
            return try interp.callBlock(block, [])
        }
        interpreter.define(contextClass, "node") { _, _, _ in run.node.value }
        interpreter.define(contextClass, "resource_collection") { _, _, _ in .object(collection) }

        interpreter.define(collectionClass, "all_resources") { interp, _, _ in
            interp.makeArray(run.collection.map { .object($0) })
        }
        interpreter.define(collectionClass, "each") { interp, receiver, args in
            guard let block = args.block else { return interp.makeArray(run.collection.map { .object($0) }) }
            for resource in run.collection { _ = try interp.callBlock(block, [.object(resource)]) }
            return receiver
        }
        interpreter.define(collectionClass, ["size", "count"]) { _, _, _ in .integer(run.collection.count) }
        interpreter.define(collectionClass, "empty?") { _, _, _ in .bool(run.collection.isEmpty) }
        interpreter.define(collectionClass, ["lookup", "find"]) { interp, _, args in
            let identity = try identity(interp, args)
            guard let resource = run.resource(identity: identity) else { throw notFound(interp, identity) }
            return .object(resource)
        }

        interpreter.define(dsl, "find_resource") { interp, _, args in
            let identity = try identity(interp, args)
            return run.resource(identity: identity).map { .object($0) } ?? .null
        }
        interpreter.define(dsl, "find_resource!") { interp, _, args in
            let identity = try identity(interp, args)
            guard let resource = run.resource(identity: identity) else { throw notFound(interp, identity) }
            return .object(resource)
        }
        interpreter.define(dsl, ["edit_resource", "edit_resource!"]) { interp, receiver, args in
            let identity = try identity(interp, args)
            if let resource = run.resource(identity: identity) {
                if let block = args.block {
                    _ = try interp.callBlock(block, [.object(resource)], selfOverride: .object(resource), fallbackSelf: receiver)
                }
                return .object(resource)
            }
            return try RecipeDSL.declare(try interp.toS(args[0]), Args(Array(args.positional.dropFirst()), block: args.block),
                                         receiver: receiver, run: run)
        }
    }

    /// `find_resource(:template, '/etc/x')` or `find_resource('template[/etc/x]')`.
    private static func identity(_ interp: Interpreter, _ args: Args) throws -> String {
        if args.positional.count >= 2 { return "\(try interp.toS(args[0]))[\(try interp.toS(args[1]))]" }
        if let pairs = args.keywords?.pairs, let (type, name) = pairs.first {
            return "\(try interp.toS(type))[\(try interp.toS(name))]"
        }
        return try reference(interp, args[0])
    }

    private static func reference(_ interp: Interpreter, _ value: Value) throws -> String {
        do {
            return try ResourceReference.normalize(try interp.toS(value))
        } catch let invalid as ResourceReference.Invalid {
            throw interp.argumentError(invalid.description)
        }
    }

    private static func notFound(_ interp: Interpreter, _ identity: String) -> RubyError {
        let cls = interp.constant(path: "Chef::Exceptions::ResourceNotFound")?.asModule ?? interp.classes.standardError!
        return interp.makeError(cls, "Cannot find a resource matching \(identity) (did you define it first?)")
    }
}
