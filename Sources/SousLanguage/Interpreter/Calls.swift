/// Method calls: argument evaluation, lookup, dispatch, parameter binding, blocks, `super`.
extension Interpreter {
    // MARK: - Call sites

    func evalCall(_ call: Call, _ node: Node, _ frame: Frame) throws -> Value {
        let receiver: Value
        var functionCall = false
        if let receiverNode = call.receiver {
            receiver = try eval(receiverNode, frame)
            if call.safeNavigation && receiver.isNil { return .null }
            if case .selfReference = receiverNode.kind { functionCall = true }
            // Arithmetic and comparison on numbers skip method lookup.
            if call.arguments.positional.count == 1, call.block == nil, call.arguments.blockArgument == nil {
                switch receiver {
                case .integer, .float:
                    let argumentNode = call.arguments.positional[0]
                    if case .splat = argumentNode.kind { break }
                    if case .keywordHash = argumentNode.kind { break }
                    let operand = try eval(argumentNode, frame)
                    frame.line = node.line
                    if let code = call.numericOperator, let result = try numericFastPath(receiver, code, operand) { return result }
                    return try callMethod(receiver, call.name, Args([operand]), functionCall: false, frame: frame)
                default:
                    break
                }
            }
        } else {
            receiver = frame.selfValue
            functionCall = true
        }
        var args = try evalArguments(call.arguments, frame)
        var literalBlock: RProc?
        if let literal = call.block {
            let proc = makeProc(literal, frame, isLambda: false)
            literalBlock = proc
            args.block = proc
        }
        frame.line = node.line
        let cls = classOf(receiver)
        let method: RMethod?
        if call.cachedEpoch == methodEpoch && call.cachedClass === cls {
            method = call.cachedMethod
        } else {
            method = findMethod(cls, call.name)
            call.cachedClass = cls
            call.cachedEpoch = methodEpoch
            call.cachedMethod = method
        }
        do {
            return try dispatch(method, receiver, call.name, args, functionCall: functionCall,
                                variableLike: call.isVariableLike, fallback: call.receiver == nil ? frame.fallbackSelf : nil)
        } catch ControlFlow.breakOut(let tag, let value) where literalBlock != nil && tag == literalBlock!.breakTag {
            return value
        }
    }

    func evalArguments(_ arguments: Arguments, _ frame: Frame) throws -> Args {
        var values: [Value] = []
        values.reserveCapacity(arguments.positional.count)
        var hasKeywords = false
        for node in arguments.positional {
            switch node.kind {
            case .splat(let inner):
                values.append(contentsOf: try splatValues(try eval(inner, frame)))
            case .keywordHash(let entries):
                let hash = try evalHash(entries, frame)
                let onlyDoubleSplats = entries.allSatisfy { if case .doubleSplat = $0 { return true } else { return false } }
                if hash.count > 0 || !onlyDoubleSplats {
                    values.append(.object(hash))
                    hasKeywords = true
                }
            default:
                values.append(try eval(node, frame))
            }
        }
        var block: RProc?
        if let blockNode = arguments.blockArgument, case .blockPass(let inner) = blockNode.kind {
            if let inner {
                block = try toProc(try eval(inner, frame))
            } else {
                block = frame.block
            }
        }
        return Args(values, block: block, hasKeywords: hasKeywords)
    }

    /// `&value`: a proc as is, a symbol as `&:name`, anything with `to_proc`.
    func toProc(_ value: Value) throws -> RProc? {
        switch value {
        case .null:
            return nil
        case .symbol(let name):
            return RProc(body: .symbol(name), frame: nil, isLambda: true, breakTag: makeTag(), klass: classes.proc)
        case .object(let object):
            if let proc = object as? RProc { return proc }
            if respondTo(value, "to_proc"), let proc = try callMethod(value, "to_proc", Args()).asProc { return proc }
            throw typeError("wrong argument type \(className(of: value)) (expected Proc)")
        default:
            throw typeError("wrong argument type \(className(of: value)) (expected Proc)")
        }
    }

    func makeProc(_ literal: BlockLiteral, _ frame: Frame, isLambda: Bool) -> RProc {
        RProc(body: .block(literal), frame: frame, isLambda: isLambda, breakTag: makeTag(), klass: classes.proc)
    }

    /// A block written in Swift, for core methods that hand blocks to Ruby code.
    public func makeNativeProc(lambda: Bool = false, _ body: @escaping (Interpreter, Args) throws -> Value) -> RProc {
        RProc(body: .native(body), frame: nil, isLambda: lambda, breakTag: makeTag(), klass: classes.proc)
    }

    // MARK: - Dispatch

    /// Calls `name` on `receiver`. `functionCall` marks a call without an explicit receiver
    /// (or on `self`), which may reach private methods.
    @discardableResult
    public func callMethod(_ receiver: Value, _ name: String, _ args: Args, functionCall: Bool = false,
                           frame: Frame? = nil, variableLike: Bool = false, fallback: Value? = nil) throws -> Value {
        try dispatch(findMethod(classOf(receiver), name), receiver, name, args, functionCall: functionCall,
                     variableLike: variableLike, fallback: fallback)
    }

