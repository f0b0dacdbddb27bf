/// Range: bounds, iteration, membership and the Enumerable methods ranges answer faster.
extension Interpreter {
    func installRange() {
        let range = classes.range!
        func r(_ value: Value) -> RRange { value.asRange! }
        defineSingleton(range, [
            .method("new", arity: .checkedByBody) { interp, _, args in try interp.makeRange(args[0], args[1], exclusive: args[2].isTruthy) },
        ])
        define(range, [
            .method("begin", arity: .exactly(0)) { _, receiver, _ in r(receiver).lower },
            .method("end", arity: .exactly(0)) { _, receiver, _ in r(receiver).upper },
            .method("first", arity: .checkedByBody) { interp, receiver, args in
                if args.count == 0 {
                    if r(receiver).lower.isNil { throw interp.makeError(interp.classes.rangeError, "cannot get the first element of beginless range") }
                    return r(receiver).lower
                }
                return try interp.invoke(interp.classes.enumerable.methods["first"]!, receiver, args, name: "first")
            },
            .method("last", arity: .checkedByBody) { interp, receiver, args in
                if args.count == 0 {
                    if r(receiver).upper.isNil { throw interp.makeError(interp.classes.rangeError, "cannot get the last element of endless range") }
                    return r(receiver).upper
                }
                let all = try interp.elements(receiver)
                return interp.makeArray(Array(all.suffix(try interp.toInteger(args[0]))))
            },
            .method("min", arity: .checkedByBody) { interp, receiver, args in
                let me = r(receiver)
                if args.block != nil || args.count > 0 {
                    return try interp.invoke(interp.classes.enumerable.methods["min"]!, receiver, args, name: "min")
                }
                let order = try interp.compare(me.lower, me.upper)
                return order > 0 || (order == 0 && me.exclusive) ? .null : me.lower
            },
            .method("max", arity: .checkedByBody) { interp, receiver, args in
                let me = r(receiver)
                if args.block != nil || args.count > 0 {
                    return try interp.invoke(interp.classes.enumerable.methods["max"]!, receiver, args, name: "max")
                }
                let order = try interp.compare(me.lower, me.upper)
                if order > 0 || (order == 0 && me.exclusive) { return .null }
                if me.exclusive, case .integer(let high) = me.upper { return .integer(high - 1) }
                return me.upper
            },
            .method("exclude_end?", arity: .exactly(0)) { _, receiver, _ in .bool(r(receiver).exclusive) },
            .method("each", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each") }
                try interp.iterateRange(r(receiver)) { _ = try interp.callBlock(block, [$0]) }
                return receiver
            },
            .method("reverse_each", arity: .checkedByBody) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "reverse_each") }
                for item in try interp.elements(receiver).reversed() { _ = try interp.callBlock(block, [item]) }
                return receiver
            },
            .method("size", "count", arity: .checkedByBody) { interp, receiver, args in
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
            },
            .method("include?", "member?", "===", arity: .exactly(1)) { interp, receiver, args in
                .bool(try interp.rangeCovers(r(receiver), args[0]))
            },
            .method("cover?", arity: .exactly(1)) { interp, receiver, args in
                let me = r(receiver)
                guard let other = args[0].asObject as? RRange else { return .bool(try interp.rangeCovers(me, args[0])) }
                // A range is covered when both its ends are; an exclusive end may equal ours.
                let upperCovered = try interp.rangeCovers(me, other.upper)
                    || (other.exclusive && (try interp.valuesEqual(other.upper, me.upper)))
                return .bool(try interp.rangeCovers(me, other.lower) && upperCovered)
            },
            .method("to_a", arity: .exactly(0)) { interp, receiver, _ in
                if r(receiver).upper.isNil { throw interp.makeError(interp.classes.rangeError, "cannot convert endless range to an array") }
                return interp.makeArray(try interp.elements(receiver))
            },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in
                let me = r(receiver)
                let lower = me.lower.isNil ? "" : try interp.inspect(me.lower)
                let upper = me.upper.isNil ? "" : try interp.inspect(me.upper)
                return interp.makeString(lower + (me.exclusive ? "..." : "..") + upper)
            },
            .method("to_s", arity: .exactly(0)) { interp, receiver, _ in
                let me = r(receiver)
                return interp.makeString(try interp.toS(me.lower) + (me.exclusive ? "..." : "..") + interp.toS(me.upper))
            },
            .method("==", "eql?", arity: .exactly(1)) { _, receiver, args in .bool(valuesEql(receiver, args[0])) },
            .method("hash", arity: .exactly(0)) { _, receiver, _ in
                var hasher = Hasher()
                rubyHash(receiver, into: &hasher)
                return .integer(hasher.finalize())
            },
            .method("step", "%", arity: .checkedByBody) { interp, receiver, args in
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
            },
            .method("sum", arity: .checkedByBody) { interp, receiver, args in
                let me = r(receiver)
                if args.block == nil, args.count == 0, case .integer(let low) = me.lower, case .integer(var high) = me.upper {
                    if me.exclusive { high -= 1 }
                    return .integer(high < low ? 0 : (low + high) * (high - low + 1) / 2)
                }
                return try interp.invoke(interp.classes.enumerable.methods["sum"]!, receiver, args, name: "sum")
            },
            .method("dup", arity: .exactly(0)) { _, receiver, _ in receiver },
        ])
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
}
