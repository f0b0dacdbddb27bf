#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Integer and Float, with Ruby's division, modulo and rounding rules.
extension Interpreter {
    func coercionError(_ value: Value, into target: String) -> RubyError {
        let name: String
        switch value {
        case .null: name = "nil"
        case .bool(let b): name = b ? "true" : "false"
        default: name = className(of: value)
        }
        return typeError("\(name) can't be coerced into \(target)")
    }

    func comparisonError(_ a: Value, _ b: Value) throws -> RubyError {
        argumentError("comparison of \(className(of: a)) with \(try describeForComparison(b)) failed")
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
    }

    static func floorModulo(_ a: Int, _ b: Int) -> Int {
        let r = a % b
        return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
    }

    static func floatModulo(_ x: Double, _ y: Double) -> Double {
        var mod = fmod(x, y)
        if y * mod < 0 { mod += y }
        return mod
    }

    func integerPower(_ base: Int, _ exponent: Int) throws -> Value {
        if exponent < 0 {
            throw makeError(classes.notImplementedError, "Integer ** negative Integer makes a Rational, which sous does not support; use a Float")
        }
        var result = 1
        var b = base
        var e = exponent
        while e > 0 {
            if e & 1 == 1 {
                let (r, o) = result.multipliedReportingOverflow(by: b)
                if o { throw overflowError() }
                result = r
            }
            e >>= 1
            if e > 0 {
                let (r, o) = b.multipliedReportingOverflow(by: b)
                if o { throw overflowError() }
                b = r
            }
        }
        return .integer(result)
    }

    /// `Float#round(digits)` as Ruby computes it (round half away from zero, checked against
    /// the decimal value so that `1.15.round(1)` is 1.2).
    static func roundFloat(_ x: Double, digits: Int) -> Double {
        if digits == 0 { return x.rounded(.toNearestOrAwayFromZero) }
        if x == 0 || !x.isFinite { return x }
        var binaryExponent: Int32 = 0
        _ = frexp(x, &binaryExponent)
        if digits > 0 {
            let limit = 17 - Int(binaryExponent > 0 ? binaryExponent / 4 : binaryExponent / 3 - 1)
            if digits >= limit { return x }
            let s = pow(10.0, Double(digits))
            return roundHalfUp(x, s) / s
        }
        let s = pow(10.0, Double(-digits))
        return (x / s).rounded(.toNearestOrAwayFromZero) * s
    }

    private static func roundHalfUp(_ x: Double, _ s: Double) -> Double {
        let xs = x * s
        var f = xs.rounded(.toNearestOrAwayFromZero)
        if x > 0 {
            if (f + 0.5) / s <= x { f += 1 }
        } else {
            if (f - 0.5) / s >= x { f -= 1 }
        }
        return f
    }

    static func roundInteger(_ value: Int, digits: Int, mode: FloatingPointRoundingRule) -> Int {
        guard digits < 0 else { return value }
        if -digits >= 19 { return 0 }
        var unit = 1
        for _ in 0..<(-digits) { unit *= 10 }
        let quotient = Double(value) / Double(unit)
        return Int(quotient.rounded(mode)) * unit
    }

