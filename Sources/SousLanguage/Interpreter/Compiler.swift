/// The syntax tree compiled, node by node, into objects the first time each node runs: a
/// node's code calls its children's code directly, with what it needs decided once (the
/// operator code, the call site's cache, the constant parts), instead of switching over the
/// tree's enum and copying its payloads on every evaluation. The code is a class per kind of
/// node with an overridden `run`: calling a child held in a `let` costs no retain, where a
/// stored closure would retain its context on every call. Nodes without code of their own
/// run through `evalNode`, the tree walker, whose children again run compiled: the two mix
/// freely and behave the same.
class Code {
    /// Runs the code. The interpreter comes as an argument rather than a stored reference:
    /// an argument is borrowed for free, where a stored unowned reference is retained and
    /// released around every use.
    func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        fatalError("Code.run is overridden by every kind of code")
    }
}

extension Interpreter {
    /// Evaluates `node` in `frame`, compiling it the first time.
    @inline(__always) func eval(_ node: Node, _ frame: Frame) throws -> Value {
        try compiled(node).run(self, frame)
    }

    /// A node's compiled code (its children compiled with it).
    @inline(__always) func compiled(_ node: Node) -> Code {
        if let code = node.compiled { return code }
        let code = compile(node)
        node.compiled = code
        return code
    }

    private func compile(_ node: Node) -> Code {
        switch node.kind {
        case .nilLiteral: return ConstantCode(.null)
        case .trueLiteral: return ConstantCode(.true)
        case .falseLiteral: return ConstantCode(.false)
        case .integer(let value): return ConstantCode(.integer(value))
        case .float(let value): return ConstantCode(.float(value))
        case .symbol(let name): return ConstantCode(.symbol(name))
        case .selfReference: return SelfCode()
        case .string(let text): return StringCode(text)
        case .interpolatedString(let parts):
            return InterpolationCode(parts.map { part in
                if case .string(let text) = part.kind { return .text(text) }
                return .code(compiled(part))
            })
        case .array(let elements) where elements.allSatisfy(\.isPlainArgument):
            return ArrayCode(elements.map(compiled))
        case .localVariable(let name):
            return LocalCode(name)
        case .instanceVariable(let name):
            return InstanceVariableCode(name)
        case .assign(.local(let name), let valueNode):
            return AssignLocalCode(name, compiled(valueNode))
        case .assign(.instanceVariable(let name), let valueNode):
            return AssignInstanceVariableCode(name, compiled(valueNode), line: node.line)
        case .operatorAssign(.index(let receiverNode, let argumentNodes), let op, let valueNode)
                where argumentNodes.count == 1 && argumentNodes[0].isPlainArgument:
            return OperatorAssignIndexCode(compiled(receiverNode), compiled(argumentNodes[0]), op, compiled(valueNode), line: node.line)
        case .operatorAssign(.local(let name), let op, let valueNode):
            return OperatorAssignLocalCode(name, op, compiled(valueNode), line: node.line)
        case .call(let call) where call.receiver != nil && call.numericOperator != nil && !call.safeNavigation && call.block == nil
                && call.arguments.blockArgument == nil && call.arguments.positional.count == 1
                && call.arguments.positional[0].isPlainArgument:
            return OperatorCallCode(CallCode(call, line: node.line, receiver: call.receiver.map(compiled),
                                             arguments: call.arguments.positional.map(compiled)))
        case .call(let call) where call.arguments.blockArgument == nil && call.arguments.positional.allSatisfy(\.isPlainArgument):
            return CallCode(call, line: node.line, receiver: call.receiver.map(compiled),
                            arguments: call.arguments.positional.map(compiled))
        case .and(let left, let right):
            return ShortCircuitCode(compiled(left), compiled(right), continuesWhenTruthy: true)
        case .or(let left, let right):
            return ShortCircuitCode(compiled(left), compiled(right), continuesWhenTruthy: false)
        case .conditional(let condition, let thenBranch, let elseBranch):
            return ConditionalCode(compiled(condition), thenBranch.map(compiled), elseBranch.map(compiled))
        case .whileLoop(let condition, let body, let isUntil, let bodyFirst):
            return WhileCode(compiled(condition), compiled(body), isUntil: isUntil, bodyFirst: bodyFirst)
        case .sequence(let statements):
            return SequenceCode(statements.map(compiled))
        case .returnStatement(let valueNode):
            return ReturnCode(valueNode.map(compiled))
        case .nextStatement(let valueNode):
            return NextCode(valueNode.map(compiled))
        default:
            return TreeCode(node)
        }
    }
}