    /// Calls `method`, found for `receiver`'s class (nil: none was), with Ruby's visibility
    /// rules, the DSL fallback and `method_missing`.
    func dispatch(_ found: RMethod?, _ receiver: Value, _ name: String, _ args: Args, functionCall: Bool,
                  variableLike: Bool, fallback: Value?) throws -> Value {
        if let method = found {
            if method.visibility == .private && !functionCall && !name.hasSuffix("=") {
                throw makeError(classes.noMethodError, "private method `\(name)' called for \(describeForError(receiver))")
            }
            if method.visibility == .protected && !functionCall {
                let caller = currentSelf
                if !classOf(caller).isSubclass(of: method.owner.realClass) {
                    throw makeError(classes.noMethodError, "protected method `\(name)' called for \(describeForError(receiver))")
                }
            }
            return try invoke(method, receiver, args, name: name)
        }
        // A DSL block: methods the resource does not have come from the recipe around it.
        if let fallback, let method = findMethod(classOf(fallback), name) {
            return try invoke(method, fallback, args, name: name)
        }
        return try methodMissing(receiver, name, args, variableLike: variableLike)
    }

    func methodMissing(_ receiver: Value, _ name: String, _ args: Args, variableLike: Bool) throws -> Value {
        if let handler = findMethod(classOf(receiver), "method_missing"), handler.owner !== classes.basicObject {
            var forwarded = args
            forwarded.values.insert(.symbol(name), at: 0)
            return try invoke(handler, receiver, forwarded, name: "method_missing")
        }
        if variableLike {
            return try raiseNameError("undefined local variable or method `\(name)' for \(describeForError(receiver))", name: name,
                                      receiver: receiver)
        }
        throw noMethodError(name, receiver)
    }

    func raiseNameError(_ message: String, name: String, receiver: Value) throws -> Value {
        let error = makeError(classes.nameError, message)
        error.exception.setInstanceVariable("@name", .symbol(name))
        error.exception.setInstanceVariable("@receiver", receiver)
        throw error
    }

    func noMethodError(_ name: String, _ receiver: Value) -> RubyError {
        let error = makeError(classes.noMethodError, "undefined method `\(name)' for \(describeForError(receiver))")
        error.exception.setInstanceVariable("@name", .symbol(name))
        error.exception.setInstanceVariable("@receiver", receiver)
        return error
    }

    /// How Ruby 3.1 names a receiver in NameError messages: `nil:NilClass`, `"s":String`,
    /// `#<Foo:0x...>`.
    func describeForError(_ receiver: Value) -> String {
        switch receiver {
        case .null: return "nil:NilClass"
        case .bool(let b): return b ? "true:TrueClass" : "false:FalseClass"
        default: break
        }
        if case .object(let object) = receiver, object === mainObject { return "main:Object" }
        var text = (try? inspect(receiver)) ?? defaultToS(receiver)
        if text.count > 65 { text = defaultToS(receiver) }
        if text.hasPrefix("#") { return text }
        return text + ":" + classOf(receiver).realClass.displayName
    }

    var currentSelf: Value { frameStack.last?.selfValue ?? .object(mainObject) }

    public func invoke(_ method: RMethod, _ receiver: Value, _ args: Args, name: String) throws -> Value {
        switch method.body {
        case .builtin(let function):
            do {
                if !method.allowedArgumentCounts.contains(args.values.count) {
                    throw argumentCountError(given: args.values.count, expected: method.builtinArity)
                }
                return try function(self, receiver, args)
            } catch let error as RubyError where !Self.framelessBuiltins.contains(name) {
                addBuiltinFrame(to: error, name, receiver: receiver, enumerable: method.owner === classes.enumerable)
                throw error
            }
        case .user(let definition):
            return try invokeUserMethod(definition, method, receiver, args)
        case .attributeReader(let variable):
            if args.count != 0 { throw argumentCountError(given: args.count, expected: "0") }
            return instanceVariable(of: receiver, variable)
        case .attributeWriter(let variable):
            if args.count != 1 { throw argumentCountError(given: args.count, expected: "1") }
            guard let object = receiver.asObject else { throw frozenError(receiver) }
            if object.frozen { throw frozenError(receiver) }
            object.setInstanceVariable(variable, args[0])
            return args[0]
        case .block(let proc):
            return try callBlock(proc, args.values, blockArgument: args.block, selfOverride: receiver, asMethod: method,
                                 hasKeywords: args.hasKeywords)
        }
    }

