import SousSupport

/// ENV: the process environment, read and written through the host, as a hash-like object.
extension Interpreter {
    func installEnv() {
        let env = RObject(klass: classes.object)
        let envValue = Value.object(env)
        classes.object.setConstant("ENV", envValue)
        guard let singleton = try? singletonClass(of: envValue) else { return }
        func value(_ interp: Interpreter, _ name: String) -> Value {
            interp.host.environmentVariable(name).map { interp.makeString($0) } ?? .null
        }
        func pairs(_ interp: Interpreter) -> [(Value, Value)] {
            interp.host.environment().map { (interp.makeString($0.0), interp.makeString($0.1)) }
        }
        define(singleton, [
            .method("[]", arity: .exactly(1)) { interp, _, args in value(interp, try interp.toStr(args[0])) },
            .method("fetch", arity: .checkedByBody) { interp, _, args in
                let name = try interp.toStr(args[0])
                if let found = interp.host.environmentVariable(name) { return interp.makeString(found) }
                if let block = args.block { return try interp.callBlock(block, [args[0]]) }
                if args.count > 1 { return args[1] }
                throw try interp.keyError(args[0], receiver: envValue).withMessage("key not found: \(RubyFormat.inspectString(name))", interp)
            },
            .method("[]=", "store", arity: .exactly(2)) { interp, _, args in
                let name = try interp.toStr(args[0])
                interp.host.setEnvironmentVariable(name, args[1].isNil ? nil : try interp.toStr(args[1]))
                return args[1]
            },
            .method("delete", arity: .exactly(1)) { interp, _, args in
                let name = try interp.toStr(args[0])
                let old = value(interp, name)
                interp.host.setEnvironmentVariable(name, nil)
                return old
            },
            .method("key?", "has_key?", "include?", "member?", arity: .exactly(1)) { interp, _, args in
                .bool(interp.host.environmentVariable(try interp.toStr(args[0])) != nil)
            },
            .method("to_h", "to_hash", arity: .exactly(0)) { interp, _, _ in interp.makeHash(pairs(interp)) },
            .method("keys", arity: .exactly(0)) { interp, _, _ in interp.makeArray(pairs(interp).map { $0.0 }) },
            .method("values", arity: .exactly(0)) { interp, _, _ in interp.makeArray(pairs(interp).map { $0.1 }) },
            .method("each", "each_pair", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each") }
                for (k, v) in pairs(interp) { _ = try interp.callBlock(block, [interp.makeArray([k, v])]) }
                return receiver
            },
            .method("map", "select", "filter", "reject", "to_a", "find", "any?", "count", "sort_by", "min_by", arity: .checkedByBody) { _, _, _ in .null },
        ])
        for name in ["map", "select", "filter", "reject", "to_a", "find", "any?", "count", "sort_by", "min_by"] {
            define(singleton, name) { interp, _, args in try interp.callMethod(interp.makeHash(pairs(interp)), name, args) }
        }
        define(singleton, [
            .method("to_s", arity: .exactly(0)) { interp, _, _ in interp.makeString("ENV") },
            .method("inspect", arity: .exactly(0)) { interp, _, _ in interp.makeString(try interp.inspect(interp.makeHash(pairs(interp)))) },
            .method("empty?", arity: .exactly(0)) { interp, _, _ in .bool(interp.host.environment().isEmpty) },
            .method("size", "length", arity: .exactly(0)) { interp, _, _ in .integer(interp.host.environment().count) },
        ])
    }
}