extension Node {
    /// An argument or element that is just a value: not `*x`, `**x`, `&x` or a keyword hash.
    var isPlainArgument: Bool {
        switch kind {
        case .splat, .doubleSplat, .blockPass, .keywordHash: return false
        default: return true
        }
    }
}

// MARK: - The kinds of code

/// A node the tree walker runs.
final class TreeCode: Code {
    /// Unowned: the node owns this code (a strong reference back would keep both for ever).
    unowned(unsafe) let node: Node

    init(_ node: Node) {
        self.node = node
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value { try interpreter.evalNode(node, frame) }
}

final class ConstantCode: Code {
    let value: Value

    init(_ value: Value) {
        self.value = value
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value { value }
}

final class SelfCode: Code {
    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value { frame.selfValue }
}

final class StringCode: Code {
    let text: String

    init(_ text: String) {
        self.text = text
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value { interpreter.makeString(text) }
}

final class InterpolationCode: Code {
    enum Piece {
        case text(String)
        case code(Code)
    }

    let pieces: [Piece]

    init(_ pieces: [Piece]) {
        self.pieces = pieces
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text): result += text
            case .code(let code): result += try interpreter.stringForInterpolation(try code.run(interpreter, frame))
            }
        }
        return interpreter.makeString(result)
    }
}

final class ArrayCode: Code {
    let items: [Code]

    init(_ items: [Code]) {
        self.items = items
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try item.run(interpreter, frame)) }
        return interpreter.makeArray(values)
    }
}

/// Where a local variable lives, found by name the first time its code runs and then used
/// as is: the node always runs in scopes of the same bodies (see `LocalTable`).
struct LocalPlace {
    let name: String
    /// How many scopes out from the running one; -1 until found.
    private(set) var depth = -1
    private(set) var index = 0

    init(_ name: String) {
        self.name = name
    }

    @inline(__always) func scope(in frame: Frame) -> Scope {
        depth == 0 ? frame.scope : frame.scope.outer(depth)
    }

    /// Finds the variable; false when no scope has it (yet).
    mutating func find(in frame: Frame) -> Bool {
        guard let (depth, index) = frame.scope.resolve(name) else { return false }
        self.depth = depth
        self.index = index
        return true
    }

    /// Finds the variable, declaring it in the running scope when none has it.
    mutating func findOrDeclare(in frame: Frame) {
        if !find(in: frame) {
            frame.scope.declareHere(name, .null)
            _ = find(in: frame)
        }
    }

    @inline(__always) mutating func read(_ frame: Frame) -> Value {
        if depth < 0 && !find(in: frame) { return .null }
        return scope(in: frame).slot(index)
    }

    @inline(__always) mutating func write(_ frame: Frame, _ value: Value) {
        if depth < 0 { findOrDeclare(in: frame) }
        scope(in: frame).setSlot(index, value)
    }
}

final class LocalCode: Code {
    var place: LocalPlace

    init(_ name: String) {
        place = LocalPlace(name)
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value { place.read(frame) }
}

/// `@name`: read where this code found it last, when it is still there.
final class InstanceVariableCode: Code {
    let name: String
    var index = 0

    init(_ name: String) {
        self.name = name
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        guard case .object(let object) = frame.selfValue else { return interpreter.instanceVariable(of: frame.selfValue, name) }
        if let value = object.instanceVariable(at: index, named: name) { return value }
        guard let found = object.instanceVariableIndex(name) else { return .null }
        index = found
        return object.instanceVariables[found].value
    }
}

/// `@name = value`, written where this code found it last, when it is still there.
final class AssignInstanceVariableCode: Code {
    let name: String
    let value: Code
    let line: Int
    var index = 0

