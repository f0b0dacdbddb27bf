/// Primary expressions: literals, variables, and the keyword constructs (`if`, `def`,
/// `class`, `case`, `begin`...).
extension Parser {
    func parsePrimary() throws -> Node {
        try checkLexerError()
        let token = current
        let location = token.location
        switch token.kind {
        case .integer(let value):
            try advance()
            return Node(.integer(value), location)
        case .float(let value):
            try advance()
            return Node(.float(value), location)
        case .string(var parts):
            try advance()
            // Adjacent literals are one string: `"a" 'b'`.
            while case .string(let more) = current.kind {
                parts += more
                try advance()
            }
            return try stringNode(parts, location)
        case .xstring(let parts):
            try advance()
            let command = try stringNode(parts, location)
            return Node(.call(Call(receiver: nil, name: "`", arguments: Arguments(positional: [command]))), location)
        case .symbol(let name):
            try advance()
            return Node(.symbol(name), location)
        case .dsymbol(let parts):
            try advance()
            return Node(.interpolatedSymbol(try interpolationNodes(parts, location)), location)
        case .regexp(let parts, let options):
            try advance()
            return Node(.regexp(RegexpLiteral(parts: try interpolationNodes(parts, location), options: options)), location)
        case .words(let kind, let words):
            try advance()
            var elements: [Node] = []
            for word in words {
                let node = try stringNode(word, location)
                if kind == .symbols {
                    if case .string(let text) = node.kind {
                        elements.append(Node(.symbol(text), location))
                    } else if case .interpolatedString(let parts) = node.kind {
                        elements.append(Node(.interpolatedSymbol(parts), location))
                    }
                } else {
                    elements.append(node)
                }
            }
            return Node(.array(elements), location)
        case .identifier(let name):
            try advance()
            return try parseIdentifier(name, location)
        case .constant(let name):
            try advance()
            if isOp("(") && !current.spaceBefore {
                return try parseCallRest(receiver: nil, name: name, safeNavigation: false, location: location)
            }
            if case .string = current.kind, current.spaceBefore {
                // `Integer "1"`-style command calls on capitalised methods.
                return try parseCallRest(receiver: nil, name: name, safeNavigation: false, location: location)
            }
            return Node(.constant(scope: nil, name: name, topLevel: false), location)
        case .ivar(let name):
            try advance()
            return Node(.instanceVariable(name), location)
        case .cvar(let name):
            try advance()
            return Node(.classVariable(name), location)
        case .gvar(let name):
            try advance()
            return Node(.globalVariable(name), location)
        case .keyword(let keyword):
            return try parseKeyword(keyword, location)
        case .op(let op):
            switch op {
            case "(":
                try advance()
                return try withParenthesesBody(location)
            case "[":
                try advance()
                let arguments = try withDoReservedOff { try parseArgumentList(closing: "]") }
                try expectOp("]", opened: ("'[' opened here", location))
                if let block = arguments.blockArgument {
                    throw Diagnostic(.error, ParserMessage.unexpected("'&'", expecting: nil), at: block.location)
                }
                let elements = arguments.positional.map { node -> Node in
                    if case .keywordHash(let entries) = node.kind { return Node(.hash(entries), node.location) }
                    return node
                }
                return Node(.array(elements), location)
            case "{":
                return try parseHashLiteral()
            case "->":
                return try parseLambda()
            case "::":
                try advance()
                guard case .constant(let name) = current.kind else { throw try unexpected(expecting: "constant name") }
                try advance()
                return Node(.constant(scope: nil, name: name, topLevel: true), location)
            case "..", "...":
                try advance()
                let upper = try parseBinary(0)
                return Node(.range(from: nil, to: upper, exclusive: op == "..."), location)
            default:
                throw try unexpected()
            }
        case .label(let name):
            throw Diagnostic(.error, ParserMessage.unexpected("label '\(name):'", expecting: nil), at: location)
        default:
            throw try unexpected()
        }
    }

    func withDoReservedOff<T>(_ body: () throws -> T) rethrows -> T {
        try withDoReservedValue(false, body)
    }

