/// Installs the core library into a fresh interpreter, and the helpers its files share.
extension Interpreter {
    func installCoreLibrary() {
        installKernel()
        installModuleMethods()
        installComparable()
        installNumbers()
        installString()
        installSymbol()
        installNilTrueFalse()
        installArray()
        installHash()
        installRange()
        installEnumerable()
        installEnumerator()
        installProc()
        installRegexp()
        installExceptions()
        installStruct()
        installTime()
        installFileSystem()
        installFileStat()
        installFileUtils()
        installJSON()
        installBinding()
        installERB()
        installDigest()
        installGlobals()
        installProcessModule()
        installMainObject()
        installPrelude()
        rememberCoreBasicToS()
    }

    /// Defines a class's built-in instance methods from its table.
    public func define(_ module: RModule, _ table: [BuiltinMethod]) {
        module.methods.reserveCapacity(module.methods.count + table.count)
        for row in table {
            module.methods[row.name] = RMethod(name: row.name, body: .builtin(row.body), owner: module, visibility: row.visibility, arity: row.arity)
            for name in row.aliases {
                module.methods[name] = RMethod(name: name, body: .builtin(row.body), owner: module, visibility: row.visibility, arity: row.arity)
            }
        }
    }

    /// Defines built-in methods on the module itself (`File.join`) from a table.
    public func defineSingleton(_ module: RModule, _ table: [BuiltinMethod]) {
        define(metaclass(of: module), table)
    }

    /// Defines one built-in instance method (one made in a loop, or by another layer's DSL).
    public func define(_ module: RModule, _ name: String, visibility: Visibility = .public, arity: Arity = .checkedByBody,
                       _ body: @escaping Builtin) {
        module.methods[name] = RMethod(name: name, body: .builtin(body), owner: module, visibility: visibility, arity: arity)
    }

    /// Defines one built-in method on the module itself.
    public func defineSingleton(_ module: RModule, _ name: String, arity: Arity = .checkedByBody, _ body: @escaping Builtin) {
        let meta = metaclass(of: module)
        meta.methods[name] = RMethod(name: name, body: .builtin(body), owner: meta, arity: arity)
    }

    public func defineSingleton(_ module: RModule, _ names: [String], _ body: @escaping Builtin) {
        for name in names { defineSingleton(module, name, body) }
    }

    /// Defines the same method under several names (`size`/`length`).
    public func define(_ module: RModule, _ names: [String], _ body: @escaping Builtin) {
        for name in names { define(module, name, body) }
    }

    /// Ruby source for the parts of the core library that read best in Ruby.
    func installPrelude() {
        let source = SourceFile(path: "<internal:prelude>", text: CorePrelude.source)
        do {
            let program = try Parser.parse(source)
            _ = try runTopLevel(program, file: source.path)
        } catch {
            preconditionFailure("the core prelude failed to load: \(error)")
        }
        topScope = Scope.make(table: nil, parent: nil)
    }
}

// MARK: - Argument checks and conversions