    func installNumbers() {
        let integer = classes.integer!
        let float = classes.float!
        let numeric = classes.numeric!

        func arithmetic(_ op: String, int: @escaping (Int, Int) throws -> Value, double: @escaping (Double, Double) -> Value) {
            define(integer, op, arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                switch args[0] {
                case .integer(let b): return try int(a, b)
                case .float(let b): return double(Double(a), b)
                default:
                    if case .object = args[0], interp.respondTo(args[0], "coerce"),
                       let pair = try interp.callMethod(args[0], "coerce", Args([receiver])).asArray, pair.items.count == 2 {
                        return try interp.callMethod(pair.items[0], op, Args([pair.items[1]]))
                    }
                    throw interp.coercionError(args[0], into: "Integer")
                }
            }
            define(float, op, arity: .exactly(1)) { interp, receiver, args in
                guard case .float(let a) = receiver else { return .null }
                switch args[0] {
                case .integer(let b): return double(a, Double(b))
                case .float(let b): return double(a, b)
                default: throw interp.coercionError(args[0], into: "Float")
                }
            }
        }
        arithmetic("+", int: { a, b in
            let (r, o) = a.addingReportingOverflow(b)
            if o { throw self.overflowError() }
            return .integer(r)
        }, double: { .float($0 + $1) })
        arithmetic("-", int: { a, b in
            let (r, o) = a.subtractingReportingOverflow(b)
            if o { throw self.overflowError() }
            return .integer(r)
        }, double: { .float($0 - $1) })
        arithmetic("*", int: { a, b in
            let (r, o) = a.multipliedReportingOverflow(by: b)
            if o { throw self.overflowError() }
            return .integer(r)
        }, double: { .float($0 * $1) })
        arithmetic("/", int: { a, b in
            if b == 0 { throw self.makeError(self.classes.zeroDivisionError, "divided by 0") }
            return .integer(Self.floorDivide(a, b))
        }, double: { .float($0 / $1) })
        arithmetic("%", int: { a, b in
            if b == 0 { throw self.makeError(self.classes.zeroDivisionError, "divided by 0") }
            return .integer(Self.floorModulo(a, b))
        }, double: { .float(Self.floatModulo($0, $1)) })
        arithmetic("**", int: { a, b in try self.integerPower(a, b) }, double: { .float(pow($0, $1)) })
        define(integer, "modulo", integer.methods["%"]!.builtinBody)
        define(float, "modulo", float.methods["%"]!.builtinBody)
        define(integer, [
            .method("pow", arity: .checkedByBody) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                if args.count == 2, case .integer(let b) = args[0], case .integer(let m) = args[1] {
                    var result = 1 % m
                    var base = Self.floorModulo(a, m)
                    var e = b
                    while e > 0 {
                        if e & 1 == 1 { result = Self.floorModulo(result.multipliedFullWidth(by: base).low == 0 ? 0 : (result * base), m) }
                        base = Self.floorModulo(base * base, m)
                        e >>= 1
                    }
                    return .integer(result)
                }
                return try interp.callMethod(receiver, "**", Args([args[0]]))
            },
            .method("div", arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                switch args[0] {
                case .integer(let b):
                    if b == 0 { throw interp.makeError(interp.classes.zeroDivisionError, "divided by 0") }
                    return .integer(Self.floorDivide(a, b))
                case .float(let b):
                    if b == 0 { throw interp.makeError(interp.classes.zeroDivisionError, "divided by 0") }
                    return try interp.integer(fromFloat: (Double(a) / b).rounded(.down))
                default: throw interp.coercionError(args[0], into: "Integer")
                }
            },
        ])
        define(float, [
            .method("div", arity: .exactly(1)) { interp, receiver, args in
                guard case .float(let a) = receiver else { return .null }
                let b = try interp.toDouble(args[0])
                if b == 0 { throw interp.makeError(interp.classes.zeroDivisionError, "divided by 0") }
                return try interp.integer(fromFloat: (a / b).rounded(.down))
            },
        ])
        define(integer, [
            .method("remainder", arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                switch args[0] {
                case .integer(let b):
                    if b == 0 { throw interp.makeError(interp.classes.zeroDivisionError, "divided by 0") }
                    return .integer(a % b)
                case .float(let b): return .float(fmod(Double(a), b))
                default: throw interp.coercionError(args[0], into: "Integer")
                }
            },
            .method("divmod", arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                switch args[0] {
                case .integer(let b):
                    if b == 0 { throw interp.makeError(interp.classes.zeroDivisionError, "divided by 0") }
                    return interp.makeArray([.integer(Self.floorDivide(a, b)), .integer(Self.floorModulo(a, b))])
                case .float(let b):
                    return interp.makeArray([.float((Double(a) / b).rounded(.down)), .float(Self.floatModulo(Double(a), b))])
                default: throw interp.coercionError(args[0], into: "Integer")
                }
            },
        ])
        define(float, [
            .method("divmod", arity: .exactly(1)) { interp, receiver, args in
                guard case .float(let a) = receiver else { return .null }
                let b = try interp.toDouble(args[0])
                if b == 0 { throw interp.makeError(interp.classes.zeroDivisionError, "divided by 0") }
                let q = (a / b).rounded(.down)
                return interp.makeArray([q.isFinite ? try interp.integer(fromFloat: q) : .float(q), .float(Self.floatModulo(a, b))])
            },
        ])
        define(numeric, [
            .method("fdiv", "quo", arity: .exactly(1)) { interp, receiver, args in
                .float(try interp.toDouble(receiver) / interp.toDouble(args[0]))
            },
        ])