    private func withParenthesesBody(_ location: SourceLocation) throws -> Node {
        try withDoReservedOff {
            try skipTerminators()
            if isOp(")") {
                try advance()
                return Node(.nilLiteral, location)
            }
            var statements: [Node] = []
            while true {
                try skipTerminators()
                if isOp(")") || isEOF { break }
                statements.append(try parseStatement())
                if isOp(")") { break }
                guard isNewline || isOp(";") else {
                    throw try unexpected(expecting: "')'", opened: ("'(' opened here", location))
                }
            }
            try expectOp(")", opened: ("'(' opened here", location))
            if statements.count == 1 { return statements[0] }
            return Node(.sequence(statements), location)
        }
    }

    func stringNode(_ parts: [StringPart], _ location: SourceLocation) throws -> Node {
        if parts.isEmpty { return Node(.string(""), location) }
        if parts.count == 1, case .text(let text) = parts[0] { return Node(.string(text), location) }
        return Node(.interpolatedString(try interpolationNodes(parts, location)), location)
    }

    /// Parses the code of each `#{}` with this parser's local variables.
    func interpolationNodes(_ parts: [StringPart], _ location: SourceLocation) throws -> [Node] {
        var nodes: [Node] = []
        for part in parts {
            switch part {
            case .text(let text):
                nodes.append(Node(.string(text), location))
            case .code(let code, let codeLocation):
                let sub = Parser(source: SourceFile(path: path, text: code), line: codeLocation.line,
                                 column: codeLocation.column, scopes: scopes)
                sub.inheritContext(from: self)
                let body = try sub.parseStatements { _ in false }
                guard sub.isEOF else { throw try sub.unexpected(expecting: "'}'") }
                nodes.append(body)
            }
        }
        return nodes
    }

    private func parseIdentifier(_ name: String, _ location: SourceLocation) throws -> Node {
        if scopes.isDeclared(name) && !(isOp("(") && !current.spaceBefore) && !startsCommandArgument {
            return Node(.localVariable(name), location)
        }
        if name.count == 2, name.first == "_", let number = Int(String(name.last!)), number > 0,
           scopes.useNumberedParameter(number) {
            return Node(.localVariable(name), location)
        }
        return try parseCallRest(receiver: nil, name: name, safeNavigation: false, location: location)
    }

    /// After a local variable's name: whether what follows on the line can only be the
    /// first argument of a command call, which makes the name a method call, as Ruby reads
    /// `file "x"` or `machines machines` even where `file` and `machines` are locals (a
    /// string, a number, a name, a constant, a variable or `nil`/`true`/`false`/`self`, after
    /// a space). Operators keep it a variable: `x -1`, `x [0]`, `x *2`, `x %w(a)`.
    private var startsCommandArgument: Bool {
        guard current.spaceBefore else { return false }
        switch current.kind {
        case .string, .integer, .float, .identifier, .constant, .ivar, .cvar, .gvar, .label, .dsymbol, .xstring:
            return true
        case .keyword(let keyword):
            return keyword == .nil || keyword == .true || keyword == .false || keyword == .self
        default:
            return false
        }
    }

    func parseHashLiteral() throws -> Node {
        let location = current.location
        try advance()
        return try withDoReservedOff {
            var entries: [HashEntry] = []
            try skipNewlines()
            while !isOp("}") {
                let entryLocation = current.location
                if isOp("**") {
                    try advance()
                    entries.append(.doubleSplat(try parseArgument()))
                } else if case .label(let name) = current.kind {
                    try advance()
                    try skipNewlines()
                    let key = Node(.symbol(name), entryLocation)
                    if isOp(",") || isOp("}") {
                        entries.append(.pair(key, omittedValue(name, entryLocation)))
                    } else {
                        entries.append(.pair(key, try parseArgument()))
                    }
                } else {
                    let key = try parseArgument()
                    try skipNewlines()
                    guard isOp("=>") else { throw try unexpected(expecting: "'=>'", opened: ("'{' opened here", location)) }
                    try advance()
                    try skipNewlines()
                    entries.append(.pair(key, try parseArgument()))
                }
                try skipNewlines()
                if isOp(",") {
                    try advance()
                    try skipNewlines()
                    continue
                }
                guard isOp("}") else { throw try unexpected(expecting: "'}'", opened: ("'{' opened here", location)) }
            }
            try advance()
            return Node(.hash(entries), location)
        }
    }

