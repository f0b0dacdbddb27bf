/// Proc and lambda objects: calling, arity, currying, and `Method` objects made from them.
extension Interpreter {
    func installProc() {
        let proc = classes.proc!
        defineSingleton(proc, [
            .method("new", arity: .checkedByBody) { interp, _, args in
                guard let block = args.block else { throw interp.argumentError("tried to create Proc object without a block") }
                return .object(block)
            },
        ])
        define(proc, [
            .method("call", "()", "yield", "===", "[]", arity: .checkedByBody) { interp, receiver, args in
                let p = receiver.asProc!
                do {
                    return try interp.callBlock(p, args.values, blockArgument: args.block, hasKeywords: args.hasKeywords)
                } catch ControlFlow.breakOut(let tag, let value) where tag == p.breakTag && !p.isLambda {
                    throw interp.makeError(interp.classes.localJumpError, "break from proc-closure") as Error? ?? ControlFlow.breakOut(tag: tag, value: value)
                }
            },
            .method("to_proc", arity: .exactly(0)) { _, receiver, _ in receiver },
            .method("lambda?", arity: .exactly(0)) { _, receiver, _ in .bool(receiver.asProc!.isLambda) },
            .method("arity", arity: .exactly(0)) { _, receiver, _ in .integer(receiver.asProc!.arity) },
            .method("parameters", arity: .exactly(0)) { interp, receiver, _ in
                guard let parameters = receiver.asProc!.parameters else { return interp.makeArray([]) }
                let isLambda = receiver.asProc!.isLambda
                var out: [Value] = []
                for target in parameters.required {
                    if case .local(let name) = target { out.append(interp.makeArray([.symbol(isLambda ? "req" : "opt"), .symbol(name)])) }
                }
                for optional in parameters.optional { out.append(interp.makeArray([.symbol("opt"), .symbol(optional.name)])) }
                if let rest = parameters.rest { out.append(interp.makeArray(rest.isEmpty ? [.symbol("rest")] : [.symbol("rest"), .symbol(rest)])) }
                for keyword in parameters.keywords {
                    out.append(interp.makeArray([.symbol(keyword.defaultValue == nil ? "keyreq" : "key"), .symbol(keyword.name)]))
                }
                if let block = parameters.block { out.append(interp.makeArray([.symbol("block"), .symbol(block)])) }
                return interp.makeArray(out)
            },
            .method("curry", arity: .checkedByBody) { interp, receiver, args in
                let p = receiver.asProc!
                let arity = args.count > 0 ? try interp.toInteger(args[0]) : abs(p.arity < 0 ? -p.arity - 1 : p.arity)
                func curried(_ collected: [Value]) -> Value {
                    .object(interp.makeNativeProc(lambda: true) { interp, more in
                        let all = collected + more.values
                        if all.count >= arity { return try interp.callBlock(p, all) }
                        return curried(all)
                    })
                }
                return curried([])
            },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in
                let p = receiver.asProc!
                var location = ""
                if case .block(let literal) = p.body { location = " \(literal.location.file):\(literal.location.line)" }
                return interp.makeString("#<Proc:\(p.addressDescription)\(location)\(p.isLambda ? " (lambda)" : "")>")
            },
            .method(">>", arity: .exactly(1)) { interp, receiver, args in
                let first = receiver.asProc!
                let second = args[0]
                return .object(interp.makeNativeProc(lambda: true) { interp, inner in
                    try interp.callMethod(second, "call", Args([try interp.callBlock(first, inner.values)]))
                })
            },
            .method("<<", arity: .exactly(1)) { interp, receiver, args in
                let first = receiver.asProc!
                let second = args[0]
                return .object(interp.makeNativeProc(lambda: true) { interp, inner in
                    try interp.callBlock(first, [try interp.callMethod(second, "call", Args(inner.values))])
                })
            },
        ])
    }
}