    /// A method written in C shows in Ruby's backtraces as a frame of its own, at its
    /// caller's line (`file:4:in 'fetch'`): added to an error as it leaves a built-in
    /// method, below the frames the error made deeper inside it (a block the method called).
    /// An Enumerable method reaches the block through `each`, which shows too. Ruby runs
    /// some calls without a frame of their own: `raise`, `send`, `Proc#call`, a
    /// `method_missing` reached through `super`, and the operators its VM does inline
    /// (`<<`, `[]`, `[]=` on a String, Array or Hash).
    func addBuiltinFrame(to error: RubyError, _ name: String, receiver: Value, enumerable: Bool) {
        if ["<<", "[]", "[]="].contains(name), let object = receiver.asObject, object is RString || object is RArray || object is RHash { return }
        if receiver.asObject is RProc && ["call", "()", "yield", "===", "[]"].contains(name) { return }
        guard var trace = error.exception.backtrace, let caller = frameStack.last else { return }
        let deeper = trace.count - frameStack.count
        guard deeper >= 0, deeper <= trace.count else { return }
        var frames = ["\(caller.file):\(caller.line):in `\(name)'"]
        if enumerable && deeper > 0 && name != "each" && !Self.ownImplementation(of: name, in: receiver) {
            frames.insert("\(caller.file):\(caller.line):in `each'", at: 0)
        }
        trace.insert(contentsOf: frames, at: deeper)
        error.exception.backtrace = trace
    }

    static let framelessBuiltins: Set<String> = ["raise", "fail", "send", "__send__", "public_send", "method_missing"]

    /// The Enumerable methods that Ruby's Array, Hash and Range define again in C, which
    /// iterate without calling `each`.
    static func ownImplementation(of name: String, in receiver: Value) -> Bool {
        switch receiver.asObject {
        case is RArray:
            return ["sum", "count", "map", "collect", "select", "filter", "reject", "min", "max", "minmax", "first", "take",
                    "take_while", "drop", "drop_while", "any?", "all?", "none?", "one?", "include?", "cycle", "zip", "uniq", "to_h",
                    "find_index", "index", "sort", "to_a", "entries", "filter_map"].contains(name) && name != "filter_map"
        case is RHash:
            return ["select", "filter", "reject", "any?", "include?", "member?", "to_h", "to_a", "count", "min_by", "find_all"]
                .contains(name) && !["count", "min_by", "find_all"].contains(name)
        case is RRange:
            return ["sum", "count", "first", "min", "max", "minmax", "to_a", "entries", "include?", "step"].contains(name)
        default:
            return false
        }
    }

    func enterCall() throws {
        callDepth += 1
        if callDepth > maximumCallDepth {
            callDepth = 0
            defer { callDepth = maximumCallDepth }
            throw makeError(classes.systemStackError, "stack level too deep")
        }
    }

    private func invokeUserMethod(_ definition: MethodDefinition, _ method: RMethod, _ receiver: Value, _ args: Args) throws -> Value {
        try enterCall()
        defer { callDepth -= 1 }
        let tag = makeTag()
        let frame = Frame(selfValue: receiver, scope: Scope.make(table: definition.body.localTable, parent: nil),
                          context: method.frameContext, method: method, block: args.block, returnTag: tag)
        frame.line = definition.location.line
        frameStack.append(frame)
        defer { frameStack.removeLast() }
        try bindParameters(definition.parameters, args, frame, strict: true)
        do {
            return try eval(definition.body, frame)
        } catch ControlFlow.returnFrom(let returnTag, let value) where returnTag == tag {
            return value
        }
    }

    /// A call of a method whose parameters are all plain required ones, with as many
    /// arguments (at most three, in `first`...): they go straight into the scope's first
    /// slots, which the parser gave the parameters.
    func invokePlain(_ definition: MethodDefinition, _ method: RMethod, _ receiver: Value, table: LocalTable, block: RProc?,
                     count: Int, _ first: Value, _ second: Value, _ third: Value) throws -> Value {
        try enterCall()
        defer { callDepth -= 1 }
        let scope = Scope.make(table: table, parent: nil)
        if count > 0 { scope.setSlot(0, first) }
        if count > 1 { scope.setSlot(1, second) }
        if count > 2 { scope.setSlot(2, third) }
        let tag = makeTag()
        let frame = Frame(selfValue: receiver, scope: scope, context: method.frameContext, method: method, block: block, returnTag: tag)
        frame.line = definition.location.line
        frameStack.append(frame)
        defer { frameStack.removeLast() }
        do {
            return try eval(definition.body, frame)
        } catch ControlFlow.returnFrom(let returnTag, let value) where returnTag == tag {
            return value
        }
    }

    // MARK: - Blocks