    private func parseLambda() throws -> Node {
        let location = current.location
        try advance()
        let table = scopes.push(inheriting: true)
        defer { scopes.pop() }
        var parameters = Parameters()
        if isOp("(") {
            try advance()
            parameters = try parseParameterList(closing: ")", isBlock: true)
            try expectOp(")")
        } else if case .identifier = current.kind {
            parameters = try parseParameterList(closing: nil, isBlock: true)
        }
        let body: Node
        if isOp("{") {
            let open = current.location
            try advance()
            body = try withDoReservedOff { try parseStatements { $0.isOp("}") } }
            try expectOp("}", opened: ("'{' lambda body opened here", open))
        } else if isKeyword(.do) {
            let open = current.location
            try advance()
            body = try withDoReservedOff { try parseBodyWithRescue(opened: ("'do' lambda body opened here", open)) }
            try expectKeyword(.end, opened: ("'do' lambda body opened here", open))
        } else {
            throw try unexpected(expecting: "'{' or 'do'")
        }
        body.localTable = table
        return Node(.lambda(BlockLiteral(parameters: parameters, body: body, isLambda: true, location: location)), location)
    }

    // MARK: - Keyword constructs

    private func parseKeyword(_ keyword: Keyword, _ location: SourceLocation) throws -> Node {
        switch keyword {
        case .nil:
            try advance()
            return Node(.nilLiteral, location)
        case .true:
            try advance()
            return Node(.trueLiteral, location)
        case .false:
            try advance()
            return Node(.falseLiteral, location)
        case .self:
            try advance()
            return Node(.selfReference, location)
        case .__FILE__:
            try advance()
            return Node(.string(path), location)
        case .__LINE__:
            try advance()
            return Node(.integer(location.line), location)
        case .__ENCODING__:
            try advance()
            return Node(.call(Call(receiver: nil, name: "__encoding__")), location)
        case .if, .unless:
            return try parseIf()
        case .while, .until:
            return try parseWhile()
        case .for:
            return try parseFor()
        case .case:
            return try parseCase()
        case .begin:
            try advance()
            let body = try withDoReservedOff { try parseBodyWithRescue(opened: ("'begin' opened here", location)) }
            try expectKeyword(.end, opened: ("'begin' opened here", location))
            if case .begin = body.kind { return body }
            return Node(.begin(BeginBlock(body: body, rescues: [], elseBody: nil, ensureBody: nil)), location)
        case .def:
            return try parseDef()
        case .class:
            return try parseClass()
        case .module:
            return try parseModule()
        case .return, .break, .next:
            try advance()
            var value: Node?
            if canStartExpression() && !isOp("}") && !isOp(")") && !isOp(";") {
                let first = try parseArgumentOrSplat()
                if isOp(",") {
                    var items = [first]
                    while isOp(",") {
                        try advance()
                        try skipNewlines()
                        items.append(try parseArgumentOrSplat())
                    }
                    value = Node(.array(items), first.location)
                } else if case .splat = first.kind {
                    value = Node(.array([first]), first.location)
                } else {
                    value = first
                }
            }
            switch keyword {
            case .return: return Node(.returnStatement(value), location)
            case .break: return Node(.breakStatement(value), location)
            default: return Node(.nextStatement(value), location)
            }
        case .redo:
            throw Diagnostic(.error, ParserMessage.unsupported("redo"), at: location)
        case .retry:
            try advance()
            return Node(.retry, location)
        case .yield:
            try advance()
            var arguments = Arguments()
            if isOp("(") && !current.spaceBefore {
                try advance()
                arguments = try withDoReservedOff { try parseArgumentList(closing: ")") }
                try expectOp(")")
            } else if canStartCommandArgument() {
                arguments = try withDoReservedValue(true) { try parseArgumentList(closing: nil) }
            }
            return Node(.yield(arguments), location)
        case .super:
            try advance()
            var arguments: Arguments?
            if isOp("(") && !current.spaceBefore {
                try advance()
                arguments = try withDoReservedOff { try parseArgumentList(closing: ")") }
                try expectOp(")")
            } else if canStartCommandArgument() {
                arguments = try withDoReservedValue(true) { try parseArgumentList(closing: nil) }
            }
            let block = try parseBlockIfAny()
            return Node(.superCall(arguments: arguments, block: block), location)
        case .definedQ:
            try advance()
            if isOp("(") && !current.spaceBefore || isOp("(") {
                let open = current.location
                try advance()
                let inner = try withDoReservedOff { try parseExpressionStatement() }
                try skipNewlines()
                try expectOp(")", opened: ("'(' opened here", open))
                return Node(.defined(inner), location)
            }
            return Node(.defined(try parseExpression()), location)
        case .not:
            try advance()
            return Node(.not(try parseExpression()), location)
        case .alias:
            try advance()
            let newName = try parseMethodNameForAlias()
            let oldName = try parseMethodNameForAlias()
            return Node(.alias(newName, oldName), location)
        case .undef:
            try advance()
            var names = [try parseMethodNameForAlias()]
            while isOp(",") {
                try advance()
                names.append(try parseMethodNameForAlias())
            }
            return Node(.undef(names), location)
        case .BEGIN, .END:
            throw Diagnostic(.error, ParserMessage.unsupported("\(keyword.rawValue) blocks"), at: location)
        default:
            throw try unexpected()
        }
    }

