/// The local variables visible at a point of the source, as the parser declares them.
///
/// Ruby decides at parse time whether `foo` is a variable or a method call, and the lexer
/// needs the answer too (`x /2` divides when `x` is a variable). Interpolated code shares
/// the enclosing parser's scopes.
final class LocalScopes {
    /// `numbered` is the highest `_1`..`_9` a block without `|parameters|` has used; nil for
    /// scopes that cannot have numbered parameters. `names` is the table's names as a set,
    /// for the lexer's frequent questions.
    private var scopes: [(names: Set<String>, table: LocalTable, inherits: Bool, numbered: Int?)] = [([], LocalTable(), false, nil)]

    /// Opens a scope; the parser hangs its table on the body it parses.
    @discardableResult
    func push(inheriting: Bool) -> LocalTable {
        let table = LocalTable()
        scopes.append(([], table, inheriting, nil))
        return table
    }

    /// A block scope whose parameters are not written out: `_1`.. `_9` become its parameters.
    func pushBlockAllowingNumberedParameters() -> LocalTable {
        let table = LocalTable()
        scopes.append(([], table, true, 0))
        return table
    }

    /// Declares `_1`... `_number` in the innermost block, if it takes numbered parameters.
    func useNumberedParameter(_ number: Int) -> Bool {
        guard let used = scopes[scopes.count - 1].numbered else { return false }
        scopes[scopes.count - 1].numbered = max(used, number)
        for n in 1...number { declare("_\(n)") }
        return true
    }

    /// The highest numbered parameter the innermost block used (0 when none).
    var numberedParameterCount: Int { scopes[scopes.count - 1].numbered ?? 0 }

    /// The innermost scope's table.
    var innermostTable: LocalTable { scopes[scopes.count - 1].table }

    func pop() { scopes.removeLast() }

    func declare(_ name: String) {
        if scopes[scopes.count - 1].names.insert(name).inserted {
            scopes[scopes.count - 1].table.add(name)
        }
    }

    func isDeclared(_ name: String) -> Bool {
        for scope in scopes.reversed() {
            if scope.names.contains(name) { return true }
            if !scope.inherits { return false }
        }
        return false
    }
}

/// A recursive-descent parser for the Ruby subset of recipes, with Ruby's precedences and
/// its rules for command calls (`puts foo 1`) and block binding (`do` binds to the outermost
/// command call, braces to the nearest call).
public final class Parser {
    static let maximumDepth = 2_000

    let lexer: Lexer
    let path: String
    let scopes: LocalScopes
    /// The token under the cursor, lexed only when first looked at: the lexer's reading of
    /// the next token depends on what the parser has declared by then (local variables).
    private var currentToken = Token(kind: .eof, location: SourceLocation(file: "", line: 0, column: 0), spaceBefore: false)
    private var currentIsLexed = false
    /// Tokens after `current` that `peekToken` has already lexed.
    private var peeked: [Token] = []
    /// While parsing the arguments of a command call or a loop condition, `do` belongs to
    /// the outer construct.
    private var doReserved = false
    private var depth = 0
    /// True only while the next `parseStatements` call is the program's own body, where a
    /// stray `end` or closing bracket means "expecting end-of-input".
    private var atProgramLevel = false
    var inMethodBodyFlag = false

    /// `knownLocals`: variables already defined where the code runs (`eval` in a binding),
    /// which its bare names mean rather than method calls.
    /// The program's own variables are in its node's `localTable`; the known ones are not
    /// (they live where the code runs).
    public static func parse(_ source: SourceFile, knownLocals: [String] = []) throws -> Node {
        try validateEncoding(source)
        let scopes = LocalScopes()
        if !knownLocals.isEmpty {
            for name in knownLocals { scopes.declare(name) }
            scopes.push(inheriting: true)
        }
        let table = scopes.innermostTable
        let parser = Parser(source: source, line: 1, column: 1, scopes: scopes)
        let program = try parser.parseProgram()
        program.localTable = table
        return program
    }

    init(source: SourceFile, line: Int, column: Int, scopes: LocalScopes) {
        self.path = source.path
        self.scopes = scopes
        self.lexer = Lexer(source: source, line: line, column: column)
        self.lexer.isLocalVariable = { [unowned scopes] name in scopes.isDeclared(name) }
    }

