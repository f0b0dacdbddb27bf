/// Symbol: names as values, with the String methods Ruby gives them.
extension Interpreter {
    func installSymbol() {
        let symbol = classes.symbol!
        func name(_ value: Value) -> String { if case .symbol(let s) = value { return s } else { return "" } }
        define(symbol, [
            .method("to_s", "id2name", "name", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(name(receiver)) },
            .method("to_sym", arity: .exactly(0)) { _, receiver, _ in receiver },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(RubyFormat.inspectSymbol(name(receiver))) },
            .method("to_proc", arity: .exactly(0)) { interp, receiver, _ in
                .object(RProc(body: .symbol(name(receiver)), frame: nil, isLambda: true, breakTag: interp.makeTag(), klass: interp.classes.proc))
            },
            .method("length", "size", arity: .exactly(0)) { _, receiver, _ in .integer(name(receiver).unicodeScalars.count) },
            .method("upcase", arity: .checkedByBody) { _, receiver, _ in .symbol(name(receiver).uppercased()) },
            .method("downcase", arity: .checkedByBody) { _, receiver, _ in .symbol(name(receiver).lowercased()) },
            .method("capitalize", arity: .checkedByBody) { interp, receiver, _ in .symbol(interp.capitalize(name(receiver))) },
            .method("succ", "next", arity: .exactly(0)) { _, receiver, _ in .symbol(Self.successor(name(receiver))) },
            .method("<=>", arity: .exactly(1)) { interp, receiver, args in
                guard case .symbol(let other) = args[0] else { return .null }
                return .integer(interp.compareStrings(name(receiver), other))
            },
            .method("==", "===", arity: .exactly(1)) { _, receiver, args in .bool(valuesEql(receiver, args[0])) },
            .method("[]", arity: .checkedByBody) { interp, receiver, args in try interp.stringSlice(interp.makeString(name(receiver)), args) },
            .method("start_with?", arity: .checkedByBody) { interp, receiver, args in
                .bool(try args.values.contains { name(receiver).hasPrefix(try interp.toStr($0)) })
            },
            .method("end_with?", arity: .checkedByBody) { interp, receiver, args in
                .bool(try args.values.contains { name(receiver).hasSuffix(try interp.toStr($0)) })
            },
            .method("empty?", arity: .exactly(0)) { _, receiver, _ in .bool(name(receiver).isEmpty) },
            .method("=~", arity: .exactly(1)) { interp, receiver, args in try interp.callMethod(interp.makeString(name(receiver)), "=~", args) },
            .method("match?", arity: .checkedByBody) { interp, receiver, args in try interp.callMethod(interp.makeString(name(receiver)), "match?", args) },
        ])
    }
}