    /// `*list` or one value; `when` conditions stop short of `and`/`not` (ternary level).
    private func parseArgumentOrSplat(ternaryOnly: Bool = false) throws -> Node {
        if isOp("*") {
            let location = current.location
            try advance()
            return Node(.splat(try parseTernary()), location)
        }
        return ternaryOnly ? try parseTernary() : try parseExpression()
    }

    private func parseMethodNameForAlias() throws -> String {
        let token = current
        switch token.kind {
        case .identifier(let name), .constant(let name), .symbol(let name), .gvar(let name):
            try advance()
            return name
        case .keyword(let keyword):
            try advance()
            return keyword.rawValue
        case .op(let op):
            try advance()
            if op == "[" {
                try expectOp("]")
                if isOp("=") && !current.spaceBefore {
                    try advance()
                    return "[]="
                }
                return "[]"
            }
            return op
        default:
            throw try unexpected(expecting: "method name")
        }
    }

    /// `then`, a newline or `;` after a condition.
    private func parseThen() throws {
        if isKeyword(.then) {
            try advance()
            return
        }
        guard isNewline || isOp(";") else { throw try unexpected(expecting: "'then' or ';' or '\\n'") }
        try skipTerminators()
        if isKeyword(.then) { try advance() }
    }

    private func parseIf() throws -> Node {
        let opener = current
        let isUnless = opener.isKeyword(.unless)
        try advance()
        let opened = ("'\(isUnless ? "unless" : "if")' opened here", opener.location)
        let condition = try withDoReservedOff { try parseExpressionStatement() }
        try parseThen()
        let isBranchEnd: (Token) -> Bool = { $0.isKeyword(.elsif) || $0.isKeyword(.else) || $0.isKeyword(.end) }
        let body = try withDoReservedOff { try parseStatements(isBranchEnd) }
        var elseBody: Node?
        if isKeyword(.elsif) {
            guard !isUnless else { throw try unexpected(expecting: "'end'", opened: opened) }
            elseBody = try parseIf()
            return isUnless
                ? Node(.conditional(condition: condition, then: elseBody, else: body), opener.location)
                : Node(.conditional(condition: condition, then: body, else: elseBody), opener.location)
        }
        if isKeyword(.else) {
            try advance()
            elseBody = try withDoReservedOff { try parseStatements { $0.isKeyword(.end) } }
        }
        try expectKeyword(.end, opened: opened)
        if isUnless { return Node(.conditional(condition: condition, then: elseBody, else: body), opener.location) }
        return Node(.conditional(condition: condition, then: body, else: elseBody), opener.location)
    }