    /// Ruby refuses source that is not valid UTF-8; so does sous, naming the place.
    static func validateEncoding(_ source: SourceFile) throws {
        let bytes = source.bytes
        var index = 0
        var line = 1
        var lineStart = 0
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            if b < 0x80 { index += 1; continue }
            var length = 0
            if b & 0xE0 == 0xC0 && b >= 0xC2 { length = 2 }
            else if b & 0xF0 == 0xE0 { length = 3 }
            else if b & 0xF8 == 0xF0 && b <= 0xF4 { length = 4 }
            var valid = length > 0 && index + length <= bytes.count
            if valid {
                for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { valid = false }
            }
            if valid {
                // Reject overlong forms and surrogates, as Ruby does.
                let scalar = Array(bytes[index..<(index + length)])
                valid = String(validatingCString: scalar.map { CChar(bitPattern: $0) } + [0]) != nil
            }
            guard valid else {
                let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).unicodeScalars.count + 1
                throw Diagnostic(.error, "invalid multibyte char (UTF-8)",
                                 at: SourceLocation(file: source.path, line: line, column: column))
            }
            index += length
        }
    }

    // MARK: - Tokens

    /// Read in place (not copied): the parser looks at the current token many times.
    var current: Token {
        _read {
            if !currentIsLexed {
                currentToken = nextToken()
                currentIsLexed = true
            }
            yield currentToken
        }
    }

    func peekToken(_ offset: Int) -> Token {
        if offset == 0 { return current }
        _ = current
        while peeked.count < offset { peeked.append(nextToken()) }
        return peeked[offset - 1]
    }

    private var pendingError: Diagnostic?

    private func nextToken() -> Token {
        do {
            return try lexer.next()
        } catch let diagnostic as Diagnostic {
            pendingError = diagnostic
            return Token(kind: .eof, location: diagnostic.location, spaceBefore: false)
        } catch {
            pendingError = Diagnostic(.error, "\(error)", at: lexer.location(at: lexer.pos))
            return Token(kind: .eof, location: lexer.location(at: lexer.pos), spaceBefore: false)
        }
    }

    @discardableResult
    func advance() throws -> Token {
        let token = current
        if let error = pendingError, case .eof = token.kind { throw error }
        if peeked.isEmpty {
            currentIsLexed = false
        } else {
            currentToken = peeked.removeFirst()
        }
        return token
    }

    /// Surfaces a lexer error as soon as the parser looks at the token it stands for.
    func checkLexerError() throws {
        if case .eof = current.kind, let error = pendingError { throw error }
    }

    func isOp(_ text: String) -> Bool { current.isOp(text) }

    func isKeyword(_ keyword: Keyword) -> Bool { current.isKeyword(keyword) }

    var isNewline: Bool { if case .newline = current.kind { return true } else { return false } }

    var isEOF: Bool { if case .eof = current.kind { return true } else { return false } }

    func skipNewlines() throws {
        while isNewline { try advance() }
    }

    func skipTerminators() throws {
        while isNewline || isOp(";") { try advance() }
    }

    func unexpected(expecting: String? = nil, opened: (String, SourceLocation)? = nil) throws -> Diagnostic {
        try checkLexerError()
        var message = ParserMessage.unexpected(current.displayName, expecting: expecting)
        if let opened, opened.1.line != current.location.line {
            // Name the construct left open and its line in the message itself: the caret is
            // far from it, often at the end of the file.
            message += ParserMessage.unclosed(opened.0, line: opened.1.line)
        }
        var diagnostic = Diagnostic(.error, message, at: current.location)
        if let opened { diagnostic.notes.append(opened) }
        return diagnostic
    }

    func expectOp(_ text: String, opened: (String, SourceLocation)? = nil) throws {
        guard isOp(text) else { throw try unexpected(expecting: "'\(text)'", opened: opened) }
        try advance()
    }

    func expectKeyword(_ keyword: Keyword, opened: (String, SourceLocation)? = nil) throws {
        guard isKeyword(keyword) else { throw try unexpected(expecting: "'\(keyword.rawValue)'", opened: opened) }
        try advance()
    }

    /// Interpolated code sees the enclosing method context (for constant assignment rules).
    func inheritContext(from parent: Parser) {
        inMethodBodyFlag = parent.inMethodBodyFlag
        depth = parent.depth
    }

    private func enter() throws {
        depth += 1
        if depth > Parser.maximumDepth {
            throw Diagnostic(.error, ParserMessage.nestingTooDeep(Parser.maximumDepth), at: current.location)
        }
    }

    private func leave() { depth -= 1 }

    func withDoReservedValue<T>(_ reserved: Bool, _ body: () throws -> T) rethrows -> T {
        let saved = doReserved
        doReserved = reserved
        defer { doReserved = saved }
        return try body()
    }

    // MARK: - Statements

    func parseProgram() throws -> Node {
        let start = current.location
        atProgramLevel = true
        let body = try parseStatements { _ in false }
        guard isEOF else { throw try unexpected(expecting: "end-of-input") }
        try checkLexerError()
        return body.kind.isEmptySequence ? Node(.nilLiteral, start) : body
    }

    /// Statements up to a token `isTerminator` accepts (or the end of input).
    func parseStatements(_ isTerminator: (Token) -> Bool) throws -> Node {
        let start = current.location
        let isTopLevel = atProgramLevel
        atProgramLevel = false
        var statements: [Node] = []
        while true {
            try skipTerminators()
            try checkLexerError()
            if isEOF || isTerminator(current) { break }
            if isTopLevel && (isKeyword(.end) || isOp("}") || isOp(")") || isOp("]")) {
                throw try unexpected(expecting: "end-of-input")
            }
            statements.append(try parseStatement())
            if isNewline || isOp(";") || isEOF || isTerminator(current) { continue }
            throw try unexpected(expecting: isEOF ? nil : "end-of-input")
        }
        if statements.count == 1 { return statements[0] }
        return Node(.sequence(statements), statements.first?.location ?? start)
    }

    func parseStatement() throws -> Node {
        try enter()
        defer { leave() }
        var node = try parseExpressionStatement(allowMultipleAssign: true)
        while case .keyword(let keyword) = current.kind {
            let location = current.location
            switch keyword {
            case .if:
                try advance()
                let condition = try parseExpressionStatement()
                node = Node(.conditional(condition: condition, then: node, else: nil), location)
            case .unless:
                try advance()
                let condition = try parseExpressionStatement()
                node = Node(.conditional(condition: condition, then: nil, else: node), location)
            case .while, .until:
                try advance()
                let condition = try parseExpressionStatement()
                var bodyFirst = false
                if case .begin = node.kind { bodyFirst = true }
                node = Node(.whileLoop(condition: condition, body: node, isUntil: keyword == .until, bodyFirst: bodyFirst),
                            location)
            case .rescue:
                try advance()
                let fallback = try parseExpressionStatement()
                node = Node(.begin(BeginBlock(body: node, rescues: [RescueClause(exceptionClasses: [], variable: nil, body: fallback)],
                                              elseBody: nil, ensureBody: nil)), location)
            default:
                return node
            }
        }
        return node
    }

    /// An expression joined by `and`, `or`, `not`.
    func parseExpressionStatement(allowMultipleAssign: Bool = false) throws -> Node {
        var left = try parseNotExpression(allowMultipleAssign: allowMultipleAssign)
        while true {
            if isKeyword(.and) {
                let location = current.location
                try advance()
                try skipNewlines()
                left = Node(.and(left, try parseNotExpression()), location)
            } else if isKeyword(.or) {
                let location = current.location
                try advance()
                try skipNewlines()
                left = Node(.or(left, try parseNotExpression()), location)
            } else {
                return left
            }
        }
    }

    private func parseNotExpression(allowMultipleAssign: Bool = false) throws -> Node {
        if isKeyword(.not) {
            let location = current.location
            try advance()
            return Node(.not(try parseNotExpression()), location)
        }
        return try parseExpression(allowMultipleAssign: allowMultipleAssign)
    }

    // MARK: - Expressions

    static let operatorAssignments: [String: String] = [
        "+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%", "**=": "**", "<<=": "<<", ">>=": ">>",
        "|=": "|", "&=": "&", "^=": "^", "||=": "||", "&&=": "&&",
    ]

    /// An expression, with assignments (which are right-associative).
    func parseExpression(allowMultipleAssign: Bool = false) throws -> Node {
        try enter()
        defer { leave() }
        let start = current.location
        if allowMultipleAssign && (isOp("*") || (isOp("(") && startsNestedTarget())) {
            return try parseMultipleAssignment(first: nil, start: start)
        }
        let left = try parseTernary()
        if case .op(let op) = current.kind {
            if op == "=" {
                let target = try assignmentTarget(left)
                if allowMultipleAssign, isOp(",") { return try parseMultipleAssignment(first: target, start: start) }
                try advance()
                try skipNewlines()
                let value = try parseAssignedValue(allowList: allowMultipleAssign)
                return Node(.assign(target, value), left.location)
            }
            if let binary = Parser.operatorAssignments[op] {
                let target = try assignmentTarget(left)
                try advance()
                try skipNewlines()
                let value = try parseAssignedValue(allowList: false)
                return Node(.operatorAssign(target, op: binary, value), left.location)
            }
            if op == ",", allowMultipleAssign, isAssignable(left) {
                // `a, b = 1, 2`: only when an `=` follows the list of targets.
                return try parseMultipleAssignment(first: try assignmentTarget(left), start: start)
            }
        }
        return left
    }

    private func startsNestedTarget() -> Bool {
        // `(a, b), c = ...` at the start of a statement.
        var offset = 1
        var depth = 1
        while depth > 0 {
            let token = peekToken(offset)
            switch token.kind {
            case .op("("): depth += 1
            case .op(")"): depth -= 1
            case .eof, .newline: return false
            default: break
            }
            offset += 1
        }
        return peekToken(offset).isOp(",") || peekToken(offset).isOp("=")
    }

    private func parseAssignedValue(allowList: Bool) throws -> Node {
        let start = current.location
        var value: Node
        if isOp("*") {
            try advance()
            value = Node(.array([Node(.splat(try parseTernary()), start)]), start)
        } else {
            value = try parseExpression()
        }
        if allowList && isOp(",") {
            var items = [value]
            if case .array(let elements) = value.kind, elements.count == 1, case .splat = elements[0].kind { items = elements }
            while isOp(",") {
                try advance()
                try skipNewlines()
                if isOp("*") {
                    let location = current.location
                    try advance()
                    items.append(Node(.splat(try parseTernary()), location))
                } else {
                    items.append(try parseTernary())
                }
            }
            value = Node(.array(items), start)
        }
        if isKeyword(.rescue) {
            let location = current.location
            try advance()
            let fallback = try parseTernary()
            value = Node(.begin(BeginBlock(body: value, rescues: [RescueClause(exceptionClasses: [], variable: nil, body: fallback)],
                                           elseBody: nil, ensureBody: nil)), location)
        }
        return value
    }

    private func parseMultipleAssignment(first: Target?, start: SourceLocation) throws -> Node {
        var targets: [Target] = []
        if let first {
            targets.append(first)
            guard isOp(",") else { throw try unexpected(expecting: "','") }
            try advance()
        }
        while !isOp("=") {
            targets.append(try parseMultipleAssignmentTarget())
            if isOp(",") {
                try advance()
                continue
            }
            break
        }
        try expectOp("=")
        try skipNewlines()
        let value = try parseAssignedValue(allowList: true)
        return Node(.multipleAssign(targets, value), start)
    }

    private func parseMultipleAssignmentTarget() throws -> Target {
        if isOp("*") {
            try advance()
            if isOp(",") || isOp("=") || isOp(")") || isOp("|") { return .splat(nil) }
            return .splat(try assignmentTarget(try parsePrimaryWithPostfix()))
        }
        if isOp("(") {
            try advance()
            var nested: [Target] = []
            while !isOp(")") {
                nested.append(try parseMultipleAssignmentTarget())
                if isOp(",") { try advance() } else { break }
            }
            try expectOp(")")
            return .nested(nested)
        }
        return try assignmentTarget(try parsePrimaryWithPostfix())
    }

    private func isAssignable(_ node: Node) -> Bool {
        switch node.kind {
        case .localVariable, .instanceVariable, .classVariable, .globalVariable, .constant: return true
        case .call(let call):
            if call.block != nil { return false }
            if call.receiver == nil { return call.isVariableLike }
            return call.name == "[]" || (call.arguments.isEmpty && call.name.first.map { $0.isLetter || $0 == "_" } == true)
        default: return false
        }
    }

    /// Turns a parsed expression into something assignable, declaring new local variables.
    func assignmentTarget(_ node: Node) throws -> Target {
        switch node.kind {
        case .localVariable(let name):
            return .local(name)
        case .instanceVariable(let name):
            return .instanceVariable(name)
        case .classVariable(let name):
            return .classVariable(name)
        case .globalVariable(let name):
            return .globalVariable(name)
        case .constant(let scope, let name, let topLevel):
            if inMethodBodyFlag { throw Diagnostic(.error, ParserMessage.dynamicConstantAssignment(), at: node.location) }
            return .constant(scope: scope, name: name, topLevel: topLevel)
        case .call(let call) where call.block == nil:
            if call.receiver == nil && call.isVariableLike {
                scopes.declare(call.name)
                return .local(call.name)
            }
            if let receiver = call.receiver {
                if call.name == "[]" { return .index(receiver: receiver, arguments: call.arguments.positional) }
                if call.arguments.isEmpty { return .attribute(receiver: receiver, name: call.name, safeNavigation: call.safeNavigation) }
            }
        case .selfReference:
            throw Diagnostic(.error, ParserMessage.invalidAssignmentTarget("self"), at: node.location)
        case .nilLiteral:
            throw Diagnostic(.error, ParserMessage.invalidAssignmentTarget("nil"), at: node.location)
        default:
            break
        }
        throw try unexpected()
    }

    func parseTernary() throws -> Node {
        let condition = try parseRange()
        guard isOp("?") else { return condition }
        try advance()
        try skipNewlines()
        let whenTrue = try parseTernary()
        try skipNewlines()
        if case .label(let name) = current.kind {
            // `a ? b : c` where the lexer read `b:` as a label cannot happen after `?`, but
            // `x ? y :z` reads `:z`; both are handled by the lexer's ternary tracking.
            throw try unexpected(expecting: "':'", opened: ("label '\(name)'", current.location))
        }
        try expectOp(":")
        try skipNewlines()
        let whenFalse = try parseTernary()
        return Node(.conditional(condition: condition, then: whenTrue, else: whenFalse), condition.location)
    }

    func parseRange() throws -> Node {
        let left = try parseBinary(0)
        if isOp("..") || isOp("...") {
            let exclusive = isOp("...")
            try advance()
            let right = canStartExpression() ? try parseBinary(0) : nil
            return Node(.range(from: left, to: right, exclusive: exclusive), left.location)
        }
        return left
    }

    /// The binary operators by precedence level, loosest first; all associate to the left.
    static let binaryLevels: [[String]] = [
        ["||"], ["&&"], ["<=>", "==", "===", "!=", "=~", "!~"], ["<", "<=", ">", ">="], ["|", "^"], ["&"],
        ["<<", ">>"], ["+", "-"], ["*", "/", "%"],
    ]

    static let binaryLevelOfOperator: [String: Int] = {
        var table: [String: Int] = [:]
        for (level, operators) in binaryLevels.enumerated() {
            for op in operators { table[op] = level }
        }
        return table
    }()

    /// Binary operators of level `minimum` or tighter, by precedence climbing: one operand,
    /// then each operator whose level is high enough takes the tighter expression on its right
    /// (one lookup per operator rather than a descent through every level per operand).
    func parseBinary(_ minimum: Int) throws -> Node {
        var left = try parseUnaryMinus()
        while case .op(let op) = current.kind, let level = Parser.binaryLevelOfOperator[op], level >= minimum {
            let location = current.location
            try advance()
            try skipNewlines()
            let right = try parseBinary(level + 1)
            switch op {
            case "&&": left = Node(.and(left, right), location)
            case "||": left = Node(.or(left, right), location)
            case "=~":
                let match = Node(.call(Call(receiver: left, name: op, arguments: Arguments(positional: [right]))), location)
                if case .regexp(let literal) = left.kind, literal.parts.count <= 1,
                   literal.parts.allSatisfy({ if case .string = $0.kind { return true } else { return false } }) {
                    let source = literal.parts.first.flatMap { if case .string(let s) = $0.kind { return s } else { return nil } } ?? ""
                    let names = RRegexp.namedGroups(in: source)
                    names.forEach { scopes.declare($0) }
                    left = names.isEmpty ? match : Node(.matchAssigningNames(match, names: names), location)
                } else {
                    left = match
                }
            default: left = Node(.call(Call(receiver: left, name: op, arguments: Arguments(positional: [right]))), location)
            }
        }
        return left
    }

    private func parseUnaryMinus() throws -> Node {
        let location = current.location
        if case .unaryMinusNumber = current.kind {
            try advance()
            let literal: Node
            let negated: Node
            switch current.kind {
            case .integer(let value):
                literal = Node(.integer(value), location)
                negated = Node(.integer(-value), location)
            case .float(let value):
                literal = Node(.float(value), location)
                negated = Node(.float(-value), location)
            default:
                throw try unexpected(expecting: "numeric literal")
            }
            try advance()
            if isOp("**") {
                // Ruby reads `-2 ** 2` as `-(2 ** 2)`.
                try advance()
                let exponent = try parseUnaryMinus()
                let power = Node(.call(Call(receiver: literal, name: "**", arguments: Arguments(positional: [exponent]))), location)
                return Node(.call(Call(receiver: power, name: "-@")), location)
            }
            return try parsePowerTail(try parsePostfix(negated))
        }
        if isOp("-") {
            try advance()
            let operand = try parseUnaryMinus()
            return Node(.call(Call(receiver: operand, name: "-@")), location)
        }
        return try parsePower()
    }

    private func parsePower() throws -> Node {
        try parsePowerTail(try parseUnaryNot())
    }

    private func parsePowerTail(_ base: Node) throws -> Node {
        guard isOp("**") else { return base }
        let location = current.location
        try advance()
        try skipNewlines()
        let exponent = try parseUnaryMinus()
        return Node(.call(Call(receiver: base, name: "**", arguments: Arguments(positional: [exponent]))), location)
    }

    private func parseUnaryNot() throws -> Node {
        let location = current.location
        if isOp("!") {
            try advance()
            return Node(.not(try parseUnaryNot()), location)
        }
        if isOp("~") {
            try advance()
            return Node(.call(Call(receiver: try parseUnaryNot(), name: "~")), location)
        }
        if isOp("+") {
            try advance()
            return Node(.call(Call(receiver: try parseUnaryNot(), name: "+@")), location)
        }
        if isOp("&") || isOp("*") || isOp("**") {
            throw try unexpected()
        }
        return try parsePrimaryWithPostfix()
    }

    func parsePrimaryWithPostfix() throws -> Node {
        try enter()
        defer { leave() }
        return try parsePostfix(try parsePrimary())
    }

    /// Method calls, constant lookups and indexing after a value.
    func parsePostfix(_ start: Node) throws -> Node {
        var node = start
        while true {
            if isOp(".") || isOp("&.") {
                let safe = isOp("&.")
                try advance()
                try skipNewlines()
                let nameToken = current
                let name: String
                switch nameToken.kind {
                case .identifier(let n), .constant(let n): name = n
                case .keyword(let k): name = k.rawValue
                case .op("("):
                    // `callable.(args)` calls `call`.
                    name = "call"
                    node = try parseCallRest(receiver: node, name: name, safeNavigation: safe, location: nameToken.location,
                                             consumedName: true)
                    continue
                case .op(let op) where ["+", "-", "*", "/", "%", "==", "<", ">", "<=", ">=", "<=>", "!", "[]", "<<"].contains(op):
                    name = op
                default:
                    throw try unexpected(expecting: "method name")
                }
                try advance()
                node = try parseCallRest(receiver: node, name: name, safeNavigation: safe, location: nameToken.location)
            } else if isOp("::") {
                let location = current.location
                try advance()
                switch current.kind {
                case .constant(let name):
                    try advance()
                    if isOp("(") && !current.spaceBefore {
                        node = try parseCallRest(receiver: node, name: name, safeNavigation: false, location: location)
                    } else {
                        node = Node(.constant(scope: node, name: name, topLevel: false), location)
                    }
                case .identifier(let name):
                    try advance()
                    node = try parseCallRest(receiver: node, name: name, safeNavigation: false, location: location)
                default:
                    throw try unexpected(expecting: "constant name")
                }
            } else if isOp("[") && (!current.spaceBefore || !isCommandable(node)) {
                let location = current.location
                try advance()
                let arguments = try withDoReservedValue(false) { try parseArgumentList(closing: "]") }
                try expectOp("]")
                node = Node(.call(Call(receiver: node, name: "[]", arguments: arguments)), location)
            } else {
                return node
            }
        }
    }

    private func isCommandable(_ node: Node) -> Bool {
        if case .call(let call) = node.kind { return call.isVariableLike }
        return false
    }

    /// After a method name: parenthesised arguments, command arguments, a block.
    func parseCallRest(receiver: Node?, name: String, safeNavigation: Bool, location: SourceLocation,
                       consumedName: Bool = false) throws -> Node {
        var arguments = Arguments()
        var hasArguments = false
        var location = location
        if isOp("(") && (!current.spaceBefore || consumedName) {
            try advance()
            arguments = try withDoReservedValue(false) { try parseArgumentList(closing: ")") }
            try expectOp(")")
            hasArguments = true
        } else if canStartCommandArgument() {
            arguments = try withDoReservedValue(true) { try parseArgumentList(closing: nil) }
            hasArguments = true
            // Ruby puts a command call (arguments without parentheses) on the line its
            // receiver starts: `expect {` of a multi-line `expect { ... }.to raise_error(X)`
            // is the line backtraces, and so rspec's failure reports, show.
            if let receiver, receiver.location.line < location.line { location = receiver.location }
        }
        let block = try parseBlockIfAny()
        if arguments.blockArgument != nil && block != nil {
            throw Diagnostic(.error, "both block arg and actual block given", at: location)
        }
        let call = Call(receiver: receiver, name: name, arguments: arguments, block: block, safeNavigation: safeNavigation,
                        isVariableLike: receiver == nil && !hasArguments && block == nil)
        return Node(.call(call), location)
    }

    func parseBlockIfAny() throws -> BlockLiteral? {
        if isOp("{") { return try parseBraceBlock() }
        if isKeyword(.do) && !doReserved { return try parseDoBlock() }
        return nil
    }

    /// Whether the current token starts an argument of a call without parentheses.
    func canStartCommandArgument() -> Bool {
        let token = current
        switch token.kind {
        case .string, .xstring:
            // `machine'web-box-1'`: a quote right after a method name starts its argument.
            return true
        case .integer, .float, .symbol, .dsymbol, .regexp, .words, .ivar, .cvar, .gvar, .unaryMinusNumber:
            return token.spaceBefore
        case .identifier, .constant, .label:
            return token.spaceBefore
        case .keyword(let keyword):
            switch keyword {
            case .nil, .true, .false, .self, .not, .definedQ, .super, .yield, .__FILE__, .__LINE__, .case, .begin, .def:
                return token.spaceBefore
            default:
                return false
            }
        case .op(let op):
            switch op {
            case "(", "[":
                return token.spaceBefore
            case "-", "+", "*", "&", "**", "::", ":":
                return token.spaceBefore && !peekToken(1).spaceBefore
            case "!", "~":
                return token.spaceBefore
            case "->":
                return true
            default:
                return false
            }
        default:
            return false
        }
    }

    func canStartExpression() -> Bool {
        switch current.kind {
        case .newline, .eof: return false
        case .keyword(let keyword):
            switch keyword {
            case .end, .then, .do, .and, .or, .if, .unless, .while, .until, .rescue, .ensure, .else, .elsif, .when, .in:
                return false
            default:
                return true
            }
        case .op(let op):
            return ["(", "[", "{", "-", "+", "!", "~", "::", "->", "*", "..", "..."].contains(op)
        default:
            return true
        }
    }

    /// Arguments up to `closing` (or, for a command call, to the end of the list).
    func parseArgumentList(closing: String?) throws -> Arguments {
        var positional: [Node] = []
        var pairs: [HashEntry] = []
        var blockArgument: Node?
        var pairsLocation: SourceLocation?
        if closing != nil { try skipNewlines() }
        if let closing, isOp(closing) { return Arguments() }
        while true {
            if closing != nil { try skipNewlines() }
            let location = current.location
            if isOp("*") {
                try advance()
                positional.append(Node(.splat(try parseArgument()), location))
            } else if isOp("**") {
                try advance()
                pairs.append(.doubleSplat(try parseArgument()))
                pairsLocation = pairsLocation ?? location
            } else if isOp("&") {
                try advance()
                if isOp(")") || isOp(",") {
                    blockArgument = Node(.blockPass(nil), location)
                } else {
                    blockArgument = Node(.blockPass(try parseArgument()), location)
                }
            } else if case .label(let name) = current.kind {
                try advance()
                try skipNewlines()
                let key = Node(.symbol(name), location)
                if isOp(",") || (closing != nil && isOp(closing!)) || (closing == nil && !canStartExpression()) {
                    pairs.append(.pair(key, omittedValue(name, location)))
                } else {
                    pairs.append(.pair(key, try parseArgument()))
                }
                pairsLocation = pairsLocation ?? location
            } else {
                let value = try parseArgument()
                if isOp("=>") {
                    try advance()
                    try skipNewlines()
                    pairs.append(.pair(value, try parseArgument()))
                    pairsLocation = pairsLocation ?? location
                } else {
                    positional.append(value)
                }
            }
            if closing != nil { try skipNewlines() }
            if isOp(",") {
                try advance()
                if let closing {
                    try skipNewlines()
                    if isOp(closing) { break }
                } else {
                    try skipNewlines()
                }
                continue
            }
            break
        }
        if !pairs.isEmpty { positional.append(Node(.keywordHash(pairs), pairsLocation!)) }
        return Arguments(positional: positional, blockArgument: blockArgument)
    }

    /// `f(x:)` and `{x:}`: Ruby 3.1's shorthand for `x: x`.
    func omittedValue(_ name: String, _ location: SourceLocation) -> Node {
        if scopes.isDeclared(name) { return Node(.localVariable(name), location) }
        if let first = name.first, first.isUppercase { return Node(.constant(scope: nil, name: name, topLevel: false), location) }
        return Node(.call(Call(receiver: nil, name: name, isVariableLike: true)), location)
    }

    func parseArgument() throws -> Node {
        if isKeyword(.not) {
            let location = current.location
            try advance()
            return Node(.not(try parseExpression()), location)
        }
        return try parseExpression()
    }

    // MARK: - Blocks and parameters

    func parseBraceBlock() throws -> BlockLiteral {
        let location = current.location
        try advance()
        let hasParameters = isOp("|") || isOp("||")
        let table = hasParameters ? scopes.push(inheriting: true) : scopes.pushBlockAllowingNumberedParameters()
        defer { scopes.pop() }
        return try withDoReservedValue(false) {
            let parameters = try parseBlockParameters()
            let body = try parseStatements { $0.isOp("}") }
            body.localTable = table
            addNumberedParameters(to: parameters)
            try expectOp("}", opened: ("'{' block opened here", location))
            return BlockLiteral(parameters: parameters, body: body, isLambda: false, location: location)
        }
    }

    func parseDoBlock() throws -> BlockLiteral {
        let location = current.location
        try advance()
        let table = scopes.pushBlockAllowingNumberedParameters()
        defer { scopes.pop() }
        return try withDoReservedValue(false) {
            try skipNewlines()
            let parameters = try parseBlockParameters()
            let body = try parseBodyWithRescue(opened: ("'do' block opened here", location))
            body.localTable = table
            addNumberedParameters(to: parameters)
            try expectKeyword(.end, opened: ("'do' block opened here", location))
            return BlockLiteral(parameters: parameters, body: body, isLambda: false, location: location)
        }
    }

    /// `{ _1 + _2 }` takes two parameters, as `{ |_1, _2| ... }` would.
    private func addNumberedParameters(to parameters: Parameters) {
        let count = scopes.numberedParameterCount
        guard count > 0, parameters.required.isEmpty else { return }
        parameters.required = (1...count).map { .local("_\($0)") }
    }

    private func parseBlockParameters() throws -> Parameters {
        if isOp("||") {
            try advance()
            return Parameters()
        }
        guard isOp("|") else { return Parameters() }
        try advance()
        let parameters = try parseParameterList(closing: "|", isBlock: true)
        try expectOp("|")
        return parameters
    }

    /// A parameter list, up to `closing` (`)`, `|`) or, with nil, the end of the line.
    func parseParameterList(closing: String?, isBlock: Bool) throws -> Parameters {
        let parameters = Parameters()
        func atEnd() -> Bool {
            if let closing { return isOp(closing) }
            return isNewline || isOp(";") || isOp("=") || isEOF
        }
        if closing == ")" { try skipNewlines() }
        while !atEnd() {
            let location = current.location
            switch current.kind {
            case .identifier(let name):
                try advance()
                scopes.declare(name)
                if isOp("=") {
                    try advance()
                    // In a block, `|a = 1|`: the default must not swallow the closing bar.
                    let value = isBlock ? try parseBinary(5) : try parseTernary()
                    parameters.optional.append((name, value))
                } else if parameters.rest != nil || !parameters.optional.isEmpty {
                    parameters.post.append(.local(name))
                } else {
                    parameters.required.append(.local(name))
                }
            case .label(let name):
                try advance()
                scopes.declare(name)
                if isOp(",") || atEnd() || isNewline {
                    parameters.keywords.append((name, nil))
                } else {
                    parameters.keywords.append((name, isBlock ? try parseBinary(5) : try parseTernary()))
                }
            case .op("*"):
                try advance()
                if case .identifier(let name) = current.kind {
                    try advance()
                    scopes.declare(name)
                    parameters.rest = name
                } else {
                    parameters.rest = ""
                }
            case .op("**"):
                try advance()
                if case .identifier(let name) = current.kind {
                    try advance()
                    scopes.declare(name)
                    parameters.keywordRest = name
                } else if isKeyword(.nil) {
                    try advance()
                } else {
                    parameters.keywordRest = ""
                }
            case .op("&"):
                try advance()
                if case .identifier(let name) = current.kind {
                    try advance()
                    scopes.declare(name)
                    parameters.block = name
                } else {
                    parameters.block = ""
                }
            case .op("("):
                try advance()
                let nested = try parseDestructuringParameter()
                if parameters.rest != nil { parameters.post.append(nested) } else { parameters.required.append(nested) }
            case .op("..."):
                throw Diagnostic(.error, ParserMessage.unsupported("argument forwarding (...)"), at: location)
            default:
                throw try unexpected(expecting: closing.map { "'\($0)'" } ?? "parameter")
            }
            if closing == ")" { try skipNewlines() }
            if isOp(",") {
                try advance()
                if closing == ")" { try skipNewlines() }
                if isBlock && isOp("|") { parameters.hasTrailingComma = true }
                continue
            }
            if isBlock && isOp(";") {
                try advance()
                while case .identifier(let name) = current.kind {
                    try advance()
                    scopes.declare(name)
                    parameters.blockLocals.append(name)
                    if isOp(",") { try advance() } else { break }
                }
            }
            if !atEnd() { throw try unexpected(expecting: closing.map { "'\($0)'" } ?? "','") }
        }
        return parameters
    }

    private func parseDestructuringParameter() throws -> Target {
        var targets: [Target] = []
        while !isOp(")") {
            switch current.kind {
            case .identifier(let name):
                try advance()
                scopes.declare(name)
                targets.append(.local(name))
            case .op("*"):
                try advance()
                if case .identifier(let name) = current.kind {
                    try advance()
                    scopes.declare(name)
                    targets.append(.splat(.local(name)))
                } else {
                    targets.append(.splat(nil))
                }
            case .op("("):
                try advance()
                targets.append(try parseDestructuringParameter())
            default:
                throw try unexpected(expecting: "')'")
            }
            if isOp(",") { try advance() } else { break }
        }
        try expectOp(")")
        return .nested(targets)
    }

    /// A body that may have `rescue`, `else` and `ensure` clauses, up to (not including) `end`.
    func parseBodyWithRescue(opened: (String, SourceLocation)) throws -> Node {
        let location = current.location
        let isClause: (Token) -> Bool = { token in
            token.isKeyword(.rescue) || token.isKeyword(.else) || token.isKeyword(.ensure) || token.isKeyword(.end)
        }
        let body = try parseStatements(isClause)
        var rescues: [RescueClause] = []
        var elseBody: Node?
        var ensureBody: Node?
        while isKeyword(.rescue) {
            try advance()
            var classes: [Node] = []
            var variable: Target?
            while !isNewline && !isEOF && !isKeyword(.then) && !isOp("=>") && !isOp(";") {
                if isOp("*") {
                    let splatLocation = current.location
                    try advance()
                    classes.append(Node(.splat(try parseTernary()), splatLocation))
                } else {
                    classes.append(try parseTernary())
                }
                if isOp(",") {
                    try advance()
                    try skipNewlines()
                } else {
                    break
                }
            }
            if isOp("=>") {
                try advance()
                variable = try assignmentTarget(try parsePrimaryWithPostfix())
            }
            if isKeyword(.then) { try advance() }
            let clauseBody = try parseStatements(isClause)
            rescues.append(RescueClause(exceptionClasses: classes, variable: variable, body: clauseBody))
        }
        if isKeyword(.else) {
            try advance()
            elseBody = try parseStatements(isClause)
        }
        if isKeyword(.ensure) {
            try advance()
            ensureBody = try parseStatements(isClause)
        }
        guard isKeyword(.end) else { throw try unexpected(expecting: "'end'", opened: opened) }
        if rescues.isEmpty && elseBody == nil && ensureBody == nil { return body }
        if rescues.isEmpty, let elseBody, ensureBody == nil {
            return Node(.sequence([body, elseBody]), location)
        }
        return Node(.begin(BeginBlock(body: body, rescues: rescues, elseBody: elseBody, ensureBody: ensureBody)), location)
    }
}

extension Node.Kind {
    var isEmptySequence: Bool {
        if case .sequence(let items) = self { return items.isEmpty }
        return false
    }
}