    /// Calls a block or proc. `selfOverride` runs it with another `self` (instance_eval,
    /// define_method); `fallbackSelf` keeps the original `self` reachable for bare calls.
    @discardableResult
    public func callBlock(_ proc: RProc, _ values: [Value], blockArgument: RProc? = nil, selfOverride: Value? = nil,
                          fallbackSelf: Value? = nil, definitionTarget: RModule? = nil, asMethod: RMethod? = nil,
                          hasKeywords: Bool = false) throws -> Value {
        switch proc.body {
        case .symbol(let name):
            guard let first = values.first else {
                throw makeError(classes.argumentError, "no receiver given")
            }
            // `map(&:name)` calls one method on receivers of one class, mostly: found once.
            let receiverClass = classOf(first)
            let found: RMethod?
            if let cache = proc.symbolMethodCache, cache.klass === receiverClass, cache.epoch == methodEpoch {
                found = cache.method
            } else {
                found = findMethod(receiverClass, name)
                proc.symbolMethodCache = (receiverClass, methodEpoch, found)
            }
            return try dispatch(found, first, name, Args(Array(values.dropFirst()), block: blockArgument),
                                functionCall: false, variableLike: false, fallback: nil)
        case .native(let function):
            return try function(self, Args(values, block: blockArgument))
        case .block(let literal):
            try enterCall()
            defer { callDepth -= 1 }
            let defining = proc.frame!
            let isMethod = asMethod != nil
            let strict = proc.isLambda || isMethod
            let frame = Frame(selfValue: selfOverride ?? defining.selfValue, fallbackSelf: fallbackSelf ?? defining.fallbackSelf,
                              scope: Scope.make(table: literal.body.localTable, parent: defining.scope),
                              context: literal.context(in: defining.context, definitionTarget: definitionTarget),
                              method: asMethod ?? defining.method,
                              methodArgs: isMethod ? Args(values, block: blockArgument) : defining.methodArgs,
                              block: isMethod ? blockArgument : defining.block,
                              returnTag: strict ? makeTag() : defining.returnTag)
            frame.breakTag = proc.breakTag
            frame.line = literal.location.line
            frameStack.append(frame)
            defer { frameStack.removeLast() }
            let parameters = literal.parameters
            if !strict, !hasKeywords, !parameters.hasTrailingComma, let names = parameters.plainNames,
               parameters.leadTable === frame.scope.table {
                // `{ |a, b| }`, as most blocks are: one array argument spreads over two or
                // more parameters, missing ones are nil, extra ones dropped.
                let scope = frame.scope
                if names.count >= 2 && values.count == 1, let array = values[0].asArray {
                    for index in 0..<min(names.count, array.items.count) { scope.setSlot(index, array.items[index]) }
                } else {
                    for index in 0..<min(names.count, values.count) { scope.setSlot(index, values[index]) }
                }
            } else {
                try bindBlockParameters(parameters, values, blockArgument: blockArgument, hasKeywords: hasKeywords, frame, strict: strict)
            }
            do {
                return try eval(literal.body, frame)
            } catch ControlFlow.next(let value) {
                return value
            } catch ControlFlow.returnFrom(let tag, let value) where strict && tag == frame.returnTag {
                return value
            } catch ControlFlow.breakOut(let tag, let value) where proc.isLambda && tag == proc.breakTag {
                return value
            }
        }
    }

    /// A block's arguments bound to its parameters by the general rules (a lambda's
    /// strictly, a proc's with padding, truncation and one array spread over several).
    private func bindBlockParameters(_ parameters: Parameters, _ values: [Value], blockArgument: RProc?, hasKeywords: Bool,
                                     _ frame: Frame, strict: Bool) throws {
        var arguments = values
        if !strict && arguments.count == 1, let array = arguments[0].asArray {
            let slots = parameters.required.count + parameters.post.count + parameters.optional.count
            if slots >= 2 || (slots >= 1 && parameters.rest != nil) || parameters.hasTrailingComma
                || (slots == 1 && parameters.acceptsKeywords) {
                arguments = array.items
            }
        }
        var args = Args(arguments, block: blockArgument, hasKeywords: hasKeywords)
        if !strict && !parameters.acceptsKeywords { args.hasKeywords = false }
        try bindParameters(parameters, args, frame, strict: strict)
        if !strict, let names = parameters.plainNames, names.indices.allSatisfy({ frame.scope.table.index(of: names[$0]) == $0 }) {
            parameters.leadTable = frame.scope.table
        }
    }

    // MARK: - Parameters