    init(_ name: String, _ value: Code, line: Int) {
        self.name = name
        self.value = value
        self.line = line
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        let result = try value.run(interpreter, frame)
        guard case .object(let object) = frame.selfValue else {
            interpreter.immediateInstanceVariables[name] = result
            return result
        }
        if object.frozen {
            frame.line = line
            throw interpreter.frozenError(frame.selfValue)
        }
        if !object.setInstanceVariable(at: index, named: name, result) { index = object.setInstanceVariable(name, result) }
        return result
    }
}

final class AssignLocalCode: Code {
    var place: LocalPlace
    let value: Code

    init(_ name: String, _ value: Code) {
        place = LocalPlace(name)
        self.value = value
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        let result = try value.run(interpreter, frame)
        place.write(frame, result)
        return result
    }
}

/// `name op= value` on a local: numbers without a lookup, `||=` and `&&=` short-circuit.
/// What `op=` does with the current value: `||=` and `&&=` short-circuit, numbers'
/// operators need no lookup, any other operator is a method call.
enum OperatorAssignment {
    case orAssign, andAssign, numeric(NumericOperator), method

    init(_ op: String) {
        switch op {
        case "||": self = .orAssign
        case "&&": self = .andAssign
        default: self = NumericOperator(rawValue: op).map { .numeric($0) } ?? .method
        }
    }

    /// `current op value`: the value to store, or nil when `||=` or `&&=` keeps `current`
    /// and stores nothing. `value` runs only when Ruby would run it; integers are worked out
    /// inline, and `line` is the frame's line for any method the operator calls.
    @inline(__always)
    func combine(_ current: Value, op: String, value: Code, line: Int, _ interpreter: Interpreter, _ frame: Frame) throws -> Value? {
        switch self {
        case .orAssign:
            return current.isTruthy ? nil : try value.run(interpreter, frame)
        case .andAssign:
            return current.isTruthy ? try value.run(interpreter, frame) : nil
        case .numeric(let code):
            let operand = try value.run(interpreter, frame)
            if case .integer(let a) = current, case .integer(let b) = operand, let fast = Interpreter.integerOperation(a, code, b) {
                return fast
            }
            frame.line = line
            return try interpreter.numericFastPath(current, code, operand) ?? interpreter.callMethod(current, op, Args([operand]))
        case .method:
            let operand = try value.run(interpreter, frame)
            frame.line = line
            return try interpreter.callMethod(current, op, Args([operand]))
        }
    }
}

/// `receiver[key] op= value`: the receiver and key evaluated once; a Hash whose `[]` and
/// `[]=` are its own is read and written directly, anything else through its methods.
final class OperatorAssignIndexCode: Code {
    let receiver: Code
    let key: Code
    let op: String
    let kind: OperatorAssignment
    let value: Code
    let line: Int
    /// The last Hash class found to keep Hash's own `[]` and `[]=`, and when.
    private var plainHashClass: RModule?
    private var plainHashEpoch = -1

    init(_ receiver: Code, _ key: Code, _ op: String, _ value: Code, line: Int) {
        self.receiver = receiver
        self.key = key
        self.op = op
        kind = OperatorAssignment(op)
        self.value = value
        self.line = line
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        let target = try receiver.run(interpreter, frame)
        let index = try key.run(interpreter, frame)
        frame.line = line
        var plainHash: RHash?
        if case .object(let object) = target, let hash = object as? RHash {
            let cls = interpreter.classOf(target)
            if cls !== plainHashClass || plainHashEpoch != interpreter.methodEpoch {
                let plain = interpreter.findMethod(cls, "[]") === interpreter.coreHashIndex
                    && interpreter.findMethod(cls, "[]=") === interpreter.coreHashStore
                plainHashClass = plain ? cls : nil
                plainHashEpoch = interpreter.methodEpoch
            }
            if cls === plainHashClass { plainHash = hash }
        }
        let current = try plainHash.map { try interpreter.hashLookup($0, index) } ?? interpreter.callMethod(target, "[]", Args([index]))
        guard let result = try kind.combine(current, op: op, value: value, line: line, interpreter, frame) else { return current }
        frame.line = line
        if plainHash != nil {
            try interpreter.hashStore(target, index, result)
        } else {
            _ = try interpreter.callMethod(target, "[]=", Args([index, result]))
        }
        return result
    }
}

final class OperatorAssignLocalCode: Code {
    typealias Kind = OperatorAssignment

