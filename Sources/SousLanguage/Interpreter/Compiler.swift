/// The syntax tree compiled, node by node, into objects the first time each node runs: a
/// node's code calls its children's code directly, with what it needs decided once (the
/// operator code, the call site's cache, the constant parts), instead of switching over the
/// tree's enum and copying its payloads on every evaluation. The code is a class per kind of
/// node with an overridden `run`: calling a child held in a `let` costs no retain, where a
/// stored closure would retain its context on every call. Nodes without code of their own
/// run through `evalNode`, the tree walker, whose children again run compiled: the two mix
/// freely and behave the same.
class Code {
    /// Unowned: the interpreter outlives every tree it runs.
    unowned(unsafe) let interpreter: Interpreter

    init(_ interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    func run(_ frame: Frame) throws -> Value {
        fatalError("Code.run is overridden by every kind of code")
    }
}

extension Interpreter {
    /// Evaluates `node` in `frame`, compiling it the first time.
    @inline(__always) func eval(_ node: Node, _ frame: Frame) throws -> Value {
        try compiled(node).run(frame)
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
        case .nilLiteral: return ConstantCode(self, .null)
        case .trueLiteral: return ConstantCode(self, .true)
        case .falseLiteral: return ConstantCode(self, .false)
        case .integer(let value): return ConstantCode(self, .integer(value))
        case .float(let value): return ConstantCode(self, .float(value))
        case .symbol(let name): return ConstantCode(self, .symbol(name))
        case .selfReference: return SelfCode(self)
        case .string(let text): return StringCode(self, text)
        case .interpolatedString(let parts):
            return InterpolationCode(self, parts.map { part in
                if case .string(let text) = part.kind { return .text(text) }
                return .code(compiled(part))
            })
        case .array(let elements) where elements.allSatisfy(\.isPlainArgument):
            return ArrayCode(self, elements.map(compiled))
        case .localVariable(let name):
            return LocalCode(self, name)
        case .instanceVariable(let name):
            return InstanceVariableCode(self, name)
        case .assign(.local(let name), let valueNode):
            return AssignLocalCode(self, name, compiled(valueNode))
        case .operatorAssign(.local(let name), let op, let valueNode):
            return OperatorAssignLocalCode(self, name, op, compiled(valueNode), line: node.line)
        case .call(let call) where call.arguments.blockArgument == nil && call.arguments.positional.allSatisfy(\.isPlainArgument):
            return CallCode(self, call, line: node.line, receiver: call.receiver.map(compiled),
                            arguments: call.arguments.positional.map(compiled))
        case .and(let left, let right):
            return AndCode(self, compiled(left), compiled(right))
        case .or(let left, let right):
            return OrCode(self, compiled(left), compiled(right))
        case .conditional(let condition, let thenBranch, let elseBranch):
            return ConditionalCode(self, compiled(condition), thenBranch.map(compiled), elseBranch.map(compiled))
        case .whileLoop(let condition, let body, let isUntil, let bodyFirst):
            return WhileCode(self, compiled(condition), compiled(body), isUntil: isUntil, bodyFirst: bodyFirst)
        case .sequence(let statements):
            return SequenceCode(self, statements.map(compiled))
        case .returnStatement(let valueNode):
            return ReturnCode(self, valueNode.map(compiled))
        case .nextStatement(let valueNode):
            return NextCode(self, valueNode.map(compiled))
        default:
            return TreeCode(self, node)
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

    init(_ interpreter: Interpreter, _ node: Node) {
        self.node = node
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value { try interpreter.evalNode(node, frame) }
}

final class ConstantCode: Code {
    let value: Value

    init(_ interpreter: Interpreter, _ value: Value) {
        self.value = value
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value { value }
}

final class SelfCode: Code {
    override func run(_ frame: Frame) throws -> Value { frame.selfValue }
}

final class StringCode: Code {
    let text: String

    init(_ interpreter: Interpreter, _ text: String) {
        self.text = text
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value { interpreter.makeString(text) }
}

final class InterpolationCode: Code {
    enum Piece {
        case text(String)
        case code(Code)
    }

    let pieces: [Piece]

    init(_ interpreter: Interpreter, _ pieces: [Piece]) {
        self.pieces = pieces
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text): result += text
            case .code(let code): result += try interpreter.stringForInterpolation(try code.run(frame))
            }
        }
        return interpreter.makeString(result)
    }
}

final class ArrayCode: Code {
    let items: [Code]

    init(_ interpreter: Interpreter, _ items: [Code]) {
        self.items = items
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try item.run(frame)) }
        return interpreter.makeArray(values)
    }
}

final class LocalCode: Code {
    let name: String

    init(_ interpreter: Interpreter, _ name: String) {
        self.name = name
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value { frame.scope.lookup(name) ?? .null }
}

final class InstanceVariableCode: Code {
    let name: String

    init(_ interpreter: Interpreter, _ name: String) {
        self.name = name
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value { interpreter.instanceVariable(of: frame.selfValue, name) }
}

final class AssignLocalCode: Code {
    let name: String
    let value: Code