    private func parseWhile() throws -> Node {
        let opener = current
        let isUntil = opener.isKeyword(.until)
        try advance()
        let opened = ("'\(isUntil ? "until" : "while")' opened here", opener.location)
        let condition = try withDoReservedValue(true) { try parseExpressionStatement() }
        if isKeyword(.do) { try advance() } else { try parseThenForLoop() }
        let body = try withDoReservedOff { try parseStatements { $0.isKeyword(.end) } }
        try expectKeyword(.end, opened: opened)
        return Node(.whileLoop(condition: condition, body: body, isUntil: isUntil, bodyFirst: false), opener.location)
    }

    private func parseThenForLoop() throws {
        guard isNewline || isOp(";") else { throw try unexpected(expecting: "'do' or ';' or '\\n'") }
        try skipTerminators()
    }

    private func parseFor() throws -> Node {
        let opener = current
        try advance()
        var targets: [Target] = []
        repeat {
            if isOp(",") { try advance() }
            guard case .identifier(let name) = current.kind else { throw try unexpected(expecting: "variable name") }
            try advance()
            scopes.declare(name)
            targets.append(.local(name))
        } while isOp(",")
        try expectKeyword(.in)
        let iterable = try withDoReservedValue(true) { try parseExpressionStatement() }
        if isKeyword(.do) { try advance() } else { try parseThenForLoop() }
        let body = try withDoReservedOff { try parseStatements { $0.isKeyword(.end) } }
        try expectKeyword(.end, opened: ("'for' opened here", opener.location))
        return Node(.forLoop(variables: targets, iterable: iterable, body: body), opener.location)
    }

    private func parseCase() throws -> Node {
        let opener = current
        try advance()
        let opened = ("'case' opened here", opener.location)
        var subject: Node?
        if !isNewline && !isOp(";") && !isKeyword(.when) {
            subject = try withDoReservedOff { try parseExpressionStatement() }
        }
        try skipTerminators()
        if isKeyword(.in) {
            throw Diagnostic(.error, ParserMessage.unsupported("pattern matching (case/in)"), at: current.location)
        }
        var clauses: [WhenClause] = []
        while isKeyword(.when) {
            try advance()
            var conditions: [Node] = []
            repeat {
                if isOp(",") {
                    try advance()
                    try skipNewlines()
                }
                conditions.append(try parseArgumentOrSplat(ternaryOnly: true))
            } while isOp(",")
            try parseThen()
            let body = try withDoReservedOff {
                try parseStatements { $0.isKeyword(.when) || $0.isKeyword(.else) || $0.isKeyword(.end) }
            }
            clauses.append(WhenClause(conditions: conditions, body: body))
        }
        guard !clauses.isEmpty else { throw try unexpected(expecting: "'when'", opened: opened) }
        var elseBody: Node?
        if isKeyword(.else) {
            try advance()
            elseBody = try withDoReservedOff { try parseStatements { $0.isKeyword(.end) } }
        }
        try expectKeyword(.end, opened: opened)
        return Node(.caseWhen(subject: subject, clauses: clauses, else: elseBody), opener.location)
    }

