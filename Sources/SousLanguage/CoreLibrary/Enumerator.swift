/// Enumerator: an iteration kept as an object (`each` without a block, `each_slice(2)`).
extension Interpreter {
    func installEnumerator() {
        let enumerator = classes.enumerator!
        func data(_ value: Value) -> REnumerator { value.asObject as! REnumerator }
        define(enumerator, [
            .method("each", arity: .checkedByBody) { interp, receiver, args in
                guard let block = args.block else { return receiver }
                let e = data(receiver)
                return try interp.callMethod(e.receiver, e.method, Args(e.arguments, block: block))
            },
            .method("with_index", "each_with_index", arity: .checkedByBody) { interp, receiver, args in
                let e = data(receiver)
                let offset = args.count > 0 && !args[0].isNil ? try interp.toInteger(args[0]) : 0
                guard let block = args.block else {
                    let pairs = try interp.elements(receiver).enumerated().map { interp.makeArray([$0.element, .integer($0.offset + offset)]) }
                    return interp.enumeratorFor(interp.makeArray(pairs), "each")
                }
                var index = offset
                let proc = interp.makeNativeProc { interp, inner in
                    let element = inner.count == 1 ? inner[0] : interp.makeArray(inner.values)
                    defer { index += 1 }
                    return try interp.callBlock(block, [element, .integer(index)])
                }
                return try interp.callMethod(e.receiver, e.method, Args(e.arguments, block: proc))
            },
            .method("with_object", "each_with_object", arity: .exactly(1)) { interp, receiver, args in
                let e = data(receiver)
                guard let block = args.block else { return interp.enumeratorFor(receiver, "with_object", args.values) }
                let memo = args[0]
                let proc = interp.makeNativeProc { interp, inner in
                    let element = inner.count == 1 ? inner[0] : interp.makeArray(inner.values)
                    return try interp.callBlock(block, [element, memo])
                }
                _ = try interp.callMethod(e.receiver, e.method, Args(e.arguments, block: proc))
                return memo
            },
            .method("size", arity: .exactly(0)) { interp, receiver, _ in
                let e = data(receiver)
                if e.method == "loop" { return .float(.infinity) }
                return .integer(try interp.elements(receiver).count)
            },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in
                let e = data(receiver)
                return interp.makeString("#<Enumerator: \(try interp.inspect(e.receiver)):\(e.method)>")
            },
            .method("next", arity: .exactly(0)) { interp, _, _ in
                throw interp.makeError(interp.classes.notImplementedError, "external enumeration (Enumerator#next) is not supported by sous")
            },
            .method("rewind", arity: .exactly(0)) { _, receiver, _ in receiver },
            .method("lazy", arity: .exactly(0)) { _, receiver, _ in receiver },
            .method("force", arity: .checkedByBody) { interp, receiver, _ in interp.makeArray(try interp.elements(receiver)) },
        ])
    }
}