    init(_ interpreter: Interpreter, _ name: String, _ value: Code) {
        self.name = name
        self.value = value
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        let result = try value.run(frame)
        frame.scope.assign(name, result)
        return result
    }
}

/// `name op= value` on a local: numbers without a lookup, `||=` and `&&=` short-circuit.
final class OperatorAssignLocalCode: Code {
    let name: String
    let op: String
    let code: NumericOperator?
    let value: Code
    let line: Int

    init(_ interpreter: Interpreter, _ name: String, _ op: String, _ value: Code, line: Int) {
        self.name = name
        self.op = op
        code = NumericOperator(rawValue: op)
        self.value = value
        self.line = line
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        let current = frame.scope.lookup(name) ?? .null
        let result: Value
        switch op {
        case "||":
            if current.isTruthy { return current }
            result = try value.run(frame)
        case "&&":
            if !current.isTruthy { return current }
            result = try value.run(frame)
        default:
            let operand = try value.run(frame)
            interpreter.setLine(line)
            if let code, let fast = try interpreter.numericFastPath(current, code, operand) {
                result = fast
            } else {
                result = try interpreter.callMethod(current, op, Args([operand]))
            }
        }
        frame.scope.assign(name, result)
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

    init(_ interpreter: Interpreter, _ call: Call, line: Int, receiver: Code?, arguments: [Code]) {
        self.call = call
        self.line = line
        self.receiver = receiver
        if case .selfReference? = call.receiver?.kind { selfReceiver = true } else { selfReceiver = false }
        self.arguments = arguments
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        let target: Value
        var functionCall = false
        if let receiver {
            target = try receiver.run(frame)
            if call.safeNavigation && target.isNil { return .null }
            functionCall = selfReceiver
            if arguments.count == 1, call.block == nil {
                switch target {
                case .integer, .float:
                    let operand = try arguments[0].run(frame)
                    interpreter.setLine(line)
                    if let code = call.numericOperator, let result = try interpreter.numericFastPath(target, code, operand) { return result }
                    return try interpreter.callMethod(target, call.name, Args([operand]), functionCall: false, frame: frame)
                default:
                    break
                }
            }
        } else {
            target = frame.selfValue
            functionCall = true
        }
        var values: [Value] = []
        if !arguments.isEmpty {
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try argument.run(frame)) }
        }
        var args = Args(values)
        var block: RProc?
        if let literal = call.block {
            let proc = interpreter.makeProc(literal, frame, isLambda: false)
            block = proc
            args.block = proc
        }
        interpreter.setLine(line)
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
            return try interpreter.dispatch(method, target, call.name, args, functionCall: functionCall, variableLike: call.isVariableLike,
                                            fallback: call.receiver == nil ? frame.fallbackSelf : nil)
        } catch ControlFlow.breakOut(let tag, let value) where block != nil && tag == block!.breakTag {
            return value
        }
    }
}

final class AndCode: Code {
    let left: Code
    let right: Code

    init(_ interpreter: Interpreter, _ left: Code, _ right: Code) {
        self.left = left
        self.right = right
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        let value = try left.run(frame)
        return value.isTruthy ? try right.run(frame) : value
    }
}

final class OrCode: Code {
    let left: Code
    let right: Code

    init(_ interpreter: Interpreter, _ left: Code, _ right: Code) {
        self.left = left
        self.right = right
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        let value = try left.run(frame)
        return value.isTruthy ? value : try right.run(frame)
    }
}

final class ConditionalCode: Code {
    let condition: Code
    let yes: Code?
    let no: Code?

    init(_ interpreter: Interpreter, _ condition: Code, _ yes: Code?, _ no: Code?) {
        self.condition = condition
        self.yes = yes
        self.no = no
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        if try condition.run(frame).isTruthy { return try yes?.run(frame) ?? .null }
        return try no?.run(frame) ?? .null
    }
}

/// `while`/`until` (and their `begin ... end while` form): `break` leaves with its value,
/// `next` goes on with the test.
final class WhileCode: Code {
    let condition: Code
    let body: Code
    let isUntil: Bool
    let bodyFirst: Bool

    init(_ interpreter: Interpreter, _ condition: Code, _ body: Code, isUntil: Bool, bodyFirst: Bool) {
        self.condition = condition
        self.body = body
        self.isUntil = isUntil
        self.bodyFirst = bodyFirst
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        let tag = interpreter.makeTag()
        interpreter.loopTags.append((ObjectIdentifier(frame), tag))
        defer { interpreter.loopTags.removeLast() }
        var first = bodyFirst
        while true {
            if try !first && condition.run(frame).isTruthy == isUntil { break }
            first = false
            do {
                _ = try body.run(frame)
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

    init(_ interpreter: Interpreter, _ steps: [Code]) {
        self.steps = steps
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        var result = Value.null
        for step in steps { result = try step.run(frame) }
        return result
    }
}

final class ReturnCode: Code {
    let value: Code?

    init(_ interpreter: Interpreter, _ value: Code?) {
        self.value = value
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        throw ControlFlow.returnFrom(tag: frame.returnTag, value: try value?.run(frame) ?? .null)
    }
}

final class NextCode: Code {
    let value: Code?

    init(_ interpreter: Interpreter, _ value: Code?) {
        self.value = value
        super.init(interpreter)
    }

    override func run(_ frame: Frame) throws -> Value {
        throw ControlFlow.next(try value?.run(frame) ?? .null)
    }
}