    /// Binds arguments to parameters with Ruby's rules: strict arity for methods and lambdas,
    /// padding and truncation for procs, keywords separate from positional arguments.
    func bindParameters(_ parameters: Parameters, _ args: Args, _ frame: Frame, strict: Bool) throws {
        let scope = frame.scope
        // `def f(a, b)` called with positional arguments: one to one.
        if strict, !args.hasKeywords, let names = parameters.plainNames {
            guard args.values.count == names.count else {
                throw argumentCountError(given: args.values.count, expected: "\(names.count)")
            }
            // The parser declares parameters first, so they are usually the table's first
            // variables, in order.
            if parameters.leadTable === scope.table {
                for index in 0..<names.count { scope.setSlot(index, args.values[index]) }
            } else {
                for index in 0..<names.count { scope.declareHere(names[index], args.values[index]) }
                if names.indices.allSatisfy({ scope.table.index(of: names[$0]) == $0 }) { parameters.leadTable = scope.table }
            }
            return
        }
        var positional = args.values
        var keywords: RHash?
        if parameters.acceptsKeywords {
            if args.hasKeywords, let hash = positional.last?.asHash {
                keywords = hash
                positional.removeLast()
            }
        } else if args.hasKeywords, let hash = positional.last?.asHash, hash.count == 0 {
            positional.removeLast()
        }
        let required = parameters.required.count + parameters.post.count
        let optionalCount = parameters.optional.count
        if strict {
            if positional.count < required || (parameters.rest == nil && positional.count > required + optionalCount) {
                var expected: String
                if parameters.rest != nil { expected = "\(required)+" }
                else if optionalCount > 0 { expected = "\(required)..\(required + optionalCount)" }
                else { expected = "\(required)" }
                let missing = parameters.keywords.filter { $0.defaultValue == nil && keywords?.get(.symbol($0.name)) == nil }
                if !missing.isEmpty && positional.count < required {
                    expected += "; required keyword\(missing.count > 1 ? "s" : ""): " + missing.map { $0.name }.joined(separator: ", ")
                }
                throw argumentCountError(given: positional.count, expected: expected)
            }
        } else {
            if positional.count < required { positional += Array(repeating: .null, count: required - positional.count) }
            if parameters.rest == nil && positional.count > required + optionalCount {
                positional = Array(positional.prefix(required + optionalCount))
            }
        }
        var index = 0
        for target in parameters.required {
            try bindTarget(target, positional[index], scope, frame)
            index += 1
        }
        let available = positional.count - required
        let optionalUsed = min(optionalCount, max(0, available))
        for (i, optional) in parameters.optional.enumerated() {
            if i < optionalUsed {
                scope.declareHere(optional.name, positional[index])
                index += 1
            } else {
                scope.declareHere(optional.name, try eval(optional.defaultValue, frame))
            }
        }
        if let rest = parameters.rest {
            let restCount = max(0, positional.count - index - parameters.post.count)
            let restValues = Array(positional[index..<(index + restCount)])
            if !rest.isEmpty { scope.declareHere(rest, makeArray(restValues)) }
            index += restCount
        }
        for target in parameters.post {
            try bindTarget(target, index < positional.count ? positional[index] : .null, scope, frame)
            index += 1
        }
        if parameters.acceptsKeywords {
            var remaining = keywords.map { $0.pairs } ?? []
            var missing: [String] = []
            for keyword in parameters.keywords {
                if let i = remaining.firstIndex(where: { if case .symbol(let s) = $0.0 { return s == keyword.name } else { return false } }) {
                    scope.declareHere(keyword.name, remaining[i].1)
                    remaining.remove(at: i)
                } else if let defaultValue = keyword.defaultValue {
                    scope.declareHere(keyword.name, try eval(defaultValue, frame))
                } else {
                    missing.append(keyword.name)
                }
            }
            if !missing.isEmpty {
                throw makeError(classes.argumentError,
                                "missing keyword\(missing.count > 1 ? "s" : ""): " + missing.map { ":" + $0 }.joined(separator: ", "))
            }
            if let rest = parameters.keywordRest {
                let hash = makeHashObject()
                for (k, v) in remaining { hash.set(k, v) }
                if !rest.isEmpty { scope.declareHere(rest, .object(hash)) }
            } else if !remaining.isEmpty && strict {
                let names = try remaining.map { try inspect($0.0) }
                throw makeError(classes.argumentError, "unknown keyword\(names.count > 1 ? "s" : ""): " + names.joined(separator: ", "))
            }
        }
        if let block = parameters.block, !block.isEmpty {
            scope.declareHere(block, args.block.map { .object($0) } ?? .null)
        }
        for local in parameters.blockLocals { scope.declareHere(local, .null) }
    }

    private func bindTarget(_ target: Target, _ value: Value, _ scope: Scope, _ frame: Frame) throws {
        switch target {
        case .local(let name):
            scope.declareHere(name, value)
        case .nested(let targets):
            let items = value.asArray?.items ?? [value]
            let splatIndex = targets.firstIndex { if case .splat = $0 { return true } else { return false } }
            var index = 0
            for (i, inner) in targets.enumerated() {
                if i == splatIndex {
                    let after = targets.count - i - 1
                    let count = max(0, items.count - index - after)
                    if case .splat(let named) = inner, let named {
                        try bindTarget(named, makeArray(Array(items[min(index, items.count)..<min(items.count, index + count)])), scope, frame)
                    }
                    index += count
                } else {
                    try bindTarget(inner, index < items.count ? items[index] : .null, scope, frame)
                    index += 1
                }
            }
        case .splat(let inner):
            if let inner { try bindTarget(inner, value, scope, frame) }
        default:
            try assign(target, value, frame, Node(.nilLiteral, SourceLocation(file: frame.file, line: 0, column: 0)))
        }
    }

    func argumentCountError(given: Int, expected: String) -> RubyError {
        makeError(classes.argumentError, "wrong number of arguments (given \(given), expected \(expected))")
    }

    func argumentCountError(given: Int, expected arity: Arity) -> RubyError {
        switch arity {
        case .exactly(let count): return argumentCountError(given: given, expected: "\(count)")
        case .atLeast(let minimum): return argumentCountError(given: given, expected: "\(minimum)+")
        case .checkedByBody: return argumentCountError(given: given, expected: "any")
        }
    }

    // MARK: - super