        // Comparison
        for (op, test) in [("<", { (x: Int) in x < 0 }), ("<=", { $0 <= 0 }), (">", { $0 > 0 }), (">=", { $0 >= 0 })] {
            let body: Builtin = { interp, receiver, args in
                let other = args[0]
                switch (receiver, other) {
                case (.float(let a), _) where a.isNaN: return .false
                case (_, .float(let b)) where b.isNaN: return .false
                case (.integer, .integer), (.integer, .float), (.float, .integer), (.float, .float):
                    return .bool(test(try interp.compare(receiver, other)))
                default: throw try interp.comparisonError(receiver, other)
                }
            }
            define(integer, op, arity: .exactly(1), body)
            define(float, op, arity: .exactly(1), body)
        }
        let spaceship: Builtin = { interp, receiver, args in
            switch (receiver, args[0]) {
            case (.float(let a), _) where a.isNaN: return .null
            case (_, .float(let b)) where b.isNaN: return .null
            case (.integer, .integer), (.integer, .float), (.float, .integer), (.float, .float):
                return .integer(try interp.compare(receiver, args[0]))
            default: return .null
            }
        }
        define(integer, "<=>", arity: .exactly(1), spaceship)
        define(float, "<=>", arity: .exactly(1), spaceship)
        let equals: Builtin = { interp, receiver, args in
            switch args[0] {
            case .integer, .float: return .bool(try interp.valuesEqual(receiver, args[0]))
            case .object: return .bool(try interp.callMethod(args[0], "==", Args([receiver])).isTruthy)
            default: return .false
            }
        }
        for name in ["==", "==="] {
            define(integer, name, arity: .exactly(1), equals)
            define(float, name, arity: .exactly(1), equals)
        }
        define(integer, [
            .method("eql?", arity: .exactly(1)) { _, receiver, args in .bool(valuesEql(receiver, args[0])) },
        ])
        define(float, [
            .method("eql?", arity: .exactly(1)) { _, receiver, args in .bool(valuesEql(receiver, args[0])) },
        ])
        define(integer, [
            .method("equal?", arity: .exactly(1)) { _, receiver, args in .bool(valuesEql(receiver, args[0])) },
        ])
        define(float, [
            .method("equal?", arity: .exactly(1)) { _, receiver, args in .bool(valuesEql(receiver, args[0])) },
        ])
        define(integer, [
            .method("hash", arity: .exactly(0)) { _, receiver, _ in
                var hasher = Hasher()
                rubyHash(receiver, into: &hasher)
                return .integer(hasher.finalize())
            },
        ])

