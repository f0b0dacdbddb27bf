/// Kernel and BasicObject: the methods every object has, and the top-level functions.
extension Interpreter {
    // MARK: - Text of values

    /// `inspect`, honouring user overrides.
    public func inspect(_ value: Value) throws -> String {
        switch value {
        case .null: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .float(let f): return RubyFormat.float(f)
        case .symbol(let s): return RubyFormat.inspectSymbol(s)
        case .object(let object):
            if let string = object as? RString, findMethod(object.klass, "inspect")?.owner === classes.string {
                return RubyFormat.inspectString(string.value)
            }
            let result = try callMethod(value, "inspect", Args())
            if let string = result.asString { return string.value }
            return defaultToS(result)
        }
    }

    /// `to_s`, honouring user overrides.
    public func toS(_ value: Value) throws -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .float(let f): return RubyFormat.float(f)
        case .symbol(let s): return s
        case .object(let object):
            if let string = object as? RString { return string.value }
            let result = try callMethod(value, "to_s", Args())
            if let string = result.asString { return string.value }
            return defaultToS(value)
        }
    }

    /// `#<Foo>` or `#<Foo:0x...>`, Ruby's `Object#to_s`.
    func defaultToS(_ value: Value) -> String {
        if case .object(let object) = value {
            if object === mainObject { return "main" }
            if let module = object as? RModule { return module.displayName }
            return "#<\(object.klass.realClass.displayName):\(object.addressDescription)>"
        }
        return (try? toS(value)) ?? ""
    }

    func defaultInspect(_ value: Value) throws -> String {
        guard case .object(let object) = value else { return try inspect(value) }
        if object === mainObject { return "main" }
        if object.instanceVariables.isEmpty { return defaultToS(value) }
        var parts: [String] = []
        for (name, variable) in object.instanceVariables {
            parts.append("\(name)=\(try inspect(variable))")
        }
        return "#<\(object.klass.realClass.displayName):\(object.addressDescription) \(parts.joined(separator: ", "))>"
    }

    /// The lines `puts` writes for one argument: arrays are flattened, one element a line.
    func putsLines(_ value: Value, into out: inout String, seen: inout [ObjectIdentifier]) throws {
        if let array = value.asArray {
            if seen.contains(ObjectIdentifier(array)) {
                out += "[...]\n"
                return
            }
            seen.append(ObjectIdentifier(array))
            for item in array.items { try putsLines(item, into: &out, seen: &seen) }
            seen.removeLast()
            return
        }
        let text = try toS(value)
        out += text
        if !text.hasSuffix("\n") { out += "\n" }
    }

    func putsText(_ args: [Value]) throws -> String {
        if args.isEmpty { return "\n" }
        var out = ""
        var seen: [ObjectIdentifier] = []
        for value in args { try putsLines(value, into: &out, seen: &seen) }
        return out
    }

    // MARK: - Kernel

    func installKernel() {
        let kernel = classes.kernel!
        let basic = classes.basicObject!

        define(basic, [
            .method("initialize", arity: .exactly(0), visibility: .private) { _, _, _ in .null },
            .method("==", arity: .exactly(1)) { _, receiver, args in .bool(Self.identical(receiver, args[0])) },
            .method("equal?", arity: .exactly(1)) { _, receiver, args in .bool(Self.identical(receiver, args[0])) },
            .method("!", arity: .exactly(0)) { _, receiver, _ in .bool(!receiver.isTruthy) },
        ])
        define(kernel, [
            .method("<=>", arity: .exactly(1)) { interp, receiver, args in
                try interp.valuesEqual(receiver, args[0]) ? .integer(0) : .null
            },
        ])
        define(basic, [
            .method("!=", arity: .exactly(1)) { interp, receiver, args in .bool(!(try interp.valuesEqual(receiver, args[0]))) },
            .method("__id__", arity: .exactly(0)) { _, receiver, _ in .integer(Self.objectID(receiver)) },
            .method("__send__", arity: .checkedByBody) { interp, receiver, args in try interp.send(receiver, args, allowPrivate: true) },
            .method("method_missing", arity: .checkedByBody, visibility: .private) { interp, receiver, args in
                let name = (try? interp.toName(args[0])) ?? "?"
                throw interp.noMethodError(name, receiver)
            },
            .method("instance_eval", arity: .checkedByBody) { interp, receiver, args in
                guard let block = args.block else {
                    throw interp.argumentError("wrong number of arguments (given 0, expected 1..3)")
                }
                let target = (try? interp.singletonClass(of: receiver)) ?? interp.classOf(receiver)
                return try interp.callBlock(block, [receiver], selfOverride: receiver, definitionTarget: target)
            },
            .method("instance_exec", arity: .checkedByBody) { interp, receiver, args in
                guard let block = args.block else { throw interp.makeError(interp.classes.localJumpError, "no block given (yield)") }
                let target = (try? interp.singletonClass(of: receiver)) ?? interp.classOf(receiver)
                return try interp.callBlock(block, args.values, selfOverride: receiver, definitionTarget: target)
            },
        ])

        define(kernel, [
            .method("puts", arity: .checkedByBody, visibility: .private) { interp, _, args in
                try interp.writeStdout(try interp.putsText(args.values))
                return .null
            },
            .method("print", arity: .checkedByBody, visibility: .private) { interp, _, args in
                var out = ""
                for value in args.values { out += try interp.toS(value) }
                try interp.writeStdout(out)
                return .null
            },
            .method("printf", arity: .checkedByBody, visibility: .private) { interp, _, args in
                if args.count == 0 { return .null }
                try interp.writeStdout(try interp.format(try interp.toStr(args[0]), Array(args.values.dropFirst())))
                return .null
            },
            .method("p", arity: .checkedByBody, visibility: .private) { interp, _, args in
                var out = ""
                for value in args.values { out += try interp.inspect(value) + "\n" }
                try interp.writeStdout(out)
                if args.count == 0 { return .null }
                return args.count == 1 ? args[0] : interp.makeArray(args.values)
            },
            .method("pp", arity: .checkedByBody, visibility: .private) { interp, _, args in
                var out = ""
                for value in args.values { out += try interp.prettyInspect(value) + "\n" }
                try interp.writeStdout(out)
                if args.count == 0 { return .null }
                return args.count == 1 ? args[0] : interp.makeArray(args.values)
            },
            .method("require", arity: .exactly(1)) { interp, _, args in try interp.require(try interp.toStr(args[0]), relative: false) },
            .method("require_relative", arity: .exactly(1)) { interp, _, args in try interp.require(try interp.toStr(args[0]), relative: true) },
            .method("load", arity: .checkedByBody) { interp, _, args in
                try interp.load(path: interp.resolvePath(try interp.toStr(args[0])))
                return .true
            },
            .method("raise", "fail", arity: .checkedByBody) { interp, _, args in throw try interp.raiseError(args) },
            .method("loop", arity: .exactly(0), visibility: .private) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "loop") }
                do {
                    while true { _ = try interp.callBlock(block, []) }
                } catch let error as RubyError where error.exception.klass.isSubclass(of: interp.classes.stopIteration) {
                    return error.exception.getInstanceVariable("@result")
                }
            },
            .method("lambda", arity: .exactly(0), visibility: .private) { interp, _, args in
                guard let block = args.block else { throw interp.argumentError("tried to create Proc object without a block") }
                if case .block = block.body, block.frame != nil {
                    let lambda = RProc(body: block.body, frame: block.frame, isLambda: true, breakTag: block.breakTag,
                                       klass: interp.classes.proc)
                    return .object(lambda)
                }
                return .object(block)
            },
            .method("proc", arity: .exactly(0), visibility: .private) { interp, _, args in
                guard let block = args.block else { throw interp.argumentError("tried to create Proc object without a block") }
                return .object(block)
            },
            .method("block_given?", arity: .exactly(0), visibility: .private) { interp, _, _ in
                .bool(interp.frameStack.last?.block != nil)
            },
            .method("format", "sprintf", arity: .checkedByBody) { interp, _, args in
                try interp.checkArity(atLeast: 1, args)
                return interp.makeString(try interp.format(try interp.toStr(args[0]), Array(args.values.dropFirst())))
            },
            .method("Integer", arity: .checkedByBody, visibility: .private) { interp, _, args in try interp.kernelInteger(args) },
            .method("Float", arity: .atLeast(1), visibility: .private) { interp, _, args in try interp.kernelFloat(args) },
            .method("String", arity: .exactly(1), visibility: .private) { interp, _, args in
                try interp.checkArity(args, 1)
                return interp.makeString(try interp.toS(args[0]))
            },
            .method("Array", arity: .exactly(1), visibility: .private) { interp, _, args in
                try interp.checkArity(args, 1)
                switch args[0] {
                case .null: return interp.makeArray([])
                case .object(let object):
                    if object is RArray { return args[0] }
                    if let hash = object as? RHash { return interp.makeArray(hash.pairs.map { interp.makeArray([$0.0, $0.1]) }) }
                    if interp.respondTo(args[0], "to_a") { return try interp.callMethod(args[0], "to_a", Args()) }
                    return interp.makeArray([args[0]])
                default:
                    return interp.makeArray([args[0]])
                }
            },
            .method("Hash", arity: .exactly(1), visibility: .private) { interp, _, args in
                if args[0].isNil { return .object(interp.makeHashObject()) }
                if let array = args[0].asArray, array.items.isEmpty { return .object(interp.makeHashObject()) }
                return .object(try interp.toHash(args[0]))
            },
            .method("sleep", arity: .checkedByBody, visibility: .private) { interp, _, args in
                let seconds = args.count > 0 ? try interp.toDouble(args[0]) : 0
                guard seconds >= 0, seconds.isFinite else { throw interp.argumentError("time interval must not be negative") }
                interp.host.sleep(seconds: seconds)
                return try interp.integer(fromFloat: seconds.rounded())
            },
            .method("catch", arity: .checkedByBody, visibility: .private) { interp, _, args in
                let tag = args.count > 0 ? args[0] : .object(RObject(klass: interp.classes.object))
                guard let block = args.block else { throw interp.makeError(interp.classes.localJumpError, "no block given") }
                do {
                    return try interp.callBlock(block, [tag])
                } catch ControlFlow.throwTag(let thrown, let value) where Self.identical(thrown, tag) || (try? interp.valuesEqual(thrown, tag)) == true {
                    return value
                }
            },
            .method("throw", arity: .checkedByBody, visibility: .private) { _, _, args in
                throw ControlFlow.throwTag(tag: args[0], value: args.count > 1 ? args[1] : .null)
            },
            .method("__method__", arity: .exactly(0), visibility: .private) { interp, _, _ in
                guard let method = interp.frameStack.last?.method else { return .null }
                return .symbol(method.name)
            },
            .method("__dir__", arity: .exactly(0), visibility: .private) { interp, _, _ in
                let file = interp.frameStack.last?.file ?? ""
                return interp.makeString(PathOperations.dirname(PathOperations.expand(file, base: interp.host.currentDirectory())))
            },
            .method("__encoding__", arity: .checkedByBody, visibility: .private) { interp, _, _ in interp.makeString("UTF-8") },
            .method("caller", arity: .checkedByBody, visibility: .private) { interp, _, _ in
                interp.makeArray(interp.currentBacktrace().dropFirst(2).map { interp.makeString($0) })
            },
            .method("exit", "exit!", arity: .checkedByBody) { interp, _, args in
                var status = 0
                if case .integer(let code) = args[0] { status = code }
                if case .bool(let ok) = args[0] { status = ok ? 0 : 1 }
                let error = interp.makeError(interp.classes.systemExit, "exit")
                error.exception.setInstanceVariable("@status", .integer(status))
                throw error
            },
            .method("abort", arity: .checkedByBody) { interp, _, args in
                if args.count > 0 { interp.host.writeError(try interp.toStr(args[0]) + "\n") }
                let error = interp.makeError(interp.classes.systemExit, args.count > 0 ? try interp.toStr(args[0]) : "exit")
                error.exception.setInstanceVariable("@status", .integer(1))
                throw error
            },
            .method("`", arity: .exactly(1)) { interp, _, args in
                let result = interp.host.runShell(try interp.toStr(args[0]))
                interp.globals["$?"] = .integer(Int(result.status))
                return interp.makeString(result.output)
            },
            .method("system", arity: .checkedByBody) { interp, _, args in
                let command = try args.values.map { try interp.toStr($0) }.joined(separator: " ")
                interp.host.flush()
                let result = interp.host.runShell(command)
                try interp.writeStdout(result.output)
                return .bool(result.status == 0)
            },
        ])

        define(kernel, [
            .method("class", arity: .exactly(0)) { interp, receiver, _ in .object(interp.classOf(receiver).realClass) },
            .method("singleton_class", arity: .exactly(0)) { interp, receiver, _ in .object(try interp.singletonClass(of: receiver)) },
            .method("frozen?", arity: .exactly(0)) { _, receiver, _ in
                switch receiver {
                case .object(let object): return .bool(object.frozen)
                default: return .true
                }
            },
            .method("freeze", arity: .exactly(0)) { _, receiver, _ in
                receiver.asObject?.frozen = true
                return receiver
            },
        ])
        for (name, isClone) in [("dup", false), ("clone", true)] {
            define(kernel, name) { interp, receiver, args in try interp.copyObject(receiver, args, isClone: isClone) }
        }
        define(kernel, [
            .method("tap", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { throw interp.makeError(interp.classes.localJumpError, "no block given (yield)") }
                _ = try interp.callBlock(block, [receiver])
                return receiver
            },
            .method("then", "yield_self", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "then") }
                return try interp.callBlock(block, [receiver])
            },
            .method("itself", arity: .exactly(0)) { _, receiver, _ in receiver },
            .method("send", arity: .checkedByBody) { interp, receiver, args in try interp.send(receiver, args, allowPrivate: true) },
            .method("public_send", arity: .checkedByBody) { interp, receiver, args in try interp.send(receiver, args, allowPrivate: false) },
            .method("respond_to?", arity: .checkedByBody) { interp, receiver, args in
                .bool(interp.respondTo(receiver, try interp.toName(args[0]), includePrivate: args[1].isTruthy))
            },
            .method("respond_to_missing?", arity: .exactly(2), visibility: .private) { _, _, _ in .false },
            .method("is_a?", "kind_of?", arity: .exactly(1)) { interp, receiver, args in
                guard let module = args[0].asModule else { throw interp.typeError("class or module required") }
                return .bool(interp.classOf(receiver).isSubclass(of: module))
            },
            .method("instance_of?", arity: .exactly(1)) { interp, receiver, args in
                guard let module = args[0].asModule else { throw interp.typeError("class or module required") }
                return .bool(interp.classOf(receiver).realClass === module)
            },
            .method("nil?", arity: .exactly(0)) { _, receiver, _ in .bool(receiver.isNil) },
            .method("eql?", arity: .exactly(1)) { _, receiver, args in .bool(valuesEql(receiver, args[0])) },
            .method("===", arity: .exactly(1)) { interp, receiver, args in .bool(try interp.valuesEqual(receiver, args[0])) },
            .method("=~", arity: .exactly(1)) { _, _, _ in .null },
            .method("!~", arity: .exactly(1)) { interp, receiver, args in .bool(!(try interp.callMethod(receiver, "=~", Args([args[0]])).isTruthy)) },
            .method("hash", arity: .exactly(0)) { _, receiver, _ in
                var hasher = Hasher()
                rubyHash(receiver, into: &hasher)
                return .integer(hasher.finalize())
            },
            .method("object_id", arity: .exactly(0)) { _, receiver, _ in .integer(Self.objectID(receiver)) },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(try interp.defaultInspect(receiver)) },
            .method("to_s", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(interp.defaultToS(receiver)) },
            .method("instance_variable_get", arity: .exactly(1)) { interp, receiver, args in
                interp.instanceVariable(of: receiver, try interp.toName(args[0]))
            },
            .method("instance_variable_set", arity: .exactly(2)) { interp, receiver, args in
                guard let object = receiver.asObject else { throw interp.frozenError(receiver) }
                if object.frozen { throw interp.frozenError(receiver) }
                object.setInstanceVariable(try interp.toName(args[0]), args[1])
                return args[1]
            },
            .method("instance_variable_defined?", arity: .exactly(1)) { interp, receiver, args in
                .bool(receiver.asObject?.hasInstanceVariable(try interp.toName(args[0])) ?? false)
            },
            .method("instance_variables", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeArray((receiver.asObject?.instanceVariableNames ?? []).map { .symbol($0) })
            },
            .method("extend", arity: .checkedByBody) { interp, receiver, args in
                let singleton = try interp.singletonClass(of: receiver)
                for value in args.values.reversed() {
                    guard let module = value.asModule else { throw interp.typeError("wrong argument type \(interp.className(of: value)) (expected Module)") }
                    if !singleton.includes.contains(where: { $0 === module }) { singleton.includes.insert(module, at: 0) }
                    if let hook = interp.findMethod(interp.classOf(value), "extended"), case .user = hook.body {
                        _ = try interp.invoke(hook, value, Args([receiver]), name: "extended")
                    }
                }
                interp.methodEpoch += 1
                return receiver
            },
            .method("define_singleton_method", arity: .checkedByBody) { interp, receiver, args in
                let name = try interp.toName(args[0])
                let singleton = try interp.singletonClass(of: receiver)
                guard let body = args.block ?? args[1].asProc else { throw interp.argumentError("tried to create Proc object without a block") }
                singleton.methods[name] = RMethod(name: name, body: .block(body), owner: singleton)
                interp.methodEpoch += 1
                return .symbol(name)
            },
            .method("methods", "public_methods", arity: .checkedByBody) { interp, receiver, _ in
                var names: [Value] = []
                var seen: Set<String> = []
                for module in interp.classOf(receiver).ancestors() where module !== interp.classes.kernel && module !== interp.classes.basicObject
                    && module !== interp.classes.object {
                    for (name, method) in module.methods.sorted(by: { $0.key < $1.key }) where method.visibility != .private && !seen.contains(name) {
                        seen.insert(name)
                        names.append(.symbol(name))
                    }
                }
                return interp.makeArray(names)
            },
            .method("singleton_methods", arity: .checkedByBody) { interp, receiver, _ in
                let cls = interp.classOf(receiver)
                guard cls.isSingleton else { return interp.makeArray([]) }
                return interp.makeArray(cls.methods.keys.sorted().map { .symbol($0) })
            },
            .method("method", arity: .exactly(1)) { interp, receiver, args in
                let name = try interp.toName(args[0])
                guard let method = interp.findMethod(interp.classOf(receiver), name) else {
                    let error = interp.makeError(interp.classes.nameError,
                                                 "undefined method `\(name)' for \(interp.describeForError(receiver))")
                    throw error
                }
                let proc = RProc(body: .native({ interp, args in try interp.invoke(method, receiver, args, name: name) }),
                                 frame: nil, isLambda: true, breakTag: interp.makeTag(), klass: interp.classes.method)
                proc.boundMethod = (method, receiver)
                return .object(proc)
            },
        ])
        let methodClass = classes.method!
        func bound(_ value: Value) -> (method: RMethod, receiver: Value) { (value.asProc!.boundMethod!) }
        define(methodClass, [
            .method("name", arity: .exactly(0)) { _, receiver, _ in .symbol(bound(receiver).method.name) },
            .method("owner", arity: .exactly(0)) { _, receiver, _ in .object(bound(receiver).method.owner) },
            .method("receiver", arity: .exactly(0)) { _, receiver, _ in bound(receiver).receiver },
            .method("arity", arity: .exactly(0)) { _, receiver, _ in .integer(bound(receiver).method.arity) },
            .method("to_proc", arity: .exactly(0)) { interp, receiver, _ in
                let method = bound(receiver)
                return .object(interp.makeNativeProc(lambda: true) { interp, args in
                    try interp.invoke(method.method, method.receiver, args, name: method.method.name)
                })
            },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in
                let method = bound(receiver)
                return interp.makeString("#<Method: \(interp.classOf(method.receiver).displayName)#\(method.method.name)>")
            },
        ])
        define(kernel, [
            .method("warn", arity: .checkedByBody, visibility: .private) { interp, _, args in
                let messages = args.values.filter { !($0.asHash != nil && args.hasKeywords) }
                if !messages.isEmpty { interp.host.writeError(try interp.putsText(messages)) }
                return .null
            },
            .method("enum_for", "to_enum", arity: .checkedByBody) { interp, receiver, args in
                let method = args.count > 0 ? try interp.toName(args[0]) : "each"
                return interp.enumeratorFor(receiver, method, Array(args.values.dropFirst()))
            },
            .method("display", arity: .checkedByBody) { interp, receiver, _ in
                try interp.writeStdout(try interp.toS(receiver))
                return .null
            },
        ])
    }

    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)): return x === y
        default: return valuesEql(a, b)
        }
    }

    static func objectID(_ value: Value) -> Int {
        switch value {
        case .null: return 8
        case .bool(let b): return b ? 20 : 0
        case .integer(let i): return 2 &* i &+ 1
        case .object(let o): return Int(truncatingIfNeeded: UInt(bitPattern: ObjectIdentifier(o).hashValue) >> 3)
        default:
            var hasher = Hasher()
            rubyHash(value, into: &hasher)
            return abs(hasher.finalize() >> 4)
        }
    }

    func writeStdout(_ text: String) throws {
        if case .object(let object) = globals["$stdout"] ?? .null, object !== stdoutObject {
            _ = try callMethod(.object(object), "write", Args([makeString(text)]))
            return
        }
        host.writeOutput(text)
    }

    func send(_ receiver: Value, _ args: Args, allowPrivate: Bool) throws -> Value {
        guard args.count > 0 else { throw argumentError("no method name given") }
        let name = try toName(args[0])
        var rest = args
        rest.values.removeFirst()
        return try callMethod(receiver, name, rest, functionCall: allowPrivate)
    }

    func shallowCopy(_ value: Value) throws -> Value {
        guard case .object(let object) = value else { return value }
        let copy: RObject
        switch object {
        case let s as RString: copy = RString(s.value, klass: s.klass.realClass)
        case let a as RArray: copy = RArray(a.items, klass: a.klass.realClass)
        case let h as RHash:
            let hash = RHash(klass: h.klass.realClass)
            for (k, v) in h.pairs { hash.set(k, v) }
            hash.defaultValue = h.defaultValue
            hash.defaultProc = h.defaultProc
            copy = hash
        case let s as RStructInstance: copy = RStructInstance(values: s.values, klass: s.klass.realClass)
        case let e as RException:
            let exception = RException(klass: e.klass.realClass)
            exception.message = e.message
            exception.backtrace = e.backtrace
            copy = exception
        case is RModule, is RProc, is RRange:
            return value
        default:
            copy = RObject(klass: object.klass.realClass)
        }
        for (name, variable) in object.instanceVariables { copy.setInstanceVariable(name, variable) }
        return .object(copy)
    }

    /// `raise`, `raise "message"`, `raise Class`, `raise Class, "message"`, `raise exception`.
    func raiseError(_ args: Args) throws -> RubyError {
        if args.count == 0 {
            if case .object(let current as RException) = globals["$!"] ?? .null { return RubyError(exception: current) }
            return makeError(classes.runtimeError, "unhandled exception")
        }
        let first = args[0]
        if let text = first.asString {
            return makeError(classes.runtimeError, text.value)
        }
        var exceptionValue: Value
        if let cls = first.asModule {
            var newArgs = Args(args.count > 1 ? [args[1]] : [])
            if args.count > 1, args.hasKeywords, args.count == 2 { newArgs.hasKeywords = true }
            exceptionValue = try callMethod(.object(cls), "new", newArgs)
        } else if respondTo(first, "exception") {
            exceptionValue = try callMethod(first, "exception", Args(args.count > 1 ? [args[1]] : []))
        } else {
            return typeError("exception class/object expected")
        }
        guard let exception = exceptionValue.asException else {
            return typeError("exception object expected")
        }
        if args.count > 1, !(first.asModule != nil) { exception.message = args[1] }
        if exception.backtrace == nil || first.asModule != nil {
            exception.backtrace = currentBacktrace()
            if let top = frameStack.last {
                exception.raisedAt = SourceLocation(file: top.file, line: top.line, column: 1)
            }
        }
        if args.count > 2, let trace = args[2].asArray {
            exception.backtrace = try trace.items.map { try toS($0) }
        }
        return RubyError(exception: exception)
    }

    func kernelInteger(_ args: Args) throws -> Value {
        try checkArity(atLeast: 1, args)
        var raiseOnError = true
        if let options = args.keywords, let exception = options.get(.symbol("exception")) { raiseOnError = exception.isTruthy }
        let positional = args.positional
        let value = positional[0]
        var base = 10
        var explicitBase = false
        if positional.count > 1, case .integer(let b) = positional[1] {
            base = b
            explicitBase = true
        }
        switch value {
        case .integer: return value
        case .float(let f):
            return try integer(fromFloat: f)
        case .null:
            if !raiseOnError { return .null }
            throw typeError("can't convert nil into Integer")
        default:
            guard let text = value.asString?.value else {
                if respondTo(value, "to_i") { return try callMethod(value, "to_i", Args()) }
                throw typeError("can't convert \(className(of: value)) into Integer")
            }
            if let parsed = NumberParsing.strictInteger(text, base: base, explicitBase: explicitBase) { return .integer(parsed) }
            if !raiseOnError { return .null }
            throw argumentError("invalid value for Integer(): \(RubyFormat.inspectString(text))")
        }
    }

    func kernelFloat(_ args: Args) throws -> Value {
        try checkArity(atLeast: 1, args)
        var raiseOnError = true
        if let options = args.keywords, let exception = options.get(.symbol("exception")) { raiseOnError = exception.isTruthy }
        let value = args.positional[0]
        switch value {
        case .integer(let i): return .float(Double(i))
        case .float: return value
        case .null:
            if !raiseOnError { return .null }
            throw typeError("can't convert nil into Float")
        default:
            guard let text = value.asString?.value else {
                if respondTo(value, "to_f") { return try callMethod(value, "to_f", Args()) }
                throw typeError("can't convert \(className(of: value)) into Float")
            }
            if let parsed = NumberParsing.strictFloat(text) { return .float(parsed) }
            if !raiseOnError { return .null }
            throw argumentError("invalid value for Float(): \(RubyFormat.inspectString(text))")
        }
    }

    /// `require`: cookbook libraries and relative files load; libraries that Chef recipes
    /// name are accepted; anything else is a LoadError that names it.
    func require(_ name: String, relative: Bool) throws -> Value {
        if !relative {
            if let reason = libraryRefusal?(name) {
                throw makeError(classes.loadError, "cannot load such file -- \(name) (\(reason))")
            }
            if let source = BundledLibraries.sources[name] { return .bool(try loadBundled(name, source: source)) }
            if acceptedLibraries.contains(name) { return .false }
            if let first = name.split(separator: "/").first, acceptedLibraryPrefixes.contains(String(first)) { return .false }
            if let resolver = libraryResolver, let path = resolver(name) {
                if loadedFiles.contains(path) { return .false }
                loadedFiles.insert(path)
                try load(path: path)
                return .true
            }
            throw makeError(classes.loadError,
                            "cannot load such file -- \(name) (sous runs recipes without Ruby gems; only Chef's own libraries, the standard libraries sous implements and cookbook files can be required)")
        }
        let base = PathOperations.dirname(frameStack.last?.file ?? host.currentDirectory())
        var path = PathOperations.expand(name, base: PathOperations.expand(base, base: host.currentDirectory()))
        if !path.hasSuffix(".rb") { path += ".rb" }
        if loadedFiles.contains(path) { return .false }
        guard host.fileKind(path) == .file else {
            throw makeError(classes.loadError, "cannot load such file -- \(path)")
        }
        loadedFiles.insert(path)
        try load(path: path)
        return .true
    }

    func resolvePath(_ path: String) -> String {
        PathOperations.expand(path, base: host.currentDirectory())
    }
}

extension Interpreter {
    /// `dup` and `clone`: a shallow copy; `dup` never copies the frozen state, `clone` does
    /// unless told `freeze: false`.
    func copyObject(_ receiver: Value, _ args: Args, isClone: Bool) throws -> Value {
        let copy = try shallowCopy(receiver)
        if case .object(let original) = receiver, case .object(let made) = copy, made !== original {
            var keepFrozen = isClone
            if let options = args.keywords, let freeze = options.get(.symbol("freeze")) { keepFrozen = freeze.isTruthy }
            made.frozen = keepFrozen && original.frozen
            if respondTo(copy, "initialize_copy", includePrivate: true),
               let method = findMethod(classOf(copy), "initialize_copy"), case .user = method.body {
                _ = try invoke(method, copy, Args([receiver]), name: "initialize_copy")
            }
        }
        return copy
    }
}