    func evalSuper(_ arguments: Arguments?, _ blockLiteral: BlockLiteral?, _ node: Node, _ frame: Frame) throws -> Value {
        guard let method = frame.method else {
            throw makeError(classes.runtimeError, "super called outside of method")
        }
        var args: Args
        if let arguments {
            args = try evalArguments(arguments, frame)
            if arguments.blockArgument == nil { args.block = frame.block }
        } else {
            args = try implicitSuperArguments(method, frame)
        }
        var literalBlock: RProc?
        if let blockLiteral {
            literalBlock = makeProc(blockLiteral, frame, isLambda: false)
            args.block = literalBlock
        }
        frame.line = node.line
        guard let superMethod = findSuperMethod(frame.selfValue, method) else {
            if method.name == "initialize" || method.name == "respond_to_missing?" || method.name == "inherited"
                || method.name == "included" || method.name == "method_added" {
                return method.name == "respond_to_missing?" ? .false : .null
            }
            if method.name == "method_missing", case .symbol(let missing) = args[0] {
                throw noMethodError(missing, frame.selfValue)
            }
            throw makeError(classes.noMethodError, "super: no superclass method `\(method.name)' for \(describeForError(frame.selfValue))")
        }
        do {
            return try invoke(superMethod, frame.selfValue, args, name: method.name)
        } catch ControlFlow.breakOut(let tag, let value) where literalBlock != nil && tag == literalBlock!.breakTag {
            return value
        }
    }

    /// A bare `super` passes the method's parameters as they are now.
    private func implicitSuperArguments(_ method: RMethod, _ frame: Frame) throws -> Args {
        guard let parameters = method.parameters else { return frame.methodArgs ?? Args() }
        let scope = frame.scope
        func read(_ name: String) -> Value { scope.lookup(name) ?? .null }
        var values: [Value] = []
        for target in parameters.required {
            if case .local(let name) = target { values.append(read(name)) }
        }
        for optional in parameters.optional { values.append(read(optional.name)) }
        if let rest = parameters.rest, !rest.isEmpty { values.append(contentsOf: read(rest).asArray?.items ?? []) }
        for target in parameters.post {
            if case .local(let name) = target { values.append(read(name)) }
        }
        var hasKeywords = false
        if parameters.acceptsKeywords {
            let hash = makeHashObject()
            for keyword in parameters.keywords { hash.set(.symbol(keyword.name), read(keyword.name)) }
            if let rest = parameters.keywordRest, !rest.isEmpty, let extra = read(rest).asHash {
                for (k, v) in extra.pairs { hash.set(k, v) }
            }
            values.append(.object(hash))
            hasKeywords = true
        }
        return Args(values, block: frame.block, hasKeywords: hasKeywords)
    }

    func findSuperMethod(_ receiver: Value, _ method: RMethod) -> RMethod? {
        let ancestors = classOf(receiver).ancestors()
        guard let index = ancestors.firstIndex(where: { $0 === method.owner }) else { return nil }
        for module in ancestors[(index + 1)...] {
            if let found = module.methods[method.name] { return found }
        }
        return nil
    }

    // MARK: - Lookup

    public func classOf(_ value: Value) -> RModule {
        switch value {
        case .null: return classes.nilClass
        case .bool(let b): return b ? classes.trueClass : classes.falseClass
        case .integer: return classes.integer
        case .float: return classes.float
        case .symbol: return classes.symbol
        case .object(let object):
            if let module = object as? RModule, module.isClass, !module.klass.isSingleton {
                return metaclass(of: module)
            }
            return object.klass
        }
    }

    public func className(of value: Value) -> String {
        switch value {
        case .null: return "nil"
        case .bool(let b): return b ? "true" : "false"
        default: return classOf(value).realClass.displayName
        }
    }

    public func findMethod(_ cls: RModule, _ name: String) -> RMethod? {
        if cls.cacheEpoch != methodEpoch {
            cls.methodCache.removeAll(keepingCapacity: true)
            cls.ancestorCache = nil
            cls.cacheEpoch = methodEpoch
        }
        if let cached = cls.methodCache[name] { return cached }
        for module in cls.ancestors() {
            if let method = module.methods[name] {
                cls.methodCache[name] = method
                return method
            }
        }
        cls.methodCache[name] = .some(nil)
        return nil
    }

    public func respondTo(_ value: Value, _ name: String, includePrivate: Bool = false) -> Bool {
        if let method = findMethod(classOf(value), name) {
            if method.visibility == .private && !includePrivate { return false }
            if case .builtin = method.body, method.name == "__undefined__" { return false }
            return true
        }
        if let missing = findMethod(classOf(value), "respond_to_missing?"), missing.owner !== classes.kernel {
            return (try? invoke(missing, value, Args([.symbol(name), .bool(includePrivate)]), name: "respond_to_missing?").isTruthy) ?? false
        }
        return false
    }

    /// The class that holds a class's own methods (`def self.x`), whose superclass is the
    /// superclass's, so class methods are inherited.
    public func metaclass(of module: RModule) -> RModule {
        if let meta = module.metaclass { return meta }
        let parent: RModule
        if module.isClass, let superclass = module.superclass {
            parent = metaclass(of: superclass)
        } else {
            parent = module.isClass ? classes.classClass : classes.moduleClass
        }
        let meta = RModule(name: nil, isClass: true, superclass: parent, klass: classes.classClass)
        meta.isSingleton = true
        meta.attached = module
        module.metaclass = meta
        module.klass = meta
        methodEpoch += 1
        return meta
    }