        // Unary and bitwise
        define(integer, [
            .method("-@", arity: .exactly(0)) { interp, receiver, _ in
                guard case .integer(let a) = receiver else { return .null }
                if a == Int.min { throw interp.overflowError() }
                return .integer(-a)
            },
        ])
        define(float, [
            .method("-@", arity: .exactly(0)) { _, receiver, _ in
                guard case .float(let a) = receiver else { return .null }
                return .float(-a)
            },
        ])
        define(numeric, [
            .method("+@", arity: .exactly(0)) { _, receiver, _ in receiver },
        ])
        define(integer, [
            .method("~", arity: .exactly(0)) { _, receiver, _ in
                guard case .integer(let a) = receiver else { return .null }
                return .integer(~a)
            },
        ])
        for (op, fn) in [("&", { (a: Int, b: Int) in a & b }), ("|", { $0 | $1 }), ("^", { $0 ^ $1 })] {
            define(integer, op, arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                return .integer(fn(a, try interp.toInteger(args[0])))
            }
        }
        define(integer, [
            .method("<<", arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                let shift = try interp.toInteger(args[0])
                if shift < 0 { return .integer(a >> -shift) }
                if shift >= 63 || (a != 0 && a.leadingZeroBitCount <= shift + 1 && a > 0) { throw interp.overflowError() }
                return .integer(a << shift)
            },
            .method(">>", arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                let shift = try interp.toInteger(args[0])
                return .integer(shift >= 0 ? a >> min(shift, 63) : a << -shift)
            },
            .method("[]", arity: .checkedByBody) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                let bit = try interp.toInteger(args[0])
                return .integer(bit >= 64 ? (a < 0 ? 1 : 0) : (a >> bit) & 1)
            },
        ])

        // Conversion and text
        define(integer, [
            .method("to_s", "inspect", arity: .checkedByBody) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                let base = args.count > 0 ? try interp.toInteger(args[0]) : 10
                guard (2...36).contains(base) else { throw interp.argumentError("invalid radix \(base)") }
                return interp.makeString(String(a, radix: base))
            },
        ])
        define(float, [
            .method("to_s", "inspect", arity: .exactly(0)) { interp, receiver, _ in
                guard case .float(let a) = receiver else { return .null }
                return interp.makeString(RubyFormat.float(a))
            },
        ])
        define(integer, [
            .method("to_i", "to_int", arity: .exactly(0)) { _, receiver, _ in receiver },
        ])
        define(integer, [
            .method("to_f", arity: .exactly(0)) { _, receiver, _ in
                guard case .integer(let a) = receiver else { return .null }
                return .float(Double(a))
            },
        ])
        define(float, [
            .method("to_f", arity: .exactly(0)) { _, receiver, _ in receiver },
            .method("to_i", "to_int", "truncate", arity: .checkedByBody) { interp, receiver, args in
                guard case .float(let a) = receiver else { return .null }
                guard a.isFinite else { throw interp.makeError(interp.classes.floatDomainError, RubyFormat.float(a)) }
                if args.count > 0, case .integer(let digits) = args[0], digits > 0 {
                    let s = pow(10.0, Double(digits))
                    return .float((a * s).rounded(.towardZero) / s)
                }
                return try interp.integer(fromFloat: a)
            },
        ])
        define(integer, [
            .method("chr", arity: .checkedByBody) { interp, receiver, _ in
                guard case .integer(let a) = receiver, a >= 0, a < 0x110000, let scalar = Unicode.Scalar(UInt32(a)) else {
                    throw interp.makeError(interp.classes.rangeError, "\(try interp.inspect(receiver)) out of char range")
                }
                return interp.makeString(String(Character(scalar)))
            },
            .method("ord", arity: .exactly(0)) { _, receiver, _ in receiver },
            .method("succ", "next", arity: .exactly(0)) { interp, receiver, _ in try interp.binaryOperation(receiver, "+", .integer(1)) },
            .method("pred", arity: .exactly(0)) { interp, receiver, _ in try interp.binaryOperation(receiver, "-", .integer(1)) },
            .method("times", arity: .exactly(0)) { interp, receiver, args in
                guard case .integer(let n) = receiver else { return .null }
                guard let block = args.block else { return interp.enumeratorFor(receiver, "times") }
                var i = 0
                while i < n {
                    _ = try interp.callBlock(block, [.integer(i)])
                    i += 1
                }
                return receiver
            },
            .method("upto", arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(let from) = receiver else { return .null }
                guard let block = args.block else { return interp.enumeratorFor(receiver, "upto", args.values) }
                let to = try interp.toInteger(args[0])
                if from <= to {
                    for i in from...to { _ = try interp.callBlock(block, [.integer(i)]) }
                }
                return receiver
            },
            .method("downto", arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(let from) = receiver else { return .null }
                guard let block = args.block else { return interp.enumeratorFor(receiver, "downto", args.values) }
                let to = try interp.toInteger(args[0])
                if from >= to {
                    for i in stride(from: from, through: to, by: -1) { _ = try interp.callBlock(block, [.integer(i)]) }
                }
                return receiver
            },
        ])
        define(numeric, [
            .method("step", arity: .checkedByBody) { interp, receiver, args in
                var limit = args.count > 0 ? args[0] : .null
                var step = args.count > 1 ? args[1] : .integer(1)
                if let options = args.keywords {
                    limit = options.get(.symbol("to")) ?? (args.positional.first ?? .null)
                    step = options.get(.symbol("by")) ?? (args.positional.count > 1 ? args.positional[1] : .integer(1))
                }
                guard let block = args.block else { return interp.enumeratorFor(receiver, "step", [limit, step]) }
                try interp.numericStep(from: receiver, to: limit, by: step) { _ = try interp.callBlock(block, [$0]) }
                return receiver
            },
        ])
        define(integer, [
            .method("even?", arity: .exactly(0)) { _, receiver, _ in
                guard case .integer(let a) = receiver else { return .null }
                return .bool(a % 2 == 0)
            },
            .method("odd?", arity: .exactly(0)) { _, receiver, _ in
                guard case .integer(let a) = receiver else { return .null }
                return .bool(a % 2 != 0)
            },
        ])
        define(numeric, [
            .method("zero?", arity: .exactly(0)) { interp, receiver, _ in .bool(try interp.toDouble(receiver) == 0) },
            .method("positive?", arity: .exactly(0)) { interp, receiver, _ in .bool(try interp.toDouble(receiver) > 0) },
            .method("negative?", arity: .exactly(0)) { interp, receiver, _ in
                if case .float(let f) = receiver { return .bool(f < 0 || (f == 0 && f.sign == .minus && false)) }
                return .bool(try interp.toDouble(receiver) < 0)
            },
            .method("nonzero?", arity: .exactly(0)) { interp, receiver, _ in try interp.toDouble(receiver) == 0 ? .null : receiver },
            .method("abs", "magnitude", arity: .exactly(0)) { interp, receiver, _ in
                switch receiver {
                case .integer(let a):
                    if a == Int.min { throw interp.overflowError() }
                    return .integer(abs(a))
                case .float(let a): return .float(abs(a))
                default: return receiver
                }
            },
        ])
        define(integer, [
            .method("integer?", arity: .exactly(0)) { _, _, _ in .true },
        ])
        define(float, [
            .method("integer?", arity: .exactly(0)) { _, _, _ in .false },
        ])
        define(integer, [
            .method("finite?", arity: .exactly(0)) { _, _, _ in .true },
            .method("infinite?", arity: .exactly(0)) { _, _, _ in .null },
        ])
        define(float, [
            .method("finite?", arity: .exactly(0)) { _, receiver, _ in
                guard case .float(let a) = receiver else { return .null }
                return .bool(a.isFinite)
            },
            .method("infinite?", arity: .exactly(0)) { _, receiver, _ in
                guard case .float(let a) = receiver, a.isInfinite else { return .null }
                return .integer(a < 0 ? -1 : 1)
            },
            .method("nan?", arity: .exactly(0)) { _, receiver, _ in
                guard case .float(let a) = receiver else { return .null }
                return .bool(a.isNaN)
            },
        ])
        define(integer, [
            .method("gcd", arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(var a) = receiver else { return .null }
                var b = try interp.toInteger(args[0])
                a = abs(a)
                b = abs(b)
                while b != 0 { (a, b) = (b, a % b) }
                return .integer(a)
            },
            .method("lcm", arity: .exactly(1)) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                let b = try interp.toInteger(args[0])
                if a == 0 || b == 0 { return .integer(0) }
                var x = abs(a), y = abs(b)
                while y != 0 { (x, y) = (y, x % y) }
                return .integer(abs(a / x * b))
            },
            .method("digits", arity: .checkedByBody) { interp, receiver, args in
                guard case .integer(var a) = receiver else { return .null }
                if a < 0 { throw interp.makeError(interp.mathDomainError, "out of domain") }
                let base = args.count > 0 ? try interp.toInteger(args[0]) : 10
                var digits: [Value] = []
                repeat {
                    digits.append(.integer(a % base))
                    a /= base
                } while a > 0
                return interp.makeArray(digits)
            },
            .method("bit_length", arity: .exactly(0)) { _, receiver, _ in
                guard case .integer(let a) = receiver else { return .null }
                return .integer(64 - (a < 0 ? (~a).leadingZeroBitCount : a.leadingZeroBitCount))
            },
            .method("size", arity: .exactly(0)) { _, _, _ in .integer(8) },
            .method("round", arity: .checkedByBody) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                let digits = args.positional.count > 0 ? try interp.toInteger(args.positional[0]) : 0
                return .integer(Self.roundInteger(a, digits: digits, mode: .toNearestOrAwayFromZero))
            },
            .method("floor", arity: .checkedByBody) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                return .integer(Self.roundInteger(a, digits: args.count > 0 ? try interp.toInteger(args[0]) : 0, mode: .down))
            },
            .method("ceil", arity: .checkedByBody) { interp, receiver, args in
                guard case .integer(let a) = receiver else { return .null }
                return .integer(Self.roundInteger(a, digits: args.count > 0 ? try interp.toInteger(args[0]) : 0, mode: .up))
            },
            .method("truncate", arity: .checkedByBody) { _, receiver, _ in receiver },
        ])
        define(float, [
            .method("round", arity: .checkedByBody) { interp, receiver, args in
                guard case .float(let a) = receiver else { return .null }
                let digits = args.positional.count > 0 ? try interp.toInteger(args.positional[0]) : 0
                var value: Double
                if let options = args.keywords, let half = options.get(.symbol("half")), case .symbol(let mode) = half, mode == "even" {
                    let s = pow(10.0, Double(digits))
                    value = (a * s).rounded(.toNearestOrEven) / s
                } else {
                    value = Self.roundFloat(a, digits: digits)
                }
                if digits > 0 { return .float(value) }
                guard value.isFinite else { throw interp.makeError(interp.classes.floatDomainError, RubyFormat.float(value)) }
                return try interp.integer(fromFloat: value)
            },
        ])
        for (name, rule) in [("floor", FloatingPointRoundingRule.down), ("ceil", .up)] {
            define(float, name) { interp, receiver, args in
                guard case .float(let a) = receiver else { return .null }
                let digits = args.count > 0 ? try interp.toInteger(args[0]) : 0
                if digits > 0 {
                    let s = pow(10.0, Double(digits))
                    let scaled = (a * s).rounded(rule) / s
                    // Keep values that already have so few digits (1.1.floor(1) is 1.1).
                    if Double(RubyFormat.float(a).split(separator: ".").last?.count ?? 0) <= Double(digits) { return .float(a) }
                    return .float(scaled)
                }
                guard a.isFinite else { throw interp.makeError(interp.classes.floatDomainError, RubyFormat.float(a)) }
                if digits == 0 { return try interp.integer(fromFloat: a.rounded(rule)) }
                let s = pow(10.0, Double(-digits))
                return try interp.integer(fromFloat: (a / s).rounded(rule) * s)
            }
        }
        define(numeric, [
            .method("coerce", arity: .exactly(1)) { interp, receiver, args in
                switch (receiver, args[0]) {
                case (.integer, .integer): return interp.makeArray([args[0], receiver])
                default: return interp.makeArray([.float(try interp.toDouble(args[0])), .float(try interp.toDouble(receiver))])
                }
            },
            .method("dup", arity: .exactly(0)) { _, receiver, _ in receiver },
        ])

        float.setConstant("INFINITY", .float(.infinity))
        float.setConstant("NAN", .float(.nan))
        float.setConstant("EPSILON", .float(Double.ulpOfOne))
        float.setConstant("MAX", .float(Double.greatestFiniteMagnitude))
        float.setConstant("MIN", .float(Double.leastNormalMagnitude))
        float.setConstant("DIG", .integer(15))
        integer.setConstant("MAX", .integer(Int.max))

        let math = classes.math!
        math.setConstant("PI", .float(Double.pi))
        math.setConstant("E", .float(M_E))
        let domainError = classes.defineClass("DomainError", superclass: classes.argumentError, in: math)
        mathDomainError = domainError
        for (name, fn) in [("sqrt", { (x: Double) in x.squareRoot() }), ("log2", { log2($0) }), ("log10", { log10($0) }),
                           ("sin", { sin($0) }), ("cos", { cos($0) }), ("tan", { tan($0) }), ("exp", { exp($0) }),
                           ("cbrt", { cbrt($0) }), ("atan", { atan($0) })] {
            defineSingleton(math, name, arity: .exactly(1)) { interp, _, args in
                let x = try interp.toDouble(args[0])
                if (name == "sqrt" || name.hasPrefix("log")) && x < 0 {
                    throw interp.makeError(domainError, "Numerical argument is out of domain - \"\(name)\"")
                }
                return .float(fn(x))
            }
        }
        defineSingleton(math, [
            .method("log", arity: .checkedByBody) { interp, _, args in
                let x = try interp.toDouble(args[0])
                if x < 0 { throw interp.makeError(domainError, "Numerical argument is out of domain - \"log\"") }
                if args.count > 1 { return .float(log(x) / log(try interp.toDouble(args[1]))) }
                return .float(log(x))
            },
            .method("pow", arity: .checkedByBody) { interp, _, args in .float(pow(try interp.toDouble(args[0]), try interp.toDouble(args[1]))) },
            .method("hypot", arity: .exactly(2)) { interp, _, args in .float(hypot(try interp.toDouble(args[0]), try interp.toDouble(args[1]))) },
            .method("atan2", arity: .exactly(2)) { interp, _, args in .float(atan2(try interp.toDouble(args[0]), try interp.toDouble(args[1]))) },
        ])
        defineSingleton(integer, [
            .method("sqrt", arity: .exactly(1)) { interp, _, args in
                let value = try interp.toInteger(args[0])
                if value < 0 { throw interp.makeError(domainError, "Numerical argument is out of domain - \"isqrt\"") }
                var root = Int(Double(value).squareRoot())
                while root * root > value { root -= 1 }
                while (root + 1) * (root + 1) <= value { root += 1 }
                return .integer(root)
            },
        ])
    }

    /// `1.step(10, 3)`, `1.0.step(2.0, 0.5)`: Ruby computes float steps by count, not by
    /// repeated addition, so the last value is exact.
    func numericStep(from: Value, to: Value, by: Value, _ body: (Value) throws -> Void) throws {
        if case .integer(let start) = from, case .integer(let step) = by, case .integer(let limit) = to {
            if step == 0 { throw argumentError("step can't be 0") }
            var i = start
            while step > 0 ? i <= limit : i >= limit {
                try body(.integer(i))
                i += step
            }
            return
        }
        if case .integer(let start) = from, case .integer(let step) = by, to.isNil {
            var i = start
            while true {
                try body(.integer(i))
                i += step
            }
        }
        let start = try toDouble(from)
        let step = try toDouble(by)
        let limit = to.isNil ? (step > 0 ? Double.infinity : -Double.infinity) : try toDouble(to)
        if step == 0 { throw argumentError("step can't be 0") }
        let epsilon = Double.ulpOfOne
        let n = ((limit - start) / step + ((limit - start) / step) * epsilon).rounded(.down)
        guard n >= 0 else { return }
        if n.isInfinite {
            var x = start
            while true {
                try body(.float(x))
                x += step
            }
        }
        for i in 0...Int(n) {
            try body(.float(start + Double(i) * step))
        }
    }
}