    var place: LocalPlace
    let op: String
    let kind: Kind
    let value: Code
    let line: Int

    init(_ name: String, _ op: String, _ value: Code, line: Int) {
        place = LocalPlace(name)
        self.op = op
        kind = OperatorAssignment(op)
        self.value = value
        self.line = line
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        let current = place.read(frame)
        guard let result = try kind.combine(current, op: op, value: value, line: line, interpreter, frame) else { return current }
        place.write(frame, result)
        return result
    }
}

/// A call with plain positional arguments (no splats, keywords or `&block`), with or
/// without a literal block: numbers' operators without a lookup, else the method this call
/// site found last for the receiver's class.
final class CallCode: Code {
    let call: Call
    let line: Int
    let receiver: Code?
    let selfReceiver: Bool
    let arguments: [Code]

    init(_ call: Call, line: Int, receiver: Code?, arguments: [Code]) {
        self.call = call
        self.line = line
        self.receiver = receiver
        if case .selfReference? = call.receiver?.kind { selfReceiver = true } else { selfReceiver = false }
        self.arguments = arguments
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        let target: Value
        var functionCall = false
        if let receiver {
            target = try receiver.run(interpreter, frame)
            if call.safeNavigation && target.isNil { return .null }
            functionCall = selfReceiver
        } else {
            target = frame.selfValue
            functionCall = true
        }
        // Up to three arguments are held in locals: a method with as many plain parameters
        // gets them straight in its scope, with no argument array made.
        let count = arguments.count
        var first = Value.null, second = Value.null, third = Value.null
        var values: [Value] = []
        switch count {
        case 0: break
        case 1:
            first = try arguments[0].run(interpreter, frame)
            if call.block == nil, let code = call.numericOperator {
                frame.line = line
                if let result = try interpreter.numericFastPath(target, code, first) { return result }
            }
        case 2:
            first = try arguments[0].run(interpreter, frame)
            second = try arguments[1].run(interpreter, frame)
        case 3:
            first = try arguments[0].run(interpreter, frame)
            second = try arguments[1].run(interpreter, frame)
            third = try arguments[2].run(interpreter, frame)
        default:
            values.reserveCapacity(count)
            for argument in arguments { values.append(try argument.run(interpreter, frame)) }
        }
        return try send(interpreter, frame, target, functionCall: functionCall, count: count, first, second, third, values)
    }

    /// The rest of an operator call whose operands are not two integers.
    func finish(_ interpreter: Interpreter, _ frame: Frame, target: Value, operand: Value) throws -> Value {
        frame.line = line
        if let code = call.numericOperator, let result = try interpreter.numericFastPath(target, code, operand) { return result }
        return try send(interpreter, frame, target, functionCall: selfReceiver, count: 1, operand, .null, .null, [])
    }

    /// Finds the method (the one this site found last, when the receiver's class is the
    /// same) and calls it with the evaluated arguments (`first`... when there are at most
    /// three, else `values`).
    private func send(_ interpreter: Interpreter, _ frame: Frame, _ target: Value, functionCall: Bool, count: Int,
                      _ first: Value, _ second: Value, _ third: Value, _ values: [Value]) throws -> Value {
        let block = call.block.map { interpreter.makeProc($0, frame, isLambda: false) }
        frame.line = line
        let cls = interpreter.classOf(target)
        let method: RMethod?
        if call.cachedEpoch == interpreter.methodEpoch && call.cachedClass === cls {
            method = call.cachedMethod
        } else {
            method = interpreter.findMethod(cls, call.name)
            call.cachedClass = cls
            call.cachedEpoch = interpreter.methodEpoch
            call.cachedMethod = method
        }
        do {
            if let method, count <= 3, functionCall || method.visibility == .public, case .user(let definition) = method.body,
               let plain = definition.parameters.plainNames, plain.count == count,
               let table = definition.body.localTable, definition.parameters.leadTable === table {
                return try interpreter.invokePlain(definition, method, target, table: table, block: block, count: count,
                                                   first, second, third)
            }
            let arguments: [Value]
            switch count {
            case 0: arguments = []
            case 1: arguments = [first]
            case 2: arguments = [first, second]
            case 3: arguments = [first, second, third]
            default: arguments = values
            }
            return try interpreter.dispatch(method, target, call.name, Args(arguments, block: block), functionCall: functionCall,
                                            variableLike: call.isVariableLike, fallback: call.receiver == nil ? frame.fallbackSelf : nil)
        } catch ControlFlow.breakOut(let tag, let value) where block != nil && tag == block!.breakTag {
            return value
        }
    }
}

/// `a + b`, `i < n`, `x % 7`: two integers are worked out here; anything else goes on as the
/// call it is.
final class OperatorCallCode: Code {
    let call: CallCode
    let left: Code
    let right: Code
    let op: NumericOperator

