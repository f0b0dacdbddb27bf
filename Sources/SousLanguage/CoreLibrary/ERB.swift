extension Interpreter {
    func installERB() {
        // Ruby's erb library: `ERB.new(text, trim_mode: '-')`, `#result(binding)`,
        // `#result_with_hash(hash)`, `#src`. Trim mode `-` is Chef's; no trim mode reads the
        // same template the same way but for `-%>` and `<%-`, which it leaves as they are.
        let erb = classes.defineClass("ERB")
        define(erb, [
            .method("initialize", arity: .atLeast(1), visibility: .private) { interp, receiver, args in
                try interp.checkArity(args, 1...4)
                let object = receiver.asObject!
                var trim = args.keywords?.get(.symbol("trim_mode"))
                if trim == nil, args.count > 2 { trim = args[2] }
                let mode = trim.flatMap { $0.isNil ? nil : $0 }.map { (try? interp.toS($0)) ?? "" }
                if let mode, mode != "-" {
                    throw interp.makeError(interp.classes.notImplementedError, "ERB trim_mode \(mode.debugDescription) is not supported by sous (only \"-\", Chef's)")
                }
                object.setInstanceVariable("@src", interp.makeString(ERBCompiler.compile(try interp.toStr(args[0]))))
                object.setInstanceVariable("@filename", .null)
                return .null
            },
            .method("src", arity: .exactly(0)) { _, receiver, _ in receiver.asObject!.getInstanceVariable("@src") },
            .method("filename=", arity: .exactly(1)) { _, receiver, args in
                receiver.asObject!.setInstanceVariable("@filename", args[0])
                return args[0]
            },
        ])
        func render(_ interp: Interpreter, _ erb: Value, in frame: Frame, keeping scope: Scope) throws -> Value {
            let object = erb.asObject!
            let file = try object.getInstanceVariable("@filename").isNil ? "(erb)" : interp.toS(object.getInstanceVariable("@filename"))
            return try interp.evaluate(try interp.toStr(object.getInstanceVariable("@src")), in: frame, keeping: scope, file: file)
        }
        define(erb, [
            .method("result", arity: .checkedByBody) { interp, receiver, args in
                if args.count > 0 && !args[0].isNil {
                    let target = try interp.bindingArgument(args[0])
                    return try render(interp, receiver, in: target.frame, keeping: target.scope)
                }
                let frame = interp.freshBindingFrame(file: "(erb)")
                return try render(interp, receiver, in: frame, keeping: frame.scope)
            },
            .method("result_with_hash", arity: .exactly(1)) { interp, receiver, args in
                guard let hash = args[0].asHash else { throw interp.typeError("no implicit conversion of \(interp.className(of: args[0])) into Hash") }
                let locals = try hash.pairs.map { (try interp.toName($0.0), $0.1) }
                let frame = interp.freshBindingFrame(file: "(erb)", locals: locals)
                return try render(interp, receiver, in: frame, keeping: frame.scope)
            },
        ])
    }
}
