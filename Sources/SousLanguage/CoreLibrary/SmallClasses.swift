/// Symbol, Range, Proc, nil, true and false.
extension Interpreter {
    func installSymbol() {
        let symbol = classes.symbol!
        func name(_ value: Value) -> String { if case .symbol(let s) = value { return s } else { return "" } }
        define(symbol, ["to_s", "id2name", "name"]) { interp, receiver, _ in interp.makeString(name(receiver)) }
        define(symbol, "to_sym") { _, receiver, _ in receiver }
        define(symbol, "inspect") { interp, receiver, _ in interp.makeString(RubyFormat.inspectSymbol(name(receiver))) }
        define(symbol, "to_proc") { interp, receiver, _ in
            .object(RProc(body: .symbol(name(receiver)), frame: nil, isLambda: true, breakTag: interp.makeTag(), klass: interp.classes.proc))
        }
        define(symbol, ["length", "size"]) { _, receiver, _ in .integer(name(receiver).unicodeScalars.count) }
        define(symbol, "upcase") { _, receiver, _ in .symbol(name(receiver).uppercased()) }
        define(symbol, "downcase") { _, receiver, _ in .symbol(name(receiver).lowercased()) }
        define(symbol, "capitalize") { interp, receiver, _ in .symbol(interp.capitalize(name(receiver))) }
        define(symbol, ["succ", "next"]) { _, receiver, _ in .symbol(Self.successor(name(receiver))) }
        define(symbol, "<=>") { interp, receiver, args in
            guard case .symbol(let other) = args[0] else { return .null }
            return .integer(interp.compareStrings(name(receiver), other))
        }
        define(symbol, ["==", "==="]) { _, receiver, args in .bool(valuesEql(receiver, args[0])) }
        define(symbol, "[]") { interp, receiver, args in try interp.stringSlice(interp.makeString(name(receiver)), args) }
        define(symbol, "start_with?") { interp, receiver, args in
            .bool(try args.values.contains { name(receiver).hasPrefix(try interp.toStr($0)) })
        }
        define(symbol, "end_with?") { interp, receiver, args in
            .bool(try args.values.contains { name(receiver).hasSuffix(try interp.toStr($0)) })
        }
        define(symbol, "empty?") { _, receiver, _ in .bool(name(receiver).isEmpty) }
        define(symbol, "=~") { interp, receiver, args in try interp.callMethod(interp.makeString(name(receiver)), "=~", args) }
        define(symbol, "match?") { interp, receiver, args in try interp.callMethod(interp.makeString(name(receiver)), "match?", args) }

        let nilClass = classes.nilClass!
        define(nilClass, "to_s") { interp, _, _ in interp.makeString("") }
        define(nilClass, "to_a") { interp, _, _ in interp.makeArray([]) }
        define(nilClass, "to_h") { interp, _, _ in .object(interp.makeHashObject()) }
        define(nilClass, "to_i") { _, _, _ in .integer(0) }
        define(nilClass, "to_f") { _, _, _ in .float(0) }
        define(nilClass, "inspect") { interp, _, _ in interp.makeString("nil") }
        define(nilClass, "&") { _, _, _ in .false }
        define(nilClass, "|") { _, _, args in .bool(args[0].isTruthy) }
        define(nilClass, "nil?") { _, _, _ in .true }
        for (cls, value) in [(classes.trueClass!, true), (classes.falseClass!, false)] {
            define(cls, ["to_s", "inspect"]) { interp, _, _ in interp.makeString(value ? "true" : "false") }
            define(cls, "&") { _, _, args in .bool(value && args[0].isTruthy) }
            define(cls, "|") { _, _, args in .bool(value || args[0].isTruthy) }
            define(cls, "^") { _, _, args in .bool(value != args[0].isTruthy) }
            define(cls, "!") { _, _, _ in .bool(!value) }
        }
    }