    init(_ call: CallCode) {
        self.call = call
        left = call.receiver!
        right = call.arguments[0]
        op = call.call.numericOperator!
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        let a = try left.run(interpreter, frame)
        let b = try right.run(interpreter, frame)
        if case .integer(let x) = a, case .integer(let y) = b, let result = Interpreter.integerOperation(x, op, y) { return result }
        return try call.finish(interpreter, frame, target: a, operand: b)
    }
}

/// `a && b` and `a || b`: the right side runs only when the left one does not decide.
final class ShortCircuitCode: Code {
    let left: Code
    let right: Code
    /// `&&` goes on to the right side when the left is truthy, `||` when it is not.
    let continuesWhenTruthy: Bool

    init(_ left: Code, _ right: Code, continuesWhenTruthy: Bool) {
        self.left = left
        self.right = right
        self.continuesWhenTruthy = continuesWhenTruthy
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        let value = try left.run(interpreter, frame)
        return value.isTruthy == continuesWhenTruthy ? try right.run(interpreter, frame) : value
    }
}

final class ConditionalCode: Code {
    let condition: Code
    let yes: Code?
    let no: Code?

    init(_ condition: Code, _ yes: Code?, _ no: Code?) {
        self.condition = condition
        self.yes = yes
        self.no = no
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        if try condition.run(interpreter, frame).isTruthy { return try yes?.run(interpreter, frame) ?? .null }
        return try no?.run(interpreter, frame) ?? .null
    }
}

/// `while`/`until` (and their `begin ... end while` form): `break` leaves with its value,
/// `next` goes on with the test.
final class WhileCode: Code {
    let condition: Code
    let body: Code
    let isUntil: Bool
    let bodyFirst: Bool

    init(_ condition: Code, _ body: Code, isUntil: Bool, bodyFirst: Bool) {
        self.condition = condition
        self.body = body
        self.isUntil = isUntil
        self.bodyFirst = bodyFirst
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        let tag = interpreter.makeTag()
        interpreter.loopTags.append((ObjectIdentifier(frame), tag))
        defer { interpreter.loopTags.removeLast() }
        var first = bodyFirst
        while true {
            if try !first && condition.run(interpreter, frame).isTruthy == isUntil { break }
            first = false
            do {
                _ = try body.run(interpreter, frame)
            } catch ControlFlow.breakOut(let breakTag, let value) where breakTag == tag {
                return value
            } catch ControlFlow.next {
                continue
            }
        }
        return .null
    }
}

final class SequenceCode: Code {
    let steps: [Code]

    init(_ steps: [Code]) {
        self.steps = steps
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        var result = Value.null
        for step in steps { result = try step.run(interpreter, frame) }
        return result
    }
}

final class ReturnCode: Code {
    let value: Code?

    init(_ value: Code?) {
        self.value = value
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        throw ControlFlow.returnFrom(tag: frame.returnTag, value: try value?.run(interpreter, frame) ?? .null)
    }
}

final class NextCode: Code {
    let value: Code?

    init(_ value: Code?) {
        self.value = value
        super.init()
    }

    override func run(_ interpreter: Interpreter, _ frame: Frame) throws -> Value {
        throw ControlFlow.next(try value?.run(interpreter, frame) ?? .null)
    }
}