extension RMethod {
    var builtinBody: Builtin {
        if case .builtin(let function) = body { return function }
        return { _, _, _ in .null }
    }
}

/// Parsing numbers out of strings, strictly (`Integer("12")`) and leniently (`"12ab".to_i`).
enum NumberParsing {
    static func strictInteger(_ text: String, base: Int, explicitBase: Bool) -> Int? {
        var s = Substring(text.trimmingCharacters(in: " \t\n\r\u{0B}\u{0C}"))
        var negative = false
        if s.hasPrefix("-") || s.hasPrefix("+") {
            negative = s.hasPrefix("-")
            s = s.dropFirst()
        }
        var radix = base
        let lower = s.lowercased()
        if lower.hasPrefix("0x") && (radix == 16 || !explicitBase) { radix = 16; s = s.dropFirst(2) }
        else if lower.hasPrefix("0b") && (radix == 2 || !explicitBase) { radix = 2; s = s.dropFirst(2) }
        else if lower.hasPrefix("0o") && (radix == 8 || !explicitBase) { radix = 8; s = s.dropFirst(2) }
        else if lower.hasPrefix("0d") && (radix == 10 || !explicitBase) { radix = 10; s = s.dropFirst(2) }
        else if s.hasPrefix("0") && s.count > 1 && !explicitBase { radix = 8; s = s.dropFirst() }
        guard !s.isEmpty, !s.hasPrefix("_"), !s.hasSuffix("_"), !s.contains("__") else { return nil }
        let digits = String(s).replacingOccurrences(of: "_", with: "")
        guard let value = Int(digits, radix: radix) else { return nil }
        return negative ? -value : value
    }

