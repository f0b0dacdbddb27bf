/// The binary operators of Integer and Float that calls take without a method lookup.
public enum NumericOperator: String {
    case plus = "+", minus = "-", times = "*", divide = "/", modulo = "%"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!=", compare = "<=>"
    case and = "&", or = "|", xor = "^"
}

/// A node of the syntax tree: what it is, and where it came from.
public final class Node {
    public let kind: Kind
    public let location: SourceLocation
    /// What running this node does, compiled the first time it runs (`Compiler.swift`).
    var compiled: Code?
    /// For the body of a scope (method, block, class body, program): its local variables.
    public internal(set) var localTable: LocalTable?

    public init(_ kind: Kind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public var line: Int { location.line }

    public indirect enum Kind {
        case nilLiteral, trueLiteral, falseLiteral, selfReference
        case integer(Int)
        case float(Double)
        case string(String)
        /// A string with `#{}` parts: each part's value is converted with `to_s` and joined.
        case interpolatedString([Node])
        case xstring([Node])
        case symbol(String)
        case interpolatedSymbol([Node])
        case regexp(RegexpLiteral)
        case array([Node])
        case hash([HashEntry])
        /// The brace-less hash at the end of an argument list: keyword arguments.
        case keywordHash([HashEntry])
        case range(from: Node?, to: Node?, exclusive: Bool)

        case localVariable(String)
        case instanceVariable(String)
        case classVariable(String)
        case globalVariable(String)
        case constant(scope: Node?, name: String, topLevel: Bool)

        case assign(Target, Node)
        /// `a += 1`, `a ||= 1`, `a &&= 1`: `op` is the operator without `=`.
        case operatorAssign(Target, op: String, Node)
        case multipleAssign([Target], Node)

        case call(Call)
        /// `super(args)`; `arguments` is nil for a bare `super`, which passes the method's own.
        case superCall(arguments: Arguments?, block: BlockLiteral?)
        case yield(Arguments)
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
        case defined(Node)
        /// `/(?<name>..)/ =~ text` with a literal regexp: the named groups become locals.
        case matchAssigningNames(Node, names: [String])

        case conditional(condition: Node, then: Node?, else: Node?)
        case whileLoop(condition: Node, body: Node, isUntil: Bool, bodyFirst: Bool)
        case forLoop(variables: [Target], iterable: Node, body: Node)
        case caseWhen(subject: Node?, clauses: [WhenClause], else: Node?)
        case begin(BeginBlock)
        case sequence([Node])

        case methodDefinition(MethodDefinition)
        case classDefinition(path: Node, superclass: Node?, body: Node)
        case moduleDefinition(path: Node, body: Node)
        case singletonClass(target: Node, body: Node)
        case alias(String, String)
        case undef([String])

        case returnStatement(Node?)
        case breakStatement(Node?)
        case nextStatement(Node?)
        case redo
        case retry
        case lambda(BlockLiteral)

        /// `*x` in an argument list, array literal, `when` or right-hand side.
        case splat(Node)
        /// `**x` in an argument list or hash literal.
        case doubleSplat(Node)
        /// `&x` in an argument list; `&` alone forwards the current block.
        case blockPass(Node?)
    }
}

public enum HashEntry {
    case pair(Node, Node)
    case doubleSplat(Node)
}

/// Something that can be assigned to.
public indirect enum Target {
    case local(String)
    case instanceVariable(String)
    case classVariable(String)
    case globalVariable(String)
    case constant(scope: Node?, name: String, topLevel: Bool)
    case index(receiver: Node, arguments: [Node])
    case attribute(receiver: Node, name: String, safeNavigation: Bool)
    /// `*rest` in a multiple assignment; the name is absent for a bare `*`.
    case splat(Target?)
    /// `(a, b)` nested in a multiple assignment or block parameters.
    case nested([Target])
}

public struct Arguments {
    public var positional: [Node]
    public var blockArgument: Node?

    public init(positional: [Node] = [], blockArgument: Node? = nil) {
        self.positional = positional
        self.blockArgument = blockArgument
    }

    public var isEmpty: Bool { positional.isEmpty && blockArgument == nil }
}

/// A method call: `receiver.name(arguments) { block }`, or a bare `name`.
public final class Call {
    public let receiver: Node?
    public let name: String
    public let arguments: Arguments
    public let block: BlockLiteral?
    public let safeNavigation: Bool
    /// A bare identifier with no arguments and no parentheses: if no such method exists,
    /// the error is "undefined local variable or method", as Ruby says.
    public let isVariableLike: Bool
    /// The operator, when the name is one numbers answer without a method lookup.
    public private(set) lazy var numericOperator: NumericOperator? = NumericOperator(rawValue: name)
    /// The method this call site found last, for which class, at which method epoch: a
    /// call that meets the same class again skips the lookup.
    var cachedClass: RModule?
    var cachedEpoch = -1
    var cachedMethod: RMethod?

    public init(receiver: Node?, name: String, arguments: Arguments = Arguments(), block: BlockLiteral? = nil,
                safeNavigation: Bool = false, isVariableLike: Bool = false) {
        self.receiver = receiver
        self.name = name
        self.arguments = arguments
        self.block = block
        self.safeNavigation = safeNavigation
        self.isVariableLike = isVariableLike
    }
}

public final class RegexpLiteral {
    public let parts: [Node]
    public let options: String
    /// A regexp without interpolation is compiled once; the interpreter keeps it here.
    public var compiled: AnyObject?