    func installRange() {
        let range = classes.range!
        func r(_ value: Value) -> RRange { value.asRange! }
        defineSingleton(range, "new") { interp, _, args in try interp.makeRange(args[0], args[1], exclusive: args[2].isTruthy) }
        define(range, ["first", "begin", "min_unused"]) { _, _, _ in .null }
        range.methods.removeValue(forKey: "min_unused")
        define(range, "begin") { _, receiver, _ in r(receiver).lower }
        define(range, "end") { _, receiver, _ in r(receiver).upper }
        define(range, "first") { interp, receiver, args in
            if args.count == 0 {
                if r(receiver).lower.isNil { throw interp.makeError(interp.classes.rangeError, "cannot get the first element of beginless range") }
                return r(receiver).lower
            }
            return try interp.invoke(interp.classes.enumerable.methods["first"]!, receiver, args, name: "first")
        }
        define(range, "last") { interp, receiver, args in
            if args.count == 0 {
                if r(receiver).upper.isNil { throw interp.makeError(interp.classes.rangeError, "cannot get the last element of endless range") }
                return r(receiver).upper
            }
            let all = try interp.elements(receiver)
            return interp.makeArray(Array(all.suffix(try interp.toInteger(args[0]))))
        }
        define(range, "min") { interp, receiver, args in
            let me = r(receiver)
            if args.block != nil || args.count > 0 {
                return try interp.invoke(interp.classes.enumerable.methods["min"]!, receiver, args, name: "min")
            }
            let order = try interp.compare(me.lower, me.upper)
            return order > 0 || (order == 0 && me.exclusive) ? .null : me.lower
        }
        define(range, "max") { interp, receiver, args in
            let me = r(receiver)
            if args.block != nil || args.count > 0 {
                return try interp.invoke(interp.classes.enumerable.methods["max"]!, receiver, args, name: "max")
            }
            let order = try interp.compare(me.lower, me.upper)
            if order > 0 || (order == 0 && me.exclusive) { return .null }
            if me.exclusive, case .integer(let high) = me.upper { return .integer(high - 1) }
            return me.upper
        }
        define(range, "exclude_end?") { _, receiver, _ in .bool(r(receiver).exclusive) }
        define(range, "each") { interp, receiver, args in
            guard let block = args.block else { return interp.enumeratorFor(receiver, "each") }
            try interp.iterateRange(r(receiver)) { _ = try interp.callBlock(block, [$0]) }
            return receiver
        }
        define(range, "reverse_each") { interp, receiver, args in
            guard let block = args.block else { return interp.enumeratorFor(receiver, "reverse_each") }
            for item in try interp.elements(receiver).reversed() { _ = try interp.callBlock(block, [item]) }
            return receiver
        }
        define(range, ["size", "count"]) { interp, receiver, args in
            let me = r(receiver)
            if args.count > 0 || args.block != nil {
                return try interp.invoke(interp.classes.enumerable.methods["count"]!, receiver, args, name: "count")
            }
            switch (me.lower, me.upper) {
            case (.integer(let low), .integer(let high)):
                return .integer(max(0, high - low + (me.exclusive ? 0 : 1)))
            case (.integer, .null):
                return .float(.infinity)
            default:
                if me.lower.asString != nil { return .integer(try interp.elements(receiver).count) }
                return .null
            }
        }
        define(range, ["include?", "member?", "==="]) { interp, receiver, args in
            .bool(try interp.rangeCovers(r(receiver), args[0]))
        }
        define(range, "cover?") { interp, receiver, args in
            let me = r(receiver)
            guard let other = args[0].asObject as? RRange else { return .bool(try interp.rangeCovers(me, args[0])) }
            // A range is covered when both its ends are; an exclusive end may equal ours.
            let upperCovered = try interp.rangeCovers(me, other.upper)
                || (other.exclusive && (try interp.valuesEqual(other.upper, me.upper)))
            return .bool(try interp.rangeCovers(me, other.lower) && upperCovered)
        }
        define(range, "to_a") { interp, receiver, _ in
            if r(receiver).upper.isNil { throw interp.makeError(interp.classes.rangeError, "cannot convert endless range to an array") }
            return interp.makeArray(try interp.elements(receiver))
        }
        define(range, "inspect") { interp, receiver, _ in
            let me = r(receiver)
            let lower = me.lower.isNil ? "" : try interp.inspect(me.lower)
            let upper = me.upper.isNil ? "" : try interp.inspect(me.upper)
            return interp.makeString(lower + (me.exclusive ? "..." : "..") + upper)
        }
        define(range, "to_s") { interp, receiver, _ in
            let me = r(receiver)
            return interp.makeString(try interp.toS(me.lower) + (me.exclusive ? "..." : "..") + interp.toS(me.upper))
        }
        define(range, ["==", "eql?"]) { _, receiver, args in .bool(valuesEql(receiver, args[0])) }
        define(range, "hash") { _, receiver, _ in
            var hasher = Hasher()
            rubyHash(receiver, into: &hasher)
            return .integer(hasher.finalize())
        }
        define(range, ["step", "%"]) { interp, receiver, args in
            let me = r(receiver)
            var values: [Value] = []
            let collect = args.block == nil
            let upper = me.upper
            do {
                try interp.numericStep(from: me.lower, to: upper, by: args[0]) { value in
                    if me.exclusive, (try? interp.compare(value, upper)) == 0 { throw EnumerationStop() }
                    if collect { values.append(value) } else { _ = try interp.callBlock(args.block!, [value]) }
                }
            } catch is EnumerationStop {
                // The exclusive end reached.
            }
            return collect ? interp.enumeratorFor(interp.makeArray(values), "each") : receiver
        }
        define(range, "sum") { interp, receiver, args in
            let me = r(receiver)
            if args.block == nil, args.count == 0, case .integer(let low) = me.lower, case .integer(var high) = me.upper {
                if me.exclusive { high -= 1 }
                return .integer(high < low ? 0 : (low + high) * (high - low + 1) / 2)
            }
            return try interp.invoke(interp.classes.enumerable.methods["sum"]!, receiver, args, name: "sum")
        }
        define(range, "dup") { _, receiver, _ in receiver }
    }