    static func lenientInteger(_ text: String, base: Int) -> Int {
        var chars = Substring(text)
        while let c = chars.first, c == " " || c == "\t" || c == "\n" || c == "\r" { chars = chars.dropFirst() }
        var negative = false
        if chars.hasPrefix("-") || chars.hasPrefix("+") {
            negative = chars.hasPrefix("-")
            chars = chars.dropFirst()
        }
        let lower = chars.lowercased()
        if base == 16 && lower.hasPrefix("0x") { chars = chars.dropFirst(2) }
        if base == 2 && lower.hasPrefix("0b") { chars = chars.dropFirst(2) }
        if base == 8 && lower.hasPrefix("0o") { chars = chars.dropFirst(2) }
        var value = 0
        var lastUnderscore = true
        for c in chars {
            if c == "_" {
                if lastUnderscore { break }
                lastUnderscore = true
                continue
            }
            let letterValue: Int? = c.isLetter && c.isASCII ? Int(c.lowercased().first!.asciiValue!) - 87 : nil
            guard let digit = c.wholeNumberValue ?? letterValue, digit < base, digit >= 0 else { break }
            let (m, o1) = value.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(digit)
            if o1 || o2 { return negative ? Int.min : Int.max }
            value = a
            lastUnderscore = false
        }
        return negative ? -value : value
    }

