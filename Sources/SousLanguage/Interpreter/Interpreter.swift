import SousSupport
/// A tree-walking interpreter for the Ruby subset of recipes.
///
/// One instance holds one Ruby world: its classes, globals and the `main` object. It is not
/// thread-safe; the command line runs it on one thread with a large stack.
public final class Interpreter {
    public let host: Host
    public var classes: CoreClasses!
    public var globals: [String: Value] = [:]
    public var mainObject: RObject!
    /// The variables of programs run with `run`, which all share one scope (as `-e` pieces
    /// and the recipe run on the command line do).
    var topScope = Scope.make(table: nil, parent: nil)
    var frameStack: [Frame] = []
    var callDepth = 0
    /// Ruby overflows its stack at about ten thousand frames; so does sous, with a
    /// SystemStackError instead of a crash.
    public var maximumCallDepth = 10_000
    var nextTag = 1
    var methodEpoch = 0
    /// `$~`: the last match, shared by `$1`..`$9`.
    var lastMatch: Value = .null
    var loadedFiles: Set<String> = []
    /// Extra library requires a host layer understands (`chef/provisioning`...): they are
    /// accepted without loading anything.
    public var acceptedLibraries: Set<String> = ["set", "json", "time", "fileutils", "pp", "securerandom", "etc",
                                                 "socket", "uri", "open3", "English", "ostruct", "digest",
                                                 "tmpdir", "yaml", "shellwords", "erb", "date", "timeout", "logger", "openssl",
                                                 "digest/md5", "digest/sha1", "digest/sha2"]
    /// Library names whose first component is accepted (`chef/...`): set by the layer that
    /// provides those libraries itself.
    public var acceptedLibraryPrefixes: [String] = []
    /// Asked first for every `require 'name'`: why sous refuses a library that an accepted
    /// prefix would otherwise let through (a driver gem sous does not have), or nil.
    public var libraryRefusal: ((String) -> String?)?
    /// Objects whose methods a recipe can call bare (`node`, `machine`...), added by higher
    /// layers through `defineGlobalFunction`.
    var sourceCache: [String: SourceFile] = [:]
    /// Finds the file for `require 'name'` (cookbook libraries); set by higher layers.
    public var libraryResolver: ((String) -> String?)?
    var mathDomainError: RModule!
    /// Hash's own `[]` and `[]=`: code that finds them for a receiver may do their work
    /// without a call.
    var coreHashIndex: RMethod?
    var coreHashStore: RMethod?
    /// The core `to_s` of nil, true, false, Integer, Float and Symbol, found at start-up:
    /// while no program has redefined one, interpolation converts those values itself,
    /// as Ruby's own `objtostring` does.
    var coreBasicToS: [(RModule, RMethod?)] = []
    private var basicToSCheckedAt = -1
    private var basicToSIsCore = false

    func rememberCoreBasicToS() {
        coreBasicToS = [classes.nilClass, classes.trueClass, classes.falseClass, classes.integer, classes.float, classes.symbol]
            .map { ($0, findMethod($0, "to_s")) }
    }

    func basicToSUnchanged() -> Bool {
        if basicToSCheckedAt != methodEpoch {
            basicToSIsCore = coreBasicToS.allSatisfy { findMethod($0.0, "to_s") === $0.1 }
            basicToSCheckedAt = methodEpoch
        }
        return basicToSIsCore
    }

    public init(host: Host) {
        self.host = host
        self.classes = CoreClasses(interpreter: self)
        classes.bootstrap()
        mainObject = RObject(klass: classes.object)
        RunningInterpreter.current = self
        installCoreLibrary()
    }

    deinit {
        RunningInterpreter.leave(self)
    }

    func makeTag() -> Int {
        nextTag += 1
        return nextTag
    }

    // MARK: - Running source

    /// Parses and runs a file at the top level, as `ruby FILE` does.
    @discardableResult
    public func run(_ source: SourceFile) throws -> Value {
        sourceCache[source.path] = source
        let program = try Parser.parse(source)
        return try runTopLevel(program, file: source.path)
    }