    func rangeCovers(_ range: RRange, _ value: Value) throws -> Bool {
        if !range.lower.isNil {
            let result = try callMethod(range.lower, "<=>", Args([value]))
            guard case .integer(let order) = result, order <= 0 else { return false }
        }
        if !range.upper.isNil {
            let result = try callMethod(value, "<=>", Args([range.upper]))
            guard case .integer(let order) = result else { return false }
            return range.exclusive ? order < 0 : order <= 0
        }
        return true
    }

    func installProc() {
        let proc = classes.proc!
        defineSingleton(proc, "new") { interp, _, args in
            guard let block = args.block else { throw interp.argumentError("tried to create Proc object without a block") }
            return .object(block)
        }
        define(proc, ["call", "()", "yield", "===", "[]"]) { interp, receiver, args in
            let p = receiver.asProc!
            do {
                return try interp.callBlock(p, args.values, blockArgument: args.block, hasKeywords: args.hasKeywords)
            } catch ControlFlow.breakOut(let tag, let value) where tag == p.breakTag && !p.isLambda {
                throw interp.makeError(interp.classes.localJumpError, "break from proc-closure") as Error? ?? ControlFlow.breakOut(tag: tag, value: value)
            }
        }
        define(proc, "to_proc") { _, receiver, _ in receiver }
        define(proc, "lambda?") { _, receiver, _ in .bool(receiver.asProc!.isLambda) }
        define(proc, "arity") { _, receiver, _ in .integer(receiver.asProc!.arity) }
        define(proc, "parameters") { interp, receiver, _ in
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
        }
        define(proc, "curry") { interp, receiver, args in
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
        }
        define(proc, "inspect") { interp, receiver, _ in
            let p = receiver.asProc!
            var location = ""
            if case .block(let literal) = p.body { location = " \(literal.location.file):\(literal.location.line)" }
            return interp.makeString("#<Proc:\(p.addressDescription)\(location)\(p.isLambda ? " (lambda)" : "")>")
        }
        define(proc, ">>") { interp, receiver, args in
            let first = receiver.asProc!
            let second = args[0]
            return .object(interp.makeNativeProc(lambda: true) { interp, inner in
                try interp.callMethod(second, "call", Args([try interp.callBlock(first, inner.values)]))
            })
        }
        define(proc, "<<") { interp, receiver, args in
            let first = receiver.asProc!
            let second = args[0]
            return .object(interp.makeNativeProc(lambda: true) { interp, inner in
                try interp.callBlock(first, [try interp.callMethod(second, "call", Args(inner.values))])
            })
        }
    }
}