extension Interpreter {
    func checkArity(_ args: Args, _ range: ClosedRange<Int>) throws {
        guard range.contains(args.count) else {
            let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)..\(range.upperBound)"
            throw argumentCountError(given: args.count, expected: expected)
        }
    }

    func checkArity(_ args: Args, _ exactly: Int) throws {
        try checkArity(args, exactly...exactly)
    }

    func checkArity(atLeast minimum: Int, _ args: Args) throws {
        guard args.count >= minimum else { throw argumentCountError(given: args.count, expected: "\(minimum)+") }
    }

    /// Implicit conversion to Integer, as Ruby's `to_int` rules (floats are truncated).
    public func toInteger(_ value: Value) throws -> Int {
        switch value {
        case .integer(let i): return i
        case .float(let f):
            guard f.isFinite, abs(f) < 9.2e18 else { throw makeError(classes.floatDomainError, RubyFormat.float(f)) }
            return Int(f)
        case .null: throw typeError("no implicit conversion from nil to integer")
        default:
            if case .object = value, respondTo(value, "to_int"), case .integer(let i) = try callMethod(value, "to_int", Args()) {
                return i
            }
            throw typeError("no implicit conversion of \(className(of: value)) into Integer")
        }
    }

    public func toDouble(_ value: Value) throws -> Double {
        switch value {
        case .integer(let i): return Double(i)
        case .float(let f): return f
        case .null: throw typeError("can't convert nil into Float")
        default: throw typeError("can't convert \(className(of: value)) into Float")
        }
    }

    /// Implicit conversion to String (`to_str`): strings only, symbols are refused as Ruby does.
    public func toStr(_ value: Value) throws -> String {
        if let string = value.asString { return string.value }
        if case .object = value, respondTo(value, "to_str"), let string = try callMethod(value, "to_str", Args()).asString {
            return string.value
        }
        if case .null = value { throw typeError("no implicit conversion of nil into String") }
        throw typeError("no implicit conversion of \(className(of: value)) into String")
    }

    /// A string or a symbol, for names (`send(:x)`, `instance_variable_get("@x")`).
    func toName(_ value: Value) throws -> String {
        if case .symbol(let name) = value { return name }
        if let string = value.asString { return string.value }
        throw typeError("\(try inspect(value)) is not a symbol nor a string")
    }

    func toArray(_ value: Value) throws -> [Value] {
        if let array = value.asArray { return array.items }
        if case .object = value, respondTo(value, "to_ary"), let array = try callMethod(value, "to_ary", Args()).asArray {
            return array.items
        }
        throw typeError("no implicit conversion of \(className(of: value)) into Array")
    }

    func toHash(_ value: Value) throws -> RHash {
        if let hash = value.asHash { return hash }
        if case .object = value, respondTo(value, "to_hash"), let hash = try callMethod(value, "to_hash", Args()).asHash {
            return hash
        }
        throw typeError("no implicit conversion of \(className(of: value)) into Hash")
    }

    func string(_ value: Value) -> RString? { value.asString }

    /// Calls the block, or returns an enumerator for `method` when there is none.
    func requireBlock(_ args: Args, _ receiver: Value, _ method: String) -> RProc? {
        args.block
    }

    func enumeratorFor(_ receiver: Value, _ method: String, _ arguments: [Value] = []) -> Value {
        .object(REnumerator(receiver: receiver, method: method, arguments: arguments, klass: classes.enumerator))
    }

    /// Ruby's equality (`==`), with fast paths for the built-in values.
    public func valuesEqual(_ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.integer(let x), .float(let y)): return Double(x) == y
        case (.float(let x), .integer(let y)): return x == Double(y)
        case (.symbol(let x), .symbol(let y)): return x == y
        case (.object(let x), .object(let y)):
            if x === y { return true }
            if let s = x as? RString, let t = y as? RString { return s.value == t.value }
            if let s = x as? RArray, let t = y as? RArray {
                guard s.items.count == t.items.count else { return false }
                for (p, q) in zip(s.items, t.items) where !(try valuesEqual(p, q)) { return false }
                return true
            }
            if let s = x as? RHash, let t = y as? RHash {
                guard s.count == t.count else { return false }
                for (key, value) in s.pairs {
                    guard let other = t.get(key), try valuesEqual(value, other) else { return false }
                }
                return true
            }
            return try callMethod(a, "==", Args([b])).isTruthy
        case (.object, _):
            return try callMethod(a, "==", Args([b])).isTruthy
        default:
            return false
        }
    }

    /// `a <=> b` as an Int, raising ArgumentError when they do not compare (as `sort` does).
    public func compare(_ a: Value, _ b: Value) throws -> Int {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.float(let x), .float(let y)) where !x.isNaN && !y.isNaN: return x < y ? -1 : (x > y ? 1 : 0)
        case (.integer(let x), .float(let y)) where !y.isNaN: return Double(x) < y ? -1 : (Double(x) > y ? 1 : 0)
        case (.float(let x), .integer(let y)) where !x.isNaN: return x < Double(y) ? -1 : (x > Double(y) ? 1 : 0)
        default:
            if let s = a.asString, let t = b.asString { return compareStrings(s.value, t.value) }
            let result = try callMethod(a, "<=>", Args([b]))
            guard case .integer(let order) = result else {
                throw argumentError("comparison of \(className(of: a)) with \(try describeForComparison(b)) failed")
            }
            return order
        }
    }

    func describeForComparison(_ value: Value) throws -> String {
        switch value {
        case .null: return "nil"
        case .integer, .float: return try inspect(value)
        case .object(let object) where object is RString == false && object is RArray == false: return className(of: value)
        default: return className(of: value)
        }
    }

    /// Byte-wise comparison, as Ruby compares strings.
    func compareStrings(_ a: String, _ b: String) -> Int {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x != y { return x < y ? -1 : 1 }
            }
        }
    }
}

extension Interpreter {
    /// The top-level `self`: `include`, `public` and `private` there apply to Object, as in
    /// Ruby (recipe libraries `include` helper modules at the top level).
    func installMainObject() {
        guard let main = try? singletonClass(of: .object(mainObject)) else { return }
        let object = Value.object(classes.object)
        for name in ["include", "public", "private"] {
            main.methods[name] = RMethod(name: name, body: .builtin({ interp, _, args in
                try interp.callMethod(object, name, args, functionCall: true)
            }), owner: main, visibility: .private)
        }
    }
}