    public init(parts: [Node], options: String) {
        self.parts = parts
        self.options = options
    }
}

/// Parameters of a method, block or lambda.
public final class Parameters {
    public var required: [Target] = []
    public var optional: [(name: String, defaultValue: Node)] = []
    /// `*rest`: nil when absent, "" when anonymous.
    public var rest: String?
    /// Required parameters after the rest parameter.
    public var post: [Target] = []
    /// Keyword parameters; a nil default marks a required keyword.
    public var keywords: [(name: String, defaultValue: Node?)] = []
    public var keywordRest: String?
    public var block: String?
    /// `|a, |`: a block with one parameter and a trailing comma splats its argument.
    public var hasTrailingComma = false
    /// Block-local variables: `|a; b, c|`.
    public var blockLocals: [String] = []

    public init() {}

    public var acceptsKeywords: Bool { !keywords.isEmpty || keywordRest != nil }

    /// The names, when every parameter is a plain required one (`def f(a, b)`): such a
    /// method binds its arguments one to one, without the general matching.
    public private(set) lazy var plainNames: [String]? = {
        guard optional.isEmpty, rest == nil, post.isEmpty, keywords.isEmpty, keywordRest == nil, block == nil, blockLocals.isEmpty
        else { return nil }
        var names: [String] = []
        for target in required {
            guard case .local(let name) = target else { return nil }
            names.append(name)
        }
        return names
    }()

    public var requiredCount: Int { required.count + post.count }

    /// The table of the body whose first variables are these plain parameters, in order
    /// (found on the first call): then arguments go straight to the first slots.
    /// Unowned: both belong to the same definition; only compared, never followed.
    unowned(unsafe) var leadTable: LocalTable?

    /// Ruby's arity: from the fewest and most arguments accepted (keywords count as one
    /// argument), a lambda or method is exact only when they agree, a proc unless the most
    /// is unlimited; otherwise it is -(fewest + 1).
    public func arity(isLambda: Bool) -> Int {
        let hasKeywords = !keywords.isEmpty || keywordRest != nil
        let fewest = requiredCount + (keywords.contains { $0.defaultValue == nil } ? 1 : 0)
        let most: Int? = rest != nil ? nil : requiredCount + optional.count + (hasKeywords ? 1 : 0)
        let exact = isLambda ? most == fewest : most != nil
        return exact ? fewest : -fewest - 1
    }

    public var isEmpty: Bool {
        required.isEmpty && optional.isEmpty && rest == nil && post.isEmpty && keywords.isEmpty
            && keywordRest == nil && block == nil
    }
}

public final class BlockLiteral {
    public let parameters: Parameters
    public let body: Node
    public let isLambda: Bool
    public let location: SourceLocation
    /// The context of this block's frames when run in `contextOutside` with the outside's
    /// definition target: the same on every call.
    private var cachedContext: FrameContext?
    private var contextOutside: FrameContext?

    /// The context of this block's frames when the code around it runs in `outside`: its
    /// label is `block in` the outer one's (a method made with `define_method` shows in
    /// backtraces as the block it is), its definition target the outer one's unless given
    /// (`class_eval`).
    func context(in outside: FrameContext, definitionTarget: RModule?) -> FrameContext {
        if definitionTarget == nil, contextOutside === outside, let cachedContext { return cachedContext }
        let label = Self.label(nestedIn: outside.label)
        let context = FrameContext(definitionTarget: definitionTarget ?? outside.definitionTarget, lexicalModules: outside.lexicalModules,
                                   file: outside.file, label: label)
        if definitionTarget == nil {
            cachedContext = context
            contextOutside = outside
        }
        return context
    }
    /// A block's name in backtraces, as Ruby counts lexical nesting: `block in m`, then
    /// `block (2 levels) in m`, `block (3 levels) in m` (rspec's failure lines quote them).
    static func label(nestedIn outside: String) -> String {
        if outside.hasPrefix("block in ") { return "block (2 levels) in " + outside.dropFirst("block in ".count) }
        if outside.hasPrefix("block ("), let close = outside.range(of: " levels) in "),
           let levels = Int(outside[outside.index(outside.startIndex, offsetBy: 7)..<close.lowerBound]) {
            return "block (\(levels + 1) levels) in " + outside[close.upperBound...]
        }
        return "block in " + outside
    }

    /// The block mentions `_1`, `it` style numbered parameters: not supported, kept for errors.
    public init(parameters: Parameters, body: Node, isLambda: Bool, location: SourceLocation) {
        self.parameters = parameters
        self.body = body
        self.isLambda = isLambda
        self.location = location
    }
}

public final class MethodDefinition {
    public let name: String
    public let parameters: Parameters
    public let body: Node
    /// `def self.name` or `def obj.name`: the object that gets the singleton method.
    public let singleton: Node?
    public let location: SourceLocation

    public init(name: String, parameters: Parameters, body: Node, singleton: Node?, location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.singleton = singleton
        self.location = location
    }
}

public struct WhenClause {
    public var conditions: [Node]
    public var body: Node
}

public struct RescueClause {
    public var exceptionClasses: [Node]
    public var variable: Target?
    public var body: Node
}

public final class BeginBlock {
    public let body: Node
    public let rescues: [RescueClause]
    public let elseBody: Node?
    public let ensureBody: Node?

    public init(body: Node, rescues: [RescueClause], elseBody: Node?, ensureBody: Node?) {
        self.body = body
        self.rescues = rescues
        self.elseBody = elseBody
        self.ensureBody = ensureBody
    }
}