    func topFrame(file: String, scope: Scope, selfValue: Value? = nil, label: String = "<main>") -> Frame {
        let context = FrameContext(definitionTarget: classes.object, lexicalModules: [], file: file, label: label)
        return Frame(selfValue: selfValue ?? .object(mainObject), scope: scope, context: context, method: nil, block: nil, returnTag: 0)
    }

    public func runTopLevel(_ program: Node, file: String) throws -> Value {
        // The shared scope takes this program's variables too, at the end of its table: the
        // program reads them by name once, then by index.
        for name in program.localTable?.names ?? [] { topScope.table.add(name) }
        let frame = topFrame(file: file, scope: topScope)
        frame.defaultVisibility = .private
        frame.line = program.line
        frameStack.append(frame)
        defer { frameStack.removeLast() }
        do {
            return try eval(program, frame)
        } catch ControlFlow.returnFrom(tag: 0, let value) {
            return value
        }
    }

    /// Loads another file into the same world (require_relative, cookbook libraries,
    /// recipes). With `selfValue` the file runs with that object as `self`, the way Chef
    /// evaluates attribute files on the node and metadata.rb on a metadata object.
    public func load(path: String, selfValue: Value? = nil) throws {
        let bytes: [UInt8]
        do {
            bytes = try host.readFile(path)
        } catch {
            throw makeError(classes.loadError, "cannot load such file -- \(path)")
        }
        try evaluate(SourceFile(path: path, bytes: bytes), selfValue: selfValue, label: "<top (required)>")
    }

    /// Runs source in its own top-level scope with `selfValue` as `self` (main when nil),
    /// returning its value: templates compiled to Ruby run this way on their context.
    @discardableResult
    public func evaluate(_ source: SourceFile, selfValue: Value? = nil, label: String = "<main>") throws -> Value {
        sourceCache[source.path] = source
        let program = try Parser.parse(source)
        let frame = topFrame(file: source.path, scope: Scope.make(table: program.localTable, parent: nil), selfValue: selfValue,
                             label: label)
        frame.defaultVisibility = .private
        frame.line = 1
        frameStack.append(frame)
        defer { frameStack.removeLast() }
        do {
            return try eval(program, frame)
        } catch ControlFlow.returnFrom(tag: 0, let value) {
            return value
        }
    }

    public func source(for path: String) -> SourceFile? { sourceCache[path] }

    /// Loads a file as the body of `module` (`class X ... end` around the whole file): `def`
    /// defines its instance methods and bare calls go to the module, as Chef evaluates a
    /// cookbook's resources/*.rb and providers/*.rb in the class it makes for them.
    public func loadModuleBody(path: String, into module: RModule) throws {
        let bytes: [UInt8]
        do {
            bytes = try host.readFile(path)
        } catch {
            throw makeError(classes.loadError, "cannot load such file -- \(path)")
        }
        let source = SourceFile(path: path, bytes: bytes)
        sourceCache[path] = source
        let program = try Parser.parse(source)
        let context = FrameContext(definitionTarget: module, lexicalModules: [module], file: path, label: "<class:\(module.displayName)>")
        let frame = Frame(selfValue: .object(module), scope: Scope.make(table: program.localTable, parent: nil), context: context,
                          method: nil, block: nil, returnTag: makeTag())
        frame.line = 1
        frameStack.append(frame)
        defer { frameStack.removeLast() }
        _ = try eval(program, frame)
    }

    // MARK: - Evaluation