    public func singletonClass(of value: Value) throws -> RModule {
        guard case .object(let object) = value else {
            throw typeError("can't define singleton")
        }
        if let module = object as? RModule { return metaclass(of: module) }
        if object.klass.isSingleton && object.klass.attached === object { return object.klass }
        let singleton = RModule(name: nil, isClass: true, superclass: object.klass, klass: classes.classClass)
        singleton.isSingleton = true
        singleton.attached = object
        object.klass = singleton
        methodEpoch += 1
        return singleton
    }

    // MARK: - Definitions

    func defineMethod(_ definition: MethodDefinition, _ frame: Frame) throws -> Value {
        var target = frame.definitionTarget
        var visibility = frame.defaultVisibility
        if let singletonNode = definition.singleton {
            target = try singletonClass(of: try eval(singletonNode, frame))
            visibility = .public
        }
        if definition.name == "initialize" || definition.name == "respond_to_missing?" || definition.name == "initialize_copy" {
            visibility = .private
        }
        let method = RMethod(name: definition.name, body: .user(definition), owner: target, visibility: visibility)
        method.lexicalModules = frame.lexicalModules
        target.methods[definition.name] = method
        if target.moduleFunctionMode && definition.singleton == nil {
            method.visibility = .private
            let meta = metaclass(of: target)
            let copy = RMethod(name: definition.name, body: .user(definition), owner: meta, visibility: .public)
            copy.lexicalModules = frame.lexicalModules
            meta.methods[definition.name] = copy
        }
        methodEpoch += 1
        return .symbol(definition.name)
    }

    func aliasMethod(in module: RModule, _ newName: String, _ oldName: String) throws {
        guard let method = findMethod(module, oldName) else {
            throw makeError(classes.nameError, "undefined method `\(oldName)' for class `\(module.displayName)'")
        }
        let copy = RMethod(name: newName, body: method.body, owner: module, visibility: method.visibility)
        copy.lexicalModules = method.lexicalModules
        module.methods[newName] = copy
        methodEpoch += 1
    }

    func evalClassDefinition(_ path: Node, _ superclassNode: Node?, _ body: Node, _ frame: Frame, _ node: Node) throws -> Value {
        let (container, name) = try definitionContainer(path, frame)
        let superclass = try superclassNode.map { try eval($0, frame) }
        var cls: RModule
        if let existing = container.constants[name] ?? (container === classes.object ? nil : nil) {
            guard let module = existing.asModule, module.isClass else {
                throw typeError("\(name) is not a class")
            }
            if let superclass, let given = superclass.asModule, module.superclass?.realClass !== given {
                throw typeError("superclass mismatch for class \(name)")
            }
            cls = module
        } else {
            var parent = classes.object!
            if let superclass {
                guard let module = superclass.asModule, module.isClass else {
                    throw typeError("superclass must be an instance of Class (given an instance of \(className(of: superclass)))")
                }
                parent = module
            }
            cls = RModule(name: nil, isClass: true, superclass: parent, klass: classes.classClass)
            container.setConstant(name, .object(cls))
            if let inherited = findMethod(classOf(.object(parent)), "inherited"), inherited.owner !== classes.classClass,
               inherited.owner !== classes.moduleClass {
                _ = try invoke(inherited, .object(parent), Args([.object(cls)]), name: "inherited")
            }
        }
        return try evalModuleBody(cls, body, frame, label: "<class:\(name)>")
    }

    func evalModuleDefinition(_ path: Node, _ body: Node, _ frame: Frame, _ node: Node) throws -> Value {
        let (container, name) = try definitionContainer(path, frame)
        let module: RModule
        if let existing = container.constants[name] {
            guard let found = existing.asModule, !found.isClass else {
                throw typeError("\(name) is not a module")
            }
            module = found
        } else {
            module = RModule(name: nil, isClass: false, superclass: nil, klass: classes.moduleClass)
            container.setConstant(name, .object(module))
        }
        return try evalModuleBody(module, body, frame, label: "<module:\(name)>")
    }

    private func definitionContainer(_ path: Node, _ frame: Frame) throws -> (RModule, String) {
        guard case .constant(let scopeNode, let name, let topLevel) = path.kind else {
            throw typeError("class/module name must be a constant")
        }
        if let scopeNode {
            guard let scope = try eval(scopeNode, frame).asModule else {
                throw typeError("\(name) is not a class/module")
            }
            return (scope, name)
        }
        if topLevel { return (classes.object, name) }
        return (frame.lexicalModules.first ?? classes.object, name)
    }

    func evalModuleBody(_ module: RModule, _ body: Node, _ frame: Frame, label: String) throws -> Value {
        let context = FrameContext(definitionTarget: module, lexicalModules: [module] + frame.lexicalModules, file: frame.file,
                                   label: label)
        let bodyFrame = Frame(selfValue: .object(module), scope: Scope.make(table: body.localTable, parent: nil), context: context,
                              method: nil, block: nil, returnTag: makeTag())
        bodyFrame.line = body.line
        frameStack.append(bodyFrame)
        defer {
            frameStack.removeLast()
            module.moduleFunctionMode = false
        }
        return try eval(body, bodyFrame)
    }