    static func strictFloat(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: " \t\n\r\u{0B}\u{0C}")
        if let integer = strictInteger(trimmed, base: 10, explicitBase: false), trimmed.lowercased().hasPrefix("0x")
            || trimmed.lowercased().hasPrefix("-0x") {
            return Double(integer)
        }
        guard !trimmed.isEmpty, !trimmed.hasPrefix("_"), !trimmed.hasSuffix("_"), !trimmed.contains("__"),
              !trimmed.hasSuffix("."), !trimmed.contains("._"), !trimmed.contains("_.") else { return nil }
        let cleaned = trimmed.replacingOccurrences(of: "_", with: "")
        let allowed = Set("0123456789+-.eE")
        guard cleaned.allSatisfy({ allowed.contains($0) }), cleaned.contains(where: { $0.isNumber }) else { return nil }
        if cleaned.contains(".") {
            let parts = cleaned.split(separator: ".", maxSplits: 1)
            if parts.count == 2, let first = parts[1].first, !first.isNumber { return nil }
        }
        return Double(cleaned)
    }

    static func lenientFloat(_ text: String) -> Double {
        var chars = Array(text.drop { $0 == " " || $0 == "\t" || $0 == "\n" })
        chars = chars.filter { $0 != "_" }
        var end = 0
        var best = 0.0
        var seenDigit = false
        while end < chars.count {
            let c = chars[end]
            let ok = c.isNumber || ((c == "-" || c == "+") && (end == 0 || chars[end - 1] == "e" || chars[end - 1] == "E"))
                || c == "." || ((c == "e" || c == "E") && seenDigit)
            if !ok { break }
            if c.isNumber { seenDigit = true }
            end += 1
            if let value = Double(String(chars[0..<end])) { best = value }
        }
        return best
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var start = startIndex
        var end = endIndex
        while start < end && characters.contains(self[start]) { start = index(after: start) }
        while end > start && characters.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }

    func components(separatedBy separator: String) -> [String] {
        guard !separator.isEmpty else { return [self] }
        var result: [String] = []
        var current = Substring(self)
        while let range = current.range(of: separator) {
            result.append(String(current[..<range.lowerBound]))
            current = current[range.upperBound...]
        }
        result.append(String(current))
        return result
    }
}

extension String {
    func range(of target: String) -> Range<String.Index>? {
        Substring(self).range(of: target)
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        guard !target.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) {
                let end = self.index(index, offsetBy: target.count)
                return index..<end
            }
            index = self.index(after: index)
        }
        return nil
    }
}