    /// The tree walker: what a node does, for the nodes `compile` has no closure of its own
    /// for (its children still run compiled, through `eval`).
    func evalNode(_ node: Node, _ frame: Frame) throws -> Value {
        switch node.kind {
        case .nilLiteral: return .null
        case .trueLiteral: return .true
        case .falseLiteral: return .false
        case .selfReference: return frame.selfValue
        case .integer(let value): return .integer(value)
        case .float(let value): return .float(value)
        case .string(let text): return makeString(text)
        case .interpolatedString(let parts):
            return makeString(try interpolate(parts, frame))
        case .xstring(let parts):
            return makeString(try interpolate(parts, frame))
        case .symbol(let name): return .symbol(name)
        case .interpolatedSymbol(let parts): return .symbol(try interpolate(parts, frame))
        case .regexp(let literal):
            return try evalRegexp(literal, frame)
        case .array(let elements):
            return makeArray(try evalList(elements, frame))
        case .hash(let entries), .keywordHash(let entries):
            return .object(try evalHash(entries, frame))
        case .range(let from, let to, let exclusive):
            let lower = try from.map { try eval($0, frame) } ?? .null
            let upper = try to.map { try eval($0, frame) } ?? .null
            return try makeRange(lower, upper, exclusive: exclusive)

        case .localVariable(let name):
            return frame.scope.lookup(name) ?? .null
        case .instanceVariable(let name):
            return instanceVariable(of: frame.selfValue, name)
        case .classVariable(let name):
            return try classVariable(name, frame, node)
        case .globalVariable(let name):
            return globalVariable(name)
        case .constant(let scope, let name, let topLevel):
            frame.line = node.line
            return try lookupConstant(scope: scope, name: name, topLevel: topLevel, frame: frame)

        case .assign(let target, let valueNode):
            let value = try eval(valueNode, frame)
            try assign(target, value, frame, node)
            return value
        case .operatorAssign(let target, let op, let valueNode):
            return try evalOperatorAssign(target, op, valueNode, frame, node)
        case .multipleAssign(let targets, let valueNode):
            let value = try eval(valueNode, frame)
            let items: [Value]
            if let array = value.asArray { items = array.items }
            else if case .object = value, let converted = try convertToArrayIfPossible(value) { items = converted }
            else { items = [value] }
            try destructure(targets, items, frame, node)
            return value

        case .call(let call):
            return try evalCall(call, node, frame)
        case .superCall(let arguments, let block):
            return try evalSuper(arguments, block, node, frame)
        case .yield(let arguments):
            frame.line = node.line
            guard let block = frame.block else {
                throw makeError(classes.localJumpError, "no block given (yield)")
            }
            let args = try evalArguments(arguments, frame)
            return try callBlock(block, args.values, blockArgument: args.block, hasKeywords: args.hasKeywords)
        case .and(let left, let right):
            let value = try eval(left, frame)
            return value.isTruthy ? try eval(right, frame) : value
        case .or(let left, let right):
            let value = try eval(left, frame)
            return value.isTruthy ? value : try eval(right, frame)
        case .not(let operand):
            let value = try eval(operand, frame)
            if case .object(let object) = value, object is RModule == false,
               let method = findMethod(classOf(value), "!"), method.owner !== classes.basicObject {
                return try invoke(method, value, Args(), name: "!")
            }
            return .bool(!value.isTruthy)
        case .matchAssigningNames(let match, let names):
            let result = try eval(match, frame)
            let data = lastMatch.asObject as? RMatchData
            for name in names {
                frame.scope.assign(name, try data.map { try callMethod(.object($0), "[]", Args([makeString(name)])) } ?? .null)
            }
            return result
        case .defined(let expression):
            return try evalDefined(expression, frame)

        case .conditional(let condition, let thenBranch, let elseBranch):
            if try eval(condition, frame).isTruthy {
                return try thenBranch.map { try eval($0, frame) } ?? .null
            }
            return try elseBranch.map { try eval($0, frame) } ?? .null
        case .whileLoop(let condition, let body, let isUntil, let bodyFirst):
            return try evalWhile(condition, body, isUntil: isUntil, bodyFirst: bodyFirst, frame)
        case .forLoop(let variables, let iterable, let body):
            return try evalFor(variables, iterable, body, frame, node)
        case .caseWhen(let subject, let clauses, let elseBody):
            return try evalCase(subject, clauses, elseBody, frame)
        case .begin(let block):
            return try evalBegin(block, frame)
        case .sequence(let statements):
            var result = Value.null
            for statement in statements { result = try eval(statement, frame) }
            return result

        case .methodDefinition(let definition):
            return try defineMethod(definition, frame)
        case .classDefinition(let path, let superclass, let body):
            return try evalClassDefinition(path, superclass, body, frame, node)
        case .moduleDefinition(let path, let body):
            return try evalModuleDefinition(path, body, frame, node)
        case .singletonClass(let target, let body):
            let object = try eval(target, frame)
            let meta = try singletonClass(of: object)
            return try evalModuleBody(meta, body, frame, label: "singleton class")
        case .alias(let newName, let oldName):
            if newName.hasPrefix("$") {
                globals[newName] = globalVariable(oldName)
                return .null
            }
            try aliasMethod(in: frame.definitionTarget, newName, oldName)
            return .null
        case .undef(let names):
            for name in names {
                frame.definitionTarget.methods[name] = RMethod(name: name, body: .builtin({ interp, receiver, _ in
                    throw interp.noMethodError(name, receiver)
                }), owner: frame.definitionTarget)
            }
            methodEpoch += 1
            return .null

        case .returnStatement(let valueNode):
            let value = try valueNode.map { try eval($0, frame) } ?? .null
            throw ControlFlow.returnFrom(tag: frame.returnTag, value: value)
        case .breakStatement(let valueNode):
            let value = try valueNode.map { try eval($0, frame) } ?? .null
            throw ControlFlow.breakOut(tag: currentBreakTag(frame), value: value)
        case .nextStatement(let valueNode):
            let value = try valueNode.map { try eval($0, frame) } ?? .null
            throw ControlFlow.next(value)
        case .redo:
            throw makeError(classes.notImplementedError, "redo is not supported by sous")
        case .retry:
            throw ControlFlow.retry
        case .lambda(let literal):
            return .object(makeProc(literal, frame, isLambda: true))

        case .splat(let inner):
            return makeArray(try splatValues(try eval(inner, frame)))
        case .doubleSplat(let inner):
            return try eval(inner, frame)
        case .blockPass(let inner):
            return try inner.map { try eval($0, frame) } ?? .null
        }
    }

