/// Comparable: `<`, `between?`, `clamp` and the rest, from a class's `<=>`.
extension Interpreter {
    func installComparable() {
        let comparable = classes.comparable!
        func order(_ interp: Interpreter, _ a: Value, _ b: Value) throws -> Int {
            let result = try interp.callMethod(a, "<=>", Args([b]))
            guard case .integer(let value) = result else {
                throw interp.argumentError("comparison of \(interp.className(of: a)) with \(try interp.describeForComparison(b)) failed")
            }
            return value
        }
        define(comparable, [
            .method("<", arity: .exactly(1)) { interp, receiver, args in .bool(try order(interp, receiver, args[0]) < 0) },
            .method("<=", arity: .exactly(1)) { interp, receiver, args in .bool(try order(interp, receiver, args[0]) <= 0) },
            .method(">", arity: .exactly(1)) { interp, receiver, args in .bool(try order(interp, receiver, args[0]) > 0) },
            .method(">=", arity: .exactly(1)) { interp, receiver, args in .bool(try order(interp, receiver, args[0]) >= 0) },
            .method("==", arity: .exactly(1)) { interp, receiver, args in
                if Self.identical(receiver, args[0]) { return .true }
                let result = try interp.callMethod(receiver, "<=>", Args([args[0]]))
                if case .integer(let value) = result { return .bool(value == 0) }
                return .false
            },
            .method("between?", arity: .exactly(2)) { interp, receiver, args in
                .bool(try order(interp, receiver, args[0]) >= 0 && order(interp, receiver, args[1]) <= 0)
            },
            .method("clamp", arity: .checkedByBody) { interp, receiver, args in
                var low = args[0]
                var high = args[1]
                if let range = args[0].asRange {
                    low = range.lower
                    high = range.upper
                }
                if !low.isNil && !high.isNil, try order(interp, low, high) > 0 {
                    throw interp.argumentError("min argument must be smaller than max argument")
                }
                if !low.isNil, try order(interp, receiver, low) < 0 { return low }
                if !high.isNil, try order(interp, receiver, high) > 0 { return high }
                return receiver
            },
        ])
    }
}