    // MARK: - Constants

    func lookupConstant(scope: Node?, name: String, topLevel: Bool, frame: Frame) throws -> Value {
        if let scope {
            let value = try eval(scope, frame)
            guard let module = value.asModule else {
                throw typeError("\(try inspect(value)) is not a class/module")
            }
            if let found = constant(in: module, name) { return found }
            throw constantMissing(name, in: module)
        }
        if topLevel {
            if let found = classes.object.constants[name] { return found }
            if let found = try preloadedConstant(name) { return found }
            throw constantMissing(name, in: nil)
        }
        for module in frame.lexicalModules {
            if let found = module.constants[name] { return found }
        }
        if let first = frame.lexicalModules.first, let found = constant(in: first, name) { return found }
        if let found = classes.object.constants[name] { return found }
        if let found = try preloadedConstant(name) { return found }
        throw constantMissing(name, in: frame.lexicalModules.first)
    }

    func constant(in module: RModule, _ name: String) -> Value? {
        for ancestor in module.ancestors() {
            if let found = ancestor.constants[name] { return found }
        }
        if !module.isClass, let found = classes.object.constants[name], module === classes.object { return found }
        return nil
    }

    func constantMissing(_ name: String, in module: RModule?) -> RubyError {
        let prefix = module.flatMap { $0 === classes.object ? nil : $0.displayName + "::" } ?? ""
        let error = makeError(classes.nameError, "uninitialized constant \(prefix)\(name)")
        error.exception.setInstanceVariable("@name", .symbol(name))
        return error
    }

    // MARK: - Operators

    /// Integer and Float arithmetic without method dispatch; nil when the slow path applies.
    func numericFastPath(_ left: Value, _ op: String, _ right: Value) throws -> Value? {
        guard let code = NumericOperator(rawValue: op) else { return nil }
        return try numericFastPath(left, code, right)
    }

    /// Arithmetic and comparison of two numbers without a method lookup, with Ruby's
    /// results (floored division and modulo); nil where the method must decide (a zero
    /// divisor, an overflowing quotient, a mix it does not cover).
    func numericFastPath(_ left: Value, _ op: NumericOperator, _ right: Value) throws -> Value? {
        switch (left, right) {
        case (.integer(let a), .integer(let b)):
            if let result = Self.integerOperation(a, op, b) { return result }
            if op == .plus || op == .minus || op == .times { throw overflowError() }
            return nil
        case (.float(let a), .float(let b)):
            return floatFastPath(a, op, b)
        case (.float(let a), .integer(let b)):
            return floatFastPath(a, op, Double(b))
        case (.integer(let a), .float(let b)):
            return floatFastPath(Double(a), op, b)
        default:
            return nil
        }
    }

    /// Integer arithmetic and comparison with Ruby's results (floored division and
    /// modulo); nil on overflow and where the method must decide (a zero divisor).
    @inline(__always) static func integerOperation(_ a: Int, _ op: NumericOperator, _ b: Int) -> Value? {
        switch op {
        case .plus:
            let (r, o) = a.addingReportingOverflow(b)
            return o ? nil : .integer(r)
        case .minus:
            let (r, o) = a.subtractingReportingOverflow(b)
            return o ? nil : .integer(r)
        case .times:
            let (r, o) = a.multipliedReportingOverflow(by: b)
            return o ? nil : .integer(r)
        case .divide:
            guard b != 0, !(a == Int.min && b == -1) else { return nil }
            var q = a / b
            if a % b != 0 && (a < 0) != (b < 0) { q -= 1 }
            return .integer(q)
        case .modulo:
            guard b != 0, !(a == Int.min && b == -1) else { return nil }
            var r = a % b
            if r != 0 && (r < 0) != (b < 0) { r += b }
            return .integer(r)
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return comparison(a, op, b)
        case .compare: return .integer(a < b ? -1 : (a == b ? 0 : 1))
        case .and: return .integer(a & b)
        case .or: return .integer(a | b)
        case .xor: return .integer(a ^ b)
        }
    }

    @inline(__always) func floatFastPath(_ a: Double, _ op: NumericOperator, _ b: Double) -> Value? {
        switch op {
        case .plus: return .float(a + b)
        case .minus: return .float(a - b)
        case .times: return .float(a * b)
        case .divide: return .float(a / b)
        default: return Self.comparison(a, op, b)
        }
    }

    /// The comparison operators on two numbers of one kind; nil for any other operator.
    @inline(__always) static func comparison<Number: Comparable>(_ a: Number, _ op: NumericOperator, _ b: Number) -> Value? {
        switch op {
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        default: return nil
        }
    }

    func overflowError() -> RubyError {
        makeError(classes.rangeError, "integer overflow: sous supports integers up to 64 bits (no Bignum)")
    }

    func binaryOperation(_ left: Value, _ op: String, _ right: Value) throws -> Value {
        if let fast = try numericFastPath(left, op, right) { return fast }
        return try callMethod(left, op, Args([right]))
    }
}