    private func parseDef() throws -> Node {
        let opener = current
        try advance()
        var singleton: Node?
        var name: String
        switch current.kind {
        case .keyword(.self):
            try advance()
            singleton = Node(.selfReference, opener.location)
            try expectOp(".")
            name = try parseDefName()
        case .constant(let constant) where peekToken(1).isOp("."):
            try advance()
            singleton = Node(.constant(scope: nil, name: constant, topLevel: false), opener.location)
            try expectOp(".")
            name = try parseDefName()
        case .identifier(let variable) where scopes.isDeclared(variable) && peekToken(1).isOp("."):
            // `def object.method`: a singleton method on the object in a local variable.
            try advance()
            singleton = Node(.localVariable(variable), opener.location)
            try expectOp(".")
            name = try parseDefName()
        default:
            name = try parseDefName()
        }
        let opened = ("'def' opened here", opener.location)
        let table = scopes.push(inheriting: false)
        defer { scopes.pop() }
        let wasInMethod = inMethodBodyFlag
        inMethodBodyFlag = true
        defer { inMethodBodyFlag = wasInMethod }
        var parameters = Parameters()
        if isOp("(") {
            try advance()
            parameters = try parseParameterList(closing: ")", isBlock: false)
            try expectOp(")", opened: opened)
        } else if !isNewline && !isOp(";") && !isOp("=") {
            parameters = try parseParameterList(closing: nil, isBlock: false)
        }
        let body: Node
        if isOp("=") {
            // Endless method: `def square(x) = x * x`.
            try advance()
            try skipNewlines()
            body = try withDoReservedOff { try parseStatement() }
        } else {
            body = try withDoReservedOff { try parseBodyWithRescue(opened: opened) }
            try expectKeyword(.end, opened: opened)
        }
        body.localTable = table
        let definition = MethodDefinition(name: name, parameters: parameters, body: body, singleton: singleton,
                                          location: opener.location)
        return Node(.methodDefinition(definition), opener.location)
    }

    private func parseDefName() throws -> String {
        switch current.kind {
        case .identifier(let name), .constant(let name):
            try advance()
            return name
        case .keyword(let keyword):
            try advance()
            return keyword.rawValue
        case .op(let op):
            try advance()
            return op
        default:
            throw try unexpected(expecting: "method name")
        }
    }

    private func parseConstantPath() throws -> Node {
        let location = current.location
        var node: Node
        if isOp("::") {
            try advance()
            guard case .constant(let name) = current.kind else { throw try unexpected(expecting: "constant name") }
            try advance()
            node = Node(.constant(scope: nil, name: name, topLevel: true), location)
        } else {
            guard case .constant(let name) = current.kind else { throw try unexpected(expecting: "constant name") }
            try advance()
            node = Node(.constant(scope: nil, name: name, topLevel: false), location)
        }
        while isOp("::") {
            try advance()
            guard case .constant(let name) = current.kind else { throw try unexpected(expecting: "constant name") }
            let nameLocation = current.location
            try advance()
            node = Node(.constant(scope: node, name: name, topLevel: false), nameLocation)
        }
        return node
    }

    private func parseClass() throws -> Node {
        let opener = current
        try advance()
        let opened = ("'class' opened here", opener.location)
        if isOp("<<") {
            try advance()
            let target = try parseExpression()
            try skipTerminators()
            let table = scopes.push(inheriting: false)
            defer { scopes.pop() }
            let body = try withDoReservedOff { try parseStatements { $0.isKeyword(.end) } }
            body.localTable = table
            try expectKeyword(.end, opened: opened)
            return Node(.singletonClass(target: target, body: body), opener.location)
        }
        if inMethodBodyFlag { throw Diagnostic(.error, ParserMessage.classDefinitionInMethod(), at: opener.location) }
        let path = try parseConstantPath()
        var superclass: Node?
        if isOp("<") {
            try advance()
            superclass = try parseExpression()
        }
        let table = scopes.push(inheriting: false)
        defer { scopes.pop() }
        let body = try withDoReservedOff { try parseBodyWithRescue(opened: opened) }
        body.localTable = table
        try expectKeyword(.end, opened: opened)
        return Node(.classDefinition(path: path, superclass: superclass, body: body), opener.location)
    }

    private func parseModule() throws -> Node {
        let opener = current
        try advance()
        if inMethodBodyFlag { throw Diagnostic(.error, ParserMessage.moduleDefinitionInMethod(), at: opener.location) }
        let opened = ("'module' opened here", opener.location)
        let path = try parseConstantPath()
        let table = scopes.push(inheriting: false)
        defer { scopes.pop() }
        let body = try withDoReservedOff { try parseStatements { $0.isKeyword(.end) } }
        body.localTable = table
        try expectKeyword(.end, opened: opened)
        return Node(.moduleDefinition(path: path, body: body), opener.location)
    }
}