    /// `break` in a `while` body leaves the loop; in a block it leaves the call the block was
    /// given to. Loops register their tag on the frame's loop stack.
    var loopTags: [(frame: ObjectIdentifier, tag: Int)] = []

    func currentBreakTag(_ frame: Frame) -> Int {
        if let last = loopTags.last, last.frame == ObjectIdentifier(frame) { return last.tag }
        return frame.breakTag
    }

    func interpolate(_ parts: [Node], _ frame: Frame) throws -> String {
        var result = ""
        for part in parts {
            if case .string(let text) = part.kind {
                result += text
                continue
            }
            let value = try eval(part, frame)
            result += try stringForInterpolation(value)
        }
        return result
    }

    func stringForInterpolation(_ value: Value) throws -> String {
        if let string = value.asString { return string.value }
        if case .object = value {} else if basicToSUnchanged() { return try toS(value) }
        let converted = try callMethod(value, "to_s", Args())
        if let string = converted.asString { return string.value }
        return defaultToS(value)
    }

    func evalList(_ nodes: [Node], _ frame: Frame) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(nodes.count)
        for node in nodes {
            if case .splat(let inner) = node.kind {
                values.append(contentsOf: try splatValues(try eval(inner, frame)))
            } else if case .keywordHash(let entries) = node.kind {
                values.append(.object(try evalHash(entries, frame)))
            } else {
                values.append(try eval(node, frame))
            }
        }
        return values
    }

    /// `*x`: arrays spread, nil vanishes, anything with `to_a` converts, others stay one.
    func splatValues(_ value: Value) throws -> [Value] {
        if let array = value.asArray { return array.items }
        if case .null = value { return [] }
        if let hash = value.asHash { return hash.pairs.map { makeArray([$0.0, $0.1]) } }
        if let converted = try convertToArrayIfPossible(value) { return converted }
        return [value]
    }

    func convertToArrayIfPossible(_ value: Value) throws -> [Value]? {
        if value.asArray != nil || value.asObject == nil { return nil }
        if value.asRange != nil || value.asObject is REnumerator || respondTo(value, "to_a") && !(value.asObject is RString)
            && !(value.asObject is RHash) && value.asObject is RStructInstance == false && !(value.asObject is RModule) {
            if value.asRange != nil || value.asObject is REnumerator {
                return try callMethod(value, "to_a", Args()).asArray?.items
            }
            if findMethod(classOf(value), "to_a")?.owner !== classes.kernel, let array = try callMethod(value, "to_a", Args()).asArray {
                return array.items
            }
        }
        return nil
    }

    func evalHash(_ entries: [HashEntry], _ frame: Frame) throws -> RHash {
        let hash = makeHashObject()
        for entry in entries {
            switch entry {
            case .pair(let keyNode, let valueNode):
                var key = try eval(keyNode, frame)
                // String keys are copied and frozen, as Ruby does.
                if let string = key.asString, !string.frozen {
                    let copy = RString(string.value, klass: string.klass)
                    copy.frozen = true
                    key = .object(copy)
                }
                hash.set(key, try eval(valueNode, frame))
            case .doubleSplat(let node):
                let value = try eval(node, frame)
                if case .null = value { continue }
                guard let other = value.asHash else {
                    throw typeError("no implicit conversion of \(className(of: value)) into Hash")
                }
                for (k, v) in other.pairs { hash.set(k, v) }
            }
        }
        return hash
    }

    // MARK: - Variables

    func instanceVariable(of value: Value, _ name: String) -> Value {
        value.asObject?.getInstanceVariable(name) ?? (immediateInstanceVariables[name] ?? .null)
    }

    var immediateInstanceVariables: [String: Value] = [:]

    func globalVariable(_ name: String) -> Value {
        switch name {
        case "$~": return lastMatch
        case "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9":
            guard let match = lastMatch.asObject as? RMatchData else { return .null }
            return match.group(Int(name.dropFirst())!, interpreter: self)
        case "$&":
            guard let match = lastMatch.asObject as? RMatchData else { return .null }
            return match.group(0, interpreter: self)
        case "$`":
            guard let match = lastMatch.asObject as? RMatchData else { return .null }
            return makeString(match.preMatch)
        case "$'":
            guard let match = lastMatch.asObject as? RMatchData else { return .null }
            return makeString(match.postMatch)
        case "$!":
            return globals["$!"] ?? .null
        default:
            return globals[name] ?? .null
        }
    }

    func classVariable(_ name: String, _ frame: Frame, _ node: Node) throws -> Value {
        var module: RModule? = frame.lexicalModules.first ?? (frame.selfValue.asModule ?? classOf(frame.selfValue).realClass)
        if let m = module, m.isSingleton, let attached = m.attached as? RModule { module = attached }
        for ancestor in module?.ancestors() ?? [] {
            if let value = ancestor.classVariables[name] { return value }
        }
        throw makeError(classes.nameError,
                        "uninitialized class variable \(name) in \(module?.displayName ?? "Object")")
    }

    func setClassVariable(_ name: String, _ value: Value, _ frame: Frame) {
        var module: RModule = frame.lexicalModules.first ?? (frame.selfValue.asModule ?? classOf(frame.selfValue).realClass)
        if module.isSingleton, let attached = module.attached as? RModule { module = attached }
        for ancestor in module.ancestors() where ancestor.classVariables[name] != nil {
            ancestor.classVariables[name] = value
            return
        }
        module.classVariables[name] = value
    }

    // MARK: - Assignment

    func assign(_ target: Target, _ value: Value, _ frame: Frame, _ node: Node) throws {
        switch target {
        case .local(let name):
            frame.scope.assign(name, value)
        case .instanceVariable(let name):
            guard let object = frame.selfValue.asObject else {
                immediateInstanceVariables[name] = value
                return
            }
            if object.frozen { throw frozenError(frame.selfValue) }
            object.setInstanceVariable(name, value)
        case .classVariable(let name):
            setClassVariable(name, value, frame)
        case .globalVariable(let name):
            if name == "$stdout" || name == "$stderr" || name == "$," || name == "$/" || name == "$;" || name.count > 1 {
                globals[name] = value
            }
        case .constant(let scopeNode, let name, let topLevel):
            let module: RModule
            if let scopeNode {
                guard let scoped = try eval(scopeNode, frame).asModule else {
                    throw typeError("\(name) is not a class/module")
                }
                module = scoped
            } else if topLevel {
                module = classes.object
            } else {
                module = frame.lexicalModules.first ?? classes.object
            }
            module.setConstant(name, value)
        case .index(let receiverNode, let argumentNodes):
            let receiver = try eval(receiverNode, frame)
            var arguments = try evalList(argumentNodes, frame)
            arguments.append(value)
            frame.line = node.line
            _ = try callMethod(receiver, "[]=", Args(arguments))
        case .attribute(let receiverNode, let name, let safe):
            let receiver = try eval(receiverNode, frame)
            if safe && receiver.isNil { return }
            frame.line = node.line
            let isSelf: Bool = { if case .selfReference = receiverNode.kind { return true }; return false }()
            _ = try callMethod(receiver, name + "=", Args([value]), functionCall: isSelf)
        case .splat(let inner):
            if let inner { try assign(inner, makeArray(value.asArray?.items ?? [value]), frame, node) }
        case .nested(let targets):
            let items = value.asArray?.items ?? [value]
            try destructure(targets, items, frame, node)
        }
    }

    /// `a, (b, c), *d = values`.
    func destructure(_ targets: [Target], _ items: [Value], _ frame: Frame, _ node: Node) throws {
        let splatIndex = targets.firstIndex { if case .splat = $0 { return true } else { return false } }
        if let splatIndex {
            let after = targets.count - splatIndex - 1
            for i in 0..<splatIndex { try assign(targets[i], i < items.count ? items[i] : .null, frame, node) }
            let restEnd = max(splatIndex, items.count - after)
            let rest = splatIndex < restEnd ? Array(items[splatIndex..<restEnd]) : []
            if case .splat(let inner) = targets[splatIndex], let inner { try assign(inner, makeArray(rest), frame, node) }
            for i in 0..<after {
                let index = restEnd + i
                try assign(targets[splatIndex + 1 + i], index < items.count ? items[index] : .null, frame, node)
            }
        } else {
            for (i, target) in targets.enumerated() {
                let item = i < items.count ? items[i] : .null
                if case .nested(let inner) = target {
                    try destructure(inner, item.asArray?.items ?? [item], frame, node)
                } else {
                    try assign(target, item, frame, node)
                }
            }
        }
    }

    func evalOperatorAssign(_ target: Target, _ op: String, _ valueNode: Node, _ frame: Frame, _ node: Node) throws -> Value {
        // Read the current value, evaluating receivers and indexes once.
        var receiver: Value = .null
        var indexArguments: [Value] = []
        let current: Value
        switch target {
        case .local(let name):
            current = frame.scope.lookup(name) ?? .null
        case .instanceVariable(let name):
            current = instanceVariable(of: frame.selfValue, name)
        case .classVariable(let name):
            current = (try? classVariable(name, frame, node)) ?? .null
        case .globalVariable(let name):
            current = globalVariable(name)
        case .constant(let scope, let name, let topLevel):
            current = (try? lookupConstant(scope: scope, name: name, topLevel: topLevel, frame: frame)) ?? .null
        case .index(let receiverNode, let argumentNodes):
            receiver = try eval(receiverNode, frame)
            indexArguments = try evalList(argumentNodes, frame)
            frame.line = node.line
            current = try callMethod(receiver, "[]", Args(indexArguments))
        case .attribute(let receiverNode, let name, let safe):
            receiver = try eval(receiverNode, frame)
            if safe && receiver.isNil { return .null }
            frame.line = node.line
            current = try callMethod(receiver, name, Args())
        case .splat, .nested:
            throw makeError(classes.syntaxError, "invalid operator assignment")
        }
        let newValue: Value
        switch op {
        case "||":
            if current.isTruthy { return current }
            newValue = try eval(valueNode, frame)
        case "&&":
            if !current.isTruthy { return current }
            newValue = try eval(valueNode, frame)
        default:
            let operand = try eval(valueNode, frame)
            frame.line = node.line
            newValue = try binaryOperation(current, op, operand)
        }
        switch target {
        case .index:
            _ = try callMethod(receiver, "[]=", Args(indexArguments + [newValue]))
        case .attribute(_, let name, _):
            _ = try callMethod(receiver, name + "=", Args([newValue]), functionCall: true)
        default:
            try assign(target, newValue, frame, node)
        }
        return newValue
    }

    // MARK: - Control structures

    func evalWhile(_ condition: Node, _ body: Node, isUntil: Bool, bodyFirst: Bool, _ frame: Frame) throws -> Value {
        let tag = makeTag()
        loopTags.append((ObjectIdentifier(frame), tag))
        defer { loopTags.removeLast() }
        var first = bodyFirst
        while true {
            if !first {
                let test = try eval(condition, frame).isTruthy
                if test == isUntil { break }
            }
            first = false
            do {
                _ = try eval(body, frame)
            } catch ControlFlow.breakOut(let breakTag, let value) where breakTag == tag {
                return value
            } catch ControlFlow.next {
                continue
            }
        }
        return .null
    }

    func evalFor(_ variables: [Target], _ iterableNode: Node, _ body: Node, _ frame: Frame, _ node: Node) throws -> Value {
        let iterable = try eval(iterableNode, frame)
        let tag = makeTag()
        loopTags.append((ObjectIdentifier(frame), tag))
        defer { loopTags.removeLast() }
        do {
            try iterate(iterable) { element in
                if variables.count == 1 {
                    try self.assign(variables[0], element, frame, node)
                } else {
                    try self.destructure(variables, element.asArray?.items ?? [element], frame, node)
                }
                do {
                    _ = try self.eval(body, frame)
                } catch ControlFlow.next {
                }
            }
        } catch ControlFlow.breakOut(let breakTag, let value) where breakTag == tag {
            return value
        }
        return iterable
    }

    /// The values one entry of a `when` or `rescue` list stands for: its own value, or each
    /// element of a splatted one (`when *LIST`, `rescue *ERRORS`).
    private func listedValues(_ node: Node, _ frame: Frame) throws -> [Value] {
        if case .splat(let inner) = node.kind { return try splatValues(try eval(inner, frame)) }
        return [try eval(node, frame)]
    }

    func evalCase(_ subjectNode: Node?, _ clauses: [WhenClause], _ elseBody: Node?, _ frame: Frame) throws -> Value {
        let subject = try subjectNode.map { try eval($0, frame) }
        for clause in clauses {
            for conditionNode in clause.conditions {
                for candidate in try listedValues(conditionNode, frame) {
                    let matched: Bool
                    if let subject {
                        frame.line = conditionNode.line
                        matched = try caseEquals(candidate, subject)
                    } else {
                        matched = candidate.isTruthy
                    }
                    if matched { return try eval(clause.body, frame) }
                }
            }
        }
        return try elseBody.map { try eval($0, frame) } ?? .null
    }

    /// `pattern === value`, with fast paths for the common patterns.
    func caseEquals(_ pattern: Value, _ value: Value) throws -> Bool {
        return try callMethod(pattern, "===", Args([value])).isTruthy
    }

    func evalBegin(_ block: BeginBlock, _ frame: Frame) throws -> Value {
        while true {
            do {
                return try evalBeginOnce(block, frame)
            } catch ControlFlow.retry {
                continue
            }
        }
    }

    /// One pass through `begin ... end`. The `else` body runs only when nothing was raised,
    /// and is not covered by the rescue clauses; `ensure` runs on every way out except `retry`,
    /// which starts the block again without leaving it.
    private func evalBeginOnce(_ block: BeginBlock, _ frame: Frame) throws -> Value {
        var result: Value = .null
        var rescued = false
        do {
            do {
                result = try eval(block.body, frame)
            } catch let error as RubyError where !block.rescues.isEmpty {
                guard let clause = try matchingRescue(block.rescues, error.exception, frame) else { throw error }
                rescued = true
                let savedError = globals["$!"]
                globals["$!"] = .object(error.exception)
                defer { globals["$!"] = savedError }
                if let variable = clause.variable {
                    try assign(variable, .object(error.exception), frame, block.body)
                }
                result = try eval(clause.body, frame)
            }
            if !rescued, let elseBody = block.elseBody { result = try eval(elseBody, frame) }
        } catch ControlFlow.retry where rescued {
            throw ControlFlow.retry
        } catch {
            if let ensureBody = block.ensureBody { _ = try eval(ensureBody, frame) }
            throw error
        }
        if let ensureBody = block.ensureBody { _ = try eval(ensureBody, frame) }
        return result
    }

    private func matchingRescue(_ clauses: [RescueClause], _ exception: RException, _ frame: Frame) throws -> RescueClause? {
        for clause in clauses {
            if clause.exceptionClasses.isEmpty {
                if exception.klass.isSubclass(of: classes.standardError) { return clause }
                continue
            }
            for classNode in clause.exceptionClasses {
                for candidate in try listedValues(classNode, frame) {
                    guard let module = candidate.asModule else {
                        throw typeError("class or module required for rescue clause")
                    }
                    if exception.klass.isSubclass(of: module) { return clause }
                }
            }
        }
        return nil
    }

    // MARK: - defined?

    func evalDefined(_ expression: Node, _ frame: Frame) throws -> Value {
        switch expression.kind {
        case .localVariable: return makeString("local-variable")
        case .instanceVariable(let name):
            return frame.selfValue.asObject?.hasInstanceVariable(name) == true ? makeString("instance-variable") : .null
        case .globalVariable(let name):
            return globals[name] != nil || ["$stdout", "$stderr", "$~", "$0"].contains(name) ? makeString("global-variable") : .null
        case .classVariable:
            return (try? classVariable(expressionName(expression), frame, expression)) != nil ? makeString("class variable") : .null
        case .constant(let scope, let name, let topLevel):
            do {
                _ = try lookupConstant(scope: scope, name: name, topLevel: topLevel, frame: frame)
                return makeString("constant")
            } catch is RubyError {
                return .null
            }
        case .call(let call):
            if let receiverNode = call.receiver {
                guard let receiver = try? eval(receiverNode, frame) else { return .null }
                return respondTo(receiver, call.name) ? makeString("method") : .null
            }
            if findMethod(classOf(frame.selfValue), call.name) != nil { return makeString("method") }
            if let fallback = frame.fallbackSelf, findMethod(classOf(fallback), call.name) != nil { return makeString("method") }
            return .null
        case .selfReference: return makeString("self")
        case .nilLiteral: return makeString("nil")
        case .trueLiteral: return makeString("true")
        case .falseLiteral: return makeString("false")
        case .assign, .operatorAssign, .multipleAssign: return makeString("assignment")
        case .yield: return frame.block != nil ? makeString("yield") : .null
        case .superCall:
            guard let method = frame.method else { return .null }
            return findSuperMethod(frame.selfValue, method) != nil ? makeString("super") : .null
        default:
            return makeString("expression")
        }
    }

    private func expressionName(_ node: Node) -> String {
        if case .classVariable(let name) = node.kind { return name }
        return ""
    }
}

extension Interpreter {
    /// `break`, `next`, `return` or `throw` that escaped every construct that could end it
    /// becomes the Ruby error Ruby would raise; nil for any other error.
    public func describeUncaughtControlFlow(_ error: Error) -> RubyError? {
        guard let flow = error as? ControlFlow else { return nil }
        switch flow {
        case .breakOut: return makeError(classes.localJumpError, "break from proc-closure")
        case .next: return makeError(classes.localJumpError, "next used outside of a block")
        case .returnFrom: return makeError(classes.localJumpError, "unexpected return")
        case .retry: return makeError(classes.syntaxError, "Invalid retry")
        case .throwTag(let tag, _):
            return makeError(classes.uncaughtThrowError, "uncaught throw \((try? inspect(tag)) ?? "?")")
        }
    }
}
