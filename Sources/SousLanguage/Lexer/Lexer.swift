import SousSupport
/// Turns recipe source into tokens, one at a time, as the parser asks for them.
///
/// Ruby cannot be tokenised without context: `/` starts a regexp or divides, `<<` starts a
/// heredoc or shifts, `{` opens a hash or a block, `foo -1` differs from `foo - 1`. Like
/// Ruby's own lexer this one tracks what the previous token allows next (`State`), and asks
/// the parser whether an identifier is a local variable (`isLocalVariable`).
public final class Lexer {
    enum State {
        /// A value may start here: after an operator, `(`, `,`, a keyword, a newline.
        case beginning
        /// A value just ended: after a literal, a variable, `)`, `]`, `}`, `end`.
        case afterValue
        /// After a method name that could take arguments without parentheses (`puts`).
        case afterCallable
        /// After `.`, `&.` or `::`: a method name comes next, keywords included.
        case afterDot
    }

    let path: String
    let bytes: [UInt8]
    var pos = 0
    var line: Int
    var lineStart = 0
    /// The first line of an interpolated snippet starts at this column of the enclosing file.
    let firstLineColumnOffset: Int
    let firstLine: Int
    var state: State = .beginning
    var ternaryDepth = 0
    var previousWasTernaryMark = false
    /// True from `def` until the method name has been read.
    var expectingMethodName = false
    /// After `rescue`, `return`, `break` and `next` a value may follow, but a newline still
    /// ends the statement (Ruby's EXPR_MID): `rescue` alone on its line rescues StandardError.
    var newlineEndsBareKeyword = false
    /// Where lexing resumes after the current line's newline once heredoc bodies were read.
    var heredocResume: (offset: Int, line: Int)?
    var parenDepth = 0
    /// `alias new old`: two method names follow, operators and keywords included.
    var aliasNamesRemaining = 0

    /// Answers whether a name is a local variable at the parser's current position.
    public var isLocalVariable: (String) -> Bool = { _ in false }

    public init(source: SourceFile, line: Int = 1, column: Int = 1) {
        self.path = source.path
        self.bytes = source.bytes
        self.line = line
        self.firstLineColumnOffset = column - 1
        self.firstLine = line
        self.startOfLine()
    }

    // MARK: - Positions and errors

    /// The last column counted on the current line, and where: tokens move forward, so
    /// each count starts from the previous one instead of the line's start (which made a
    /// long line quadratic).
    private var columnMark: (lineStart: Int, offset: Int, column: Int) = (-1, 0, 1)

    func location(at offset: Int) -> SourceLocation {
        if offset < lineStart { return locationBeforeCurrentLine(offset) }
        var column = 1
        var index = lineStart
        if columnMark.lineStart == lineStart && columnMark.offset <= offset {
            (index, column) = (columnMark.offset, columnMark.column)
        }
        while index < offset && index < bytes.count {
            // Count code points, not bytes: skip UTF-8 continuation bytes.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        columnMark = (lineStart, index, column)
        if line == firstLine { column += firstLineColumnOffset }
        return SourceLocation(file: path, line: line, column: column)
    }


    /// Rare (only errors point back, to where a string or heredoc began), so it counts the
    /// newlines between the offset and the current line instead of keeping a line table.
    private func locationBeforeCurrentLine(_ offset: Int) -> SourceLocation {
        var start = offset
        while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var linesBack = 0
        for index in start..<lineStart where bytes[index] == UInt8(ascii: "\n") { linesBack += 1 }
        var column = 1
        for index in start..<offset where bytes[index] & 0xC0 != 0x80 { column += 1 }
        let atLine = line - linesBack
        if atLine == firstLine && start == 0 { column += firstLineColumnOffset }
        return SourceLocation(file: path, line: atLine, column: column)
    }

    func error(_ message: String, at offset: Int? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location(at: offset ?? pos))
    }

    @inline(__always) func peek(_ ahead: Int = 0) -> UInt8 {
        let index = pos + ahead
        return index < bytes.count ? bytes[index] : 0
    }

    var atEnd: Bool { pos >= bytes.count }

    // MARK: - The token loop

    public func next() throws -> Token {
        var space = false
        while true {
            guard pos < bytes.count else {
                return make(.eof, at: pos, space: space)
            }
            let c = bytes[pos]
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0C, 0x0B:
                pos += 1
                space = true
            case UInt8(ascii: "\\") where peek(1) == UInt8(ascii: "\n"):
                pos += 2
                newLine()
                space = true
            case UInt8(ascii: "\\") where peek(1) == UInt8(ascii: "\r") && peek(2) == UInt8(ascii: "\n"):
                pos += 3
                newLine()
                space = true
            case UInt8(ascii: "#"):
                while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            case UInt8(ascii: "\n"):
                let newlineOffset = pos
                let newlineLocation = location(at: pos)
                pos += 1
                newLine()
                if (state == .beginning && !newlineEndsBareKeyword) || continuesWithLeadingDot() {
                    space = true
                    continue
                }
                state = .beginning
                ternaryDepth = 0
                _ = newlineOffset
                return Token(kind: .newline, location: newlineLocation, spaceBefore: space)
            default:
                return try lexToken(space: space)
            }
        }
    }

    /// Moves past a newline: line counting, heredoc bodies already read, `=begin` blocks
    /// and `__END__`.
    func newLine() {
        if let resume = heredocResume {
            pos = resume.offset
            line = resume.line
            heredocResume = nil
        } else {
            line += 1
        }
        lineStart = pos
        startOfLine()
    }

    func startOfLine() {
        while true {
            if matches("=begin", at: pos) && isSpaceOrEnd(pos + 6) {
                // Skip to the line after `=end`.
                while pos < bytes.count {
                    skipToNextLine()
                    if matches("=end", at: pos) && isSpaceOrEnd(pos + 4) {
                        skipToNextLine()
                        break
                    }
                }
                continue
            }
            if matches("__END__", at: pos) && (pos + 7 == bytes.count || bytes[pos + 7] == UInt8(ascii: "\n")
                                               || bytes[pos + 7] == UInt8(ascii: "\r")) {
                pos = bytes.count
            }
            return
        }
    }

    private func skipToNextLine() {
        while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
        if pos < bytes.count {
            pos += 1
            line += 1
            lineStart = pos
        }
    }

    func matches(_ text: StaticString, at offset: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let pointer = text.utf8Start
        for i in 0..<count where bytes[offset + i] != pointer[i] { return false }
        return true
    }

    func isSpaceOrEnd(_ offset: Int) -> Bool {
        offset >= bytes.count || bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t")
            || bytes[offset] == UInt8(ascii: "\n") || bytes[offset] == UInt8(ascii: "\r")
    }

    /// A line that starts with `.method` or `&.method` continues the previous expression.
    func continuesWithLeadingDot() -> Bool {
        var index = pos
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n") {
                index += 1
            } else if c == UInt8(ascii: "#") {
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else {
                break
            }
        }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: ".") {
            skipBlankLines(to: index)
            return true
        }
        if bytes[index] == UInt8(ascii: "&"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ".") {
            skipBlankLines(to: index)
            return true
        }
        return false
    }

    private func skipBlankLines(to index: Int) {
        while pos < index {
            if bytes[pos] == UInt8(ascii: "\n") {
                pos += 1
                line += 1
                lineStart = pos
            } else {
                pos += 1
            }
        }
    }

    func make(_ kind: TokenKind, at start: Int, space: Bool) -> Token {
        Token(kind: kind, location: location(at: start), spaceBefore: space)
    }

    // MARK: - Single tokens

    private func lexToken(space: Bool) throws -> Token {
        newlineEndsBareKeyword = false
        let start = pos
        let c = bytes[pos]
        let wasTernaryMark = previousWasTernaryMark
        previousWasTernaryMark = false
        let startLocation = location(at: start)
        func token(_ kind: TokenKind, _ next: State) -> Token {
            state = next
            return Token(kind: kind, location: startLocation, spaceBefore: space)
        }
        // A value may start here, or an argument after a method name and a space.
        let valueCanStart = state == .beginning || (state == .afterCallable && space)

        if aliasNamesRemaining > 0 && !isIdentifierStart(c) && c != UInt8(ascii: ":") && c != UInt8(ascii: "$"),
           let name = lexOperatorMethodName() {
            aliasNamesRemaining -= 1
            return token(.identifier(name), .afterValue)
        }
        if aliasNamesRemaining > 0 && (c == UInt8(ascii: ":") || c == UInt8(ascii: "$")) { aliasNamesRemaining -= 1 }
        if expectingMethodName && !isIdentifierStart(c), let name = lexOperatorMethodName() {
            expectingMethodName = false
            return token(.identifier(name), .afterCallable)
        }
        if isDigit(c) {
            return token(try lexNumber(), .afterValue)
        }
        if isIdentifierStart(c) {
            return try lexWord(space: space, afterTernary: wasTernaryMark, location: startLocation)
        }
        switch c {
        case UInt8(ascii: "\""):
            pos += 1
            let parts = try readQuoted(terminator: c, opener: nil, mode: .double)
            if let label = labelAfterString(parts, afterTernary: wasTernaryMark) { return token(.label(label), .beginning) }
            return token(.string(parts), .afterValue)
        case UInt8(ascii: "'"):
            pos += 1
            let parts = try readQuoted(terminator: c, opener: nil, mode: .single)
            if let label = labelAfterString(parts, afterTernary: wasTernaryMark) { return token(.label(label), .beginning) }
            return token(.string(parts), .afterValue)
        case UInt8(ascii: "`"):
            if state == .afterDot || expectingMethodName {
                pos += 1
                expectingMethodName = false
                return token(.identifier("`"), .afterCallable)
            }
            pos += 1
            return token(.xstring(try readQuoted(terminator: c, opener: nil, mode: .double)), .afterValue)
        case UInt8(ascii: "@"):
            return token(try lexInstanceVariable(), .afterValue)
        case UInt8(ascii: "$"):
            return token(try lexGlobalVariable(), .afterValue)
        case UInt8(ascii: ":"):
            if peek(1) == UInt8(ascii: ":") {
                pos += 2
                return token(.op("::"), .afterDot)
            }
            if let symbol = try lexSymbol(space: space) {
                return token(symbol, .afterValue)
            }
            pos += 1
            if ternaryDepth > 0 { ternaryDepth -= 1 }
            return token(.op(":"), .beginning)
        case UInt8(ascii: "%"):
            if valueCanStart && !(state == .afterCallable && isSpaceOrEnd(pos + 1)),
               let literal = try lexPercentLiteral() {
                return token(literal, .afterValue)
            }
        case UInt8(ascii: "/"):
            if state == .beginning || (state == .afterCallable && space && !isSpaceOrEnd(pos + 1) && peek(1) != UInt8(ascii: "=")) {
                pos += 1
                let parts = try readQuoted(terminator: c, opener: nil, mode: .regexp)
                return token(.regexp(parts, options: readRegexpOptions()), .afterValue)
            }
        case UInt8(ascii: "<"):
            if peek(1) == UInt8(ascii: "<") && valueCanStart, let heredoc = try lexHeredoc() {
                return token(heredoc, .afterValue)
            }
        case UInt8(ascii: "?"):
            if valueCanStart, let char = try lexCharacterLiteral() {
                return token(char, .afterValue)
            }
            pos += 1
            ternaryDepth += 1
            previousWasTernaryMark = true
            return token(.op("?"), .beginning)
        case UInt8(ascii: "-"):
            if isDigit(peek(1)) && valueCanStart && state != .afterDot {
                pos += 1
                return token(.unaryMinusNumber, .beginning)
            }
        default:
            break
        }
        let op = lexOperator()
        switch op {
        case ")", "]", "}":
            return token(.op(op), .afterValue)
        case ".", "&.":
            return token(.op(op), .afterDot)
        default:
            return token(.op(op), .beginning)
        }
    }

    static let operators: [String] = [
        "**=", "<=>", "===", "...", "<<=", ">>=", "&&=", "||=",
        "==", "!=", "=~", "!~", ">=", "<=", "&&", "||", "<<", ">>", "**", "+=", "-=", "*=", "/=",
        "%=", "|=", "&=", "^=", "..", "::", "->", "=>", "&.",
    ]

    private static let operatorSpellings = operators.map { ($0, Array($0.utf8)) }

    private static let operatorMethodNames = [
        "[]=", "[]", "===", "<=>", "==", "=~", "!=", "!~", "<=", ">=", "<<", ">>", "**",
        "+@", "-@", "!@", "~@", "+", "-", "*", "/", "%", "<", ">", "!", "~", "&", "|", "^",
    ].map { ($0, Array($0.utf8)) }

    /// The first of `candidates` (longest first) spelled at `pos`, consumed.
    private func consumeFirst(of candidates: [(String, [UInt8])]) -> String? {
        for (name, spelling) in candidates where pos + spelling.count <= bytes.count {
            var matches = true
            for (offset, byte) in spelling.enumerated() where bytes[pos + offset] != byte {
                matches = false
                break
            }
            if matches {
                pos += spelling.count
                return name
            }
        }
        return nil
    }

    private func lexOperator() -> String {
        if let op = consumeFirst(of: Lexer.operatorSpellings) { return op }
        let c = bytes[pos]
        pos += 1
        if c < 0x80 {
            return String(UnicodeScalar(c))
        }
        return String(decoding: [c], as: UTF8.self)
    }

    /// Method names that are operators, after `def` or `def self.`: `==`, `[]=`, `-@`, `<=>`.
    private func lexOperatorMethodName() -> String? {
        consumeFirst(of: Lexer.operatorMethodNames)
    }

    // MARK: - Words: identifiers, constants, keywords, labels

    private func lexWord(space: Bool, afterTernary: Bool, location: SourceLocation) throws -> Token {
        let start = pos
        while pos < bytes.count && isIdentifierPart(bytes[pos]) { pos += 1 }
        var name = String(decoding: bytes[start..<pos], as: UTF8.self)
        let wasDot = state == .afterDot
        let first = bytes[start]
        let isConstant = first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")

        // `name?` and `name!` are method names unless `=` follows (`a!=b`), even where
        // `name` is also a local variable (`key?(key)`), as in Ruby.
        if pos < bytes.count && (bytes[pos] == UInt8(ascii: "?") || bytes[pos] == UInt8(ascii: "!")) {
            let after = peek(1)
            let takesSuffix = after != UInt8(ascii: "=") || peek(2) == UInt8(ascii: "=")
            if takesSuffix {
                name.append(Character(UnicodeScalar(bytes[pos])))
                pos += 1
            }
        }

        if aliasNamesRemaining > 0 {
            aliasNamesRemaining -= 1
            state = .afterValue
            return Token(kind: .identifier(name), location: location, spaceBefore: space)
        }
        if expectingMethodName {
            // `def self.name`, `def Const.name`: the name comes after the dot.
            if peek() == UInt8(ascii: ".") && (name == "self" || isConstant) {
                state = .afterValue
                return Token(kind: name == "self" ? .keyword(.self) : .constant(name), location: location, spaceBefore: space)
            }
            expectingMethodName = false
            // A setter: `def name=(value)`.
            if peek() == UInt8(ascii: "=") && peek(1) != UInt8(ascii: "=") && peek(1) != UInt8(ascii: "~")
                && peek(1) != UInt8(ascii: ">") && !isSpaceOrEnd(pos + 1) {
                pos += 1
                name += "="
            }
            state = .afterCallable
            return Token(kind: .identifier(name), location: location, spaceBefore: space)
        }

        // A label: `name:` where a hash key or keyword argument may start.
        if peek() == UInt8(ascii: ":") && peek(1) != UInt8(ascii: ":") && !wasDot && !afterTernary
            && (state == .beginning || state == .afterCallable) && !name.hasSuffix("?") && !name.hasSuffix("!") {
            pos += 1
            state = .beginning
            return Token(kind: .label(name), location: location, spaceBefore: space)
        }

        if wasDot {
            state = .afterCallable
            return Token(kind: isConstant && !name.hasSuffix("?") && !name.hasSuffix("!") ? .constant(name) : .identifier(name),
                         location: location, spaceBefore: space)
        }
        if let keyword = Keyword.byName[name] {
            switch keyword {
            case .end, .self, .nil, .true, .false, .__FILE__, .__LINE__, .__ENCODING__, .redo, .retry:
                state = .afterValue
            case .def:
                expectingMethodName = true
                state = .beginning
            case .yield, .super:
                state = .afterCallable
            case .rescue, .return, .break, .next:
                newlineEndsBareKeyword = true
                state = .beginning
            case .alias, .undef:
                aliasNamesRemaining = keyword == .alias ? 2 : 1
                state = .beginning
            default:
                state = .beginning
            }
            return Token(kind: .keyword(keyword), location: location, spaceBefore: space)
        }
        if isConstant {
            state = .afterCallable
            return Token(kind: .constant(name), location: location, spaceBefore: space)
        }
        state = isLocalVariable(name) ? .afterValue : .afterCallable
        return Token(kind: .identifier(name), location: location, spaceBefore: space)
    }

    /// `"name": value` in a hash: a string directly followed by a colon.
    private func labelAfterString(_ parts: [StringPart], afterTernary: Bool) -> String? {
        guard peek() == UInt8(ascii: ":"), peek(1) != UInt8(ascii: ":"), !afterTernary else { return nil }
        guard state == .beginning || state == .afterCallable else { return nil }
        var text = ""
        for part in parts {
            guard case .text(let t) = part else { return nil }
            text += t
        }
        pos += 1
        return text
    }

    private func lexInstanceVariable() throws -> TokenKind {
        let start = pos
        pos += 1
        var isClassVariable = false
        if peek() == UInt8(ascii: "@") {
            pos += 1
            isClassVariable = true
        }
        guard isIdentifierStart(peek()), !isDigit(peek()) else {
            throw error("'\(String(decoding: bytes[start..<pos], as: UTF8.self))' without identifiers is not allowed as \(isClassVariable ? "a class" : "an instance") variable name", at: start)
        }
        while pos < bytes.count && isIdentifierPart(bytes[pos]) { pos += 1 }
        let name = String(decoding: bytes[start..<pos], as: UTF8.self)
        return isClassVariable ? .cvar(name) : .ivar(name)
    }

    private func lexGlobalVariable() throws -> TokenKind {
        let start = pos
        pos += 1
        let c = peek()
        if isIdentifierStart(c) {
            while pos < bytes.count && isIdentifierPart(bytes[pos]) { pos += 1 }
        } else if isDigit(c) {
            while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
        } else if "~!@&`'+*$?:\"<>,./\\;0_=".utf8.contains(c) {
            pos += 1
        } else if c == UInt8(ascii: "-") && isIdentifierPart(peek(1)) {
            pos += 2
        } else {
            throw error("'$' without identifiers is not allowed as a global variable name", at: start)
        }
        return .gvar(String(decoding: bytes[start..<pos], as: UTF8.self))
    }

    // MARK: - Symbols

    private func lexSymbol(space: Bool) throws -> TokenKind? {
        let next = peek(1)
        if ternaryDepth > 0 && (state == .afterValue || state == .afterCallable) { return nil }
        if state == .afterValue && !space && next != UInt8(ascii: "\"") { return nil }
        if next == UInt8(ascii: "\"") {
            pos += 2
            let parts = try readQuoted(terminator: UInt8(ascii: "\""), opener: nil, mode: .double)
            if parts.allSatisfy({ if case .text = $0 { return true } else { return false } }) {
                return .symbol(parts.map { if case .text(let t) = $0 { return t } else { return "" } }.joined())
            }
            return .dsymbol(parts)
        }
        if next == UInt8(ascii: "'") {
            pos += 2
            let parts = try readQuoted(terminator: UInt8(ascii: "'"), opener: nil, mode: .single)
            return .symbol(parts.map { if case .text(let t) = $0 { return t } else { return "" } }.joined())
        }
        if isIdentifierStart(next) || (next == UInt8(ascii: "@")) || (next == UInt8(ascii: "$")) {
            let start = pos + 1
            pos += 1
            if peek() == UInt8(ascii: "@") { pos += 1 }
            if peek() == UInt8(ascii: "@") { pos += 1 }
            if peek() == UInt8(ascii: "$") { pos += 1 }
            while pos < bytes.count && isIdentifierPart(bytes[pos]) { pos += 1 }
            if peek() == UInt8(ascii: "?") || peek() == UInt8(ascii: "!") {
                if peek(1) != UInt8(ascii: "=") || peek(2) == UInt8(ascii: "=") { pos += 1 }
            } else if peek() == UInt8(ascii: "=") && peek(1) != UInt8(ascii: "=") && peek(1) != UInt8(ascii: "~")
                        && peek(1) != UInt8(ascii: ">") {
                pos += 1
            }
            return .symbol(String(decoding: bytes[start..<pos], as: UTF8.self))
        }
        let operatorNames = ["[]=", "[]", "<=>", "===", "==", "=~", "!=", "!~", "**", "+@", "-@", "<<", ">>",
                             "<=", ">=", "+", "-", "*", "/", "%", "<", ">", "!", "~", "&", "|", "^"]
        for name in operatorNames {
            let utf8 = Array(name.utf8)
            if pos + 1 + utf8.count <= bytes.count && Array(bytes[(pos + 1)..<(pos + 1 + utf8.count)]) == utf8 {
                pos += 1 + utf8.count
                return .symbol(name)
            }
        }
        return nil
    }

    // MARK: - Numbers

    private func lexNumber() throws -> TokenKind {
        let start = pos
        func digits(_ valid: (UInt8) -> Bool) throws -> String {
            var text = ""
            var lastUnderscore = false
            while pos < bytes.count {
                let c = bytes[pos]
                if c == UInt8(ascii: "_") {
                    if lastUnderscore || text.isEmpty { throw error("trailing '_' in number") }
                    lastUnderscore = true
                } else if valid(c) {
                    text.append(Character(UnicodeScalar(c)))
                    lastUnderscore = false
                } else {
                    break
                }
                pos += 1
            }
            if lastUnderscore { throw error("trailing '_' in number", at: pos - 1) }
            return text
        }
        func integer(_ text: String, radix: Int) throws -> TokenKind {
            guard !text.isEmpty else { throw error("numeric literal without digits", at: start) }
            guard let value = Int(text, radix: radix) else {
                throw error("integer literal too large: sous supports integers up to 64 bits (no Bignum)", at: start)
            }
            try checkNumberEnd()
            return .integer(value)
        }
        if bytes[pos] == UInt8(ascii: "0") && pos + 1 < bytes.count {
            switch bytes[pos + 1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                pos += 2
                return try integer(digits(isHexDigit), radix: 16)
            case UInt8(ascii: "b"), UInt8(ascii: "B"):
                pos += 2
                return try integer(digits { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }, radix: 2)
            case UInt8(ascii: "o"), UInt8(ascii: "O"):
                pos += 2
                let text = try digits { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
                if pos < bytes.count && isDigit(bytes[pos]) { throw error("Invalid octal digit", at: start) }
                return try integer(text, radix: 8)
            case UInt8(ascii: "d"), UInt8(ascii: "D"):
                pos += 2
                return try integer(digits(isDigit), radix: 10)
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                pos += 1
                // `0_7` is octal 7: an underscore may follow the leading zero.
                if bytes[pos] == UInt8(ascii: "_") && pos + 1 < bytes.count && isDigit(bytes[pos + 1]) { pos += 1 }
                let text = try digits(isDigit)
                if text.contains(where: { $0 == "8" || $0 == "9" }) { throw error("Invalid octal digit", at: start) }
                return try integer(text, radix: 8)
            default:
                break
            }
        }
        var text = try digits(isDigit)
        var isFloat = false
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
            pos += 1
            text += "." + (try digits(isDigit))
            isFloat = true
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let sign = peek(1)
            if isDigit(sign) || ((sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")) && isDigit(peek(2))) {
                pos += 1
                text += "e"
                if !isDigit(sign) {
                    text.append(Character(UnicodeScalar(sign)))
                    pos += 1
                }
                text += try digits(isDigit)
                isFloat = true
            }
        }
        if isFloat {
            try checkNumberEnd()
            return .float(Double(text) ?? .infinity)
        }
        return try integer(text, radix: 10)
    }

    private func checkNumberEnd() throws {
        let c = peek()
        if c == UInt8(ascii: "r") || c == UInt8(ascii: "i"), !isIdentifierPart(peek(1)) {
            throw error("rational and imaginary literals (\(Character(UnicodeScalar(c))) suffix) are not supported by sous")
        }
        if isIdentifierStart(c) {
            throw error("trailing '\(Character(UnicodeScalar(c)))' in number")
        }
    }

    // MARK: - Character literals, percent literals, heredocs

    private func lexCharacterLiteral() throws -> TokenKind? {
        let c = peek(1)
        guard c != 0, !isSpaceOrEnd(pos + 1) else { return nil }
        if c == UInt8(ascii: "\\") {
            pos += 1
            var out: [UInt8] = []
            try readEscape(into: &out)
            return .string([.text(String(decoding: out, as: UTF8.self))])
        }
        // `?a` only when no identifier character follows (`?ab` is a ternary).
        var end = pos + 2
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        if end < bytes.count && isIdentifierPart(bytes[end]) && isIdentifierPart(c) { return nil }
        let text = String(decoding: bytes[(pos + 1)..<end], as: UTF8.self)
        pos = end
        return .string([.text(text)])
    }

    private func lexPercentLiteral() throws -> TokenKind? {
        var kindChar = peek(1)
        var delimiterOffset = pos + 2
        if !isIdentifierPart(kindChar) {
            // `%(...)`, `%[...]`: a double-quoted string.
            guard kindChar != 0, kindChar != UInt8(ascii: " "), kindChar != UInt8(ascii: "="),
                  kindChar != UInt8(ascii: "\n") else { return nil }
            kindChar = UInt8(ascii: "Q")
            delimiterOffset = pos + 1
        } else {
            guard "wWiIqQrsx".utf8.contains(kindChar), delimiterOffset < bytes.count,
                  !isIdentifierPart(bytes[delimiterOffset]), !isSpaceOrEnd(delimiterOffset) else { return nil }
        }
        let opener = bytes[delimiterOffset]
        let terminator: UInt8
        switch opener {
        case UInt8(ascii: "("): terminator = UInt8(ascii: ")")
        case UInt8(ascii: "["): terminator = UInt8(ascii: "]")
        case UInt8(ascii: "{"): terminator = UInt8(ascii: "}")
        case UInt8(ascii: "<"): terminator = UInt8(ascii: ">")
        default: terminator = opener
        }
        let nests: UInt8? = terminator == opener ? nil : opener
        pos = delimiterOffset + 1
        switch kindChar {
        case UInt8(ascii: "w"):
            return .words(.strings, try readWords(terminator: terminator, opener: nests, interpolate: false))
        case UInt8(ascii: "W"):
            return .words(.strings, try readWords(terminator: terminator, opener: nests, interpolate: true))
        case UInt8(ascii: "i"):
            return .words(.symbols, try readWords(terminator: terminator, opener: nests, interpolate: false))
        case UInt8(ascii: "I"):
            return .words(.symbols, try readWords(terminator: terminator, opener: nests, interpolate: true))
        case UInt8(ascii: "q"):
            return .string(try readQuoted(terminator: terminator, opener: nests, mode: .single))
        case UInt8(ascii: "s"):
            let parts = try readQuoted(terminator: terminator, opener: nests, mode: .single)
            return .symbol(parts.map { if case .text(let t) = $0 { return t } else { return "" } }.joined())
        case UInt8(ascii: "r"):
            let parts = try readQuoted(terminator: terminator, opener: nests, mode: .regexp)
            return .regexp(parts, options: readRegexpOptions())
        case UInt8(ascii: "x"):
            return .xstring(try readQuoted(terminator: terminator, opener: nests, mode: .double))
        default:
            return .string(try readQuoted(terminator: terminator, opener: nests, mode: .double))
        }
    }

    private func readRegexpOptions() -> String {
        var options = ""
        while pos < bytes.count, "imxounse".utf8.contains(bytes[pos]) {
            options.append(Character(UnicodeScalar(bytes[pos])))
            pos += 1
        }
        return options
    }

    private func lexHeredoc() throws -> TokenKind? {
        var index = pos + 2
        var squiggly = false
        var dash = false
        if index < bytes.count && bytes[index] == UInt8(ascii: "~") {
            squiggly = true
            index += 1
        } else if index < bytes.count && bytes[index] == UInt8(ascii: "-") {
            dash = true
            index += 1
        }
        guard index < bytes.count else { return nil }
        var mode: QuoteMode = .double
        var identifier: [UInt8]
        let quote = bytes[index]
        if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "`") {
            if quote == UInt8(ascii: "'") { mode = .raw }
            let idStart = index + 1
            var idEnd = idStart
            while idEnd < bytes.count && bytes[idEnd] != quote && bytes[idEnd] != UInt8(ascii: "\n") { idEnd += 1 }
            guard idEnd < bytes.count, bytes[idEnd] == quote else {
                throw error("unterminated here document identifier", at: pos)
            }
            identifier = Array(bytes[idStart..<idEnd])
            index = idEnd + 1
        } else {
            guard isIdentifierStart(quote) else { return nil }
            let idStart = index
            while index < bytes.count && isIdentifierPart(bytes[index]) { index += 1 }
            identifier = Array(bytes[idStart..<index])
        }
        let headerOffset = pos
        pos = index

        // The body starts on the line after this one, or after the previous heredoc's body.
        var bodyStart: Int
        var bodyLine: Int
        if let resume = heredocResume {
            bodyStart = resume.offset
            bodyLine = resume.line
        } else {
            bodyStart = pos
            while bodyStart < bytes.count && bytes[bodyStart] != UInt8(ascii: "\n") { bodyStart += 1 }
            bodyStart += 1
            bodyLine = line + 1
        }
        var lines: [(text: ArraySlice<UInt8>, line: Int)] = []
        var cursor = bodyStart
        var currentLine = bodyLine
        var found = false
        while cursor < bytes.count {
            var end = cursor
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var content = bytes[cursor..<end]
            if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
            var trimmed = content
            if squiggly || dash {
                while let first = trimmed.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                    trimmed = trimmed.dropFirst()
                }
            }
            let next = min(end + 1, bytes.count)
            if Array(trimmed) == identifier {
                cursor = next
                currentLine += 1
                found = true
                break
            }
            lines.append((bytes[cursor..<next], currentLine))
            cursor = next
            currentLine += 1
        }
        guard found else {
            throw error("can't find string \"\(String(decoding: identifier, as: UTF8.self))\" anywhere before EOF", at: headerOffset)
        }
        heredocResume = (cursor, currentLine)

        if squiggly { lines = dedent(lines) }
        var body: [UInt8] = []
        for entry in lines { body.append(contentsOf: entry.text) }
        let sub = Lexer(source: SourceFile(path: path, bytes: body), line: bodyLine)
        sub.isLocalVariable = isLocalVariable
        return .string(try sub.readQuoted(terminator: nil, opener: nil, mode: mode))
    }

    /// `<<~`: removes the indentation of the least indented non-blank line.
    private func dedent(_ lines: [(text: ArraySlice<UInt8>, line: Int)]) -> [(text: ArraySlice<UInt8>, line: Int)] {
        func width(_ text: ArraySlice<UInt8>) -> Int? {
            var columns = 0
            for c in text {
                if c == UInt8(ascii: " ") { columns += 1 }
                else if c == UInt8(ascii: "\t") { columns = (columns / 8 + 1) * 8 }
                else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { return nil }
                else { return columns }
            }
            return nil
        }
        let indent = lines.compactMap { width($0.text) }.min() ?? 0
        return lines.map { entry in
            var columns = 0
            var text = entry.text
            while columns < indent, let c = text.first {
                if c == UInt8(ascii: " ") { columns += 1 }
                else if c == UInt8(ascii: "\t") {
                    let next = (columns / 8 + 1) * 8
                    if next > indent { break }
                    columns = next
                } else { break }
                text = text.dropFirst()
            }
            return (text, entry.line)
        }
    }

    // MARK: - String bodies

    enum QuoteMode {
        /// Double quotes: escapes and interpolation.
        case double
        /// Single quotes: only `\\` and `\'`.
        case single
        /// Regexp: escapes kept for the regexp engine, interpolation.
        case regexp
        /// `<<~'EOS'`: no escapes at all.
        case raw
    }

    /// Reads a string body up to `terminator` (or to the end of input when nil), counting
    /// nested `opener`/`terminator` pairs, and returns its parts.
    func readQuoted(terminator: UInt8?, opener: UInt8?, mode: QuoteMode) throws -> [StringPart] {
        let start = pos
        let startLine = line
        var parts: [StringPart] = []
        var text: [UInt8] = []
        var depth = 0
        func flush() {
            if !text.isEmpty {
                parts.append(.text(String(decoding: text, as: UTF8.self)))
                text.removeAll()
            }
        }
        while true {
            guard pos < bytes.count else {
                if terminator == nil { break }
                let what = mode == .regexp ? "regexp" : "string"
                var diagnostic = Diagnostic(.error, "unterminated \(what) meets end of file", at: location(at: pos))
                if startLine != line {
                    diagnostic.notes.append(("the \(what) starts here", location(at: max(start - 1, 0))))
                }
                throw diagnostic
            }
            let c = bytes[pos]
            if let opener, c == opener {
                depth += 1
            } else if let terminator, c == terminator {
                if depth == 0 {
                    pos += 1
                    break
                }
                depth -= 1
            }
            if c == UInt8(ascii: "\n") {
                text.append(c)
                pos += 1
                line += 1
                lineStart = pos
                continue
            }
            if c == UInt8(ascii: "\\") && mode != .raw {
                let next = peek(1)
                switch mode {
                case .single:
                    if next == UInt8(ascii: "\\") || next == terminator || (opener != nil && next == opener) {
                        text.append(next)
                        pos += 2
                    } else {
                        text.append(c)
                        pos += 1
                    }
                case .regexp:
                    if next == terminator && terminator == UInt8(ascii: "/") {
                        text.append(next)
                    } else if next == UInt8(ascii: "\n") {
                        line += 1
                        lineStart = pos + 2
                    } else {
                        text.append(c)
                        text.append(next)
                    }
                    pos += 2
                case .double, .raw:
                    pos += 1
                    try readEscape(into: &text)
                }
                continue
            }
            if c == UInt8(ascii: "#") && mode != .single && mode != .raw {
                let next = peek(1)
                if next == UInt8(ascii: "{") {
                    flush()
                    let codeLocation = location(at: pos + 2)
                    pos += 2
                    let codeStart = pos
                    try skipInterpolatedCode()
                    let code = String(decoding: bytes[codeStart..<pos], as: UTF8.self)
                    pos += 1
                    parts.append(.code(code, codeLocation))
                    continue
                }
                if next == UInt8(ascii: "@") || next == UInt8(ascii: "$") {
                    let varStart = pos + 1
                    var end = varStart + 1
                    if end < bytes.count && bytes[end] == UInt8(ascii: "@") { end += 1 }
                    if end < bytes.count && isIdentifierStart(bytes[end]) {
                        while end < bytes.count && isIdentifierPart(bytes[end]) { end += 1 }
                        flush()
                        parts.append(.code(String(decoding: bytes[varStart..<end], as: UTF8.self), location(at: varStart)))
                        pos = end
                        continue
                    }
                }
            }
            text.append(c)
            pos += 1
        }
        flush()
        return parts
    }

    /// Moves `pos` to the `}` that closes an interpolation, skipping nested braces and
    /// string literals (which may hold interpolations of their own).
    private func skipInterpolatedCode() throws {
        let open = pos
        var depth = 0
        while pos < bytes.count {
            let c = bytes[pos]
            switch c {
            case UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "}"):
                if depth == 0 { return }
                depth -= 1
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
                let quote = c
                pos += 1
                while pos < bytes.count && bytes[pos] != quote {
                    if bytes[pos] == UInt8(ascii: "\\") { pos += 1 }
                    else if quote != UInt8(ascii: "'") && bytes[pos] == UInt8(ascii: "#") && peek(1) == UInt8(ascii: "{") {
                        pos += 2
                        try skipInterpolatedCode()
                    } else if bytes[pos] == UInt8(ascii: "\n") {
                        line += 1
                        lineStart = pos + 1
                    }
                    pos += 1
                }
            case UInt8(ascii: "\n"):
                line += 1
                lineStart = pos + 1
            default:
                break
            }
            pos += 1
        }
        throw error("unterminated interpolation meets end of file: expecting '}'", at: max(open - 2, 0))
    }

    /// Reads one escape sequence after a backslash (`pos` is just past the backslash).
    func readEscape(into out: inout [UInt8]) throws {
        guard pos < bytes.count else { throw error("unterminated string meets end of file") }
        let c = bytes[pos]
        pos += 1
        func appendScalar(_ value: UInt32) throws {
            guard let scalar = UnicodeScalar(value) else { throw error("invalid Unicode codepoint", at: pos - 1) }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        switch c {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "s"): out.append(0x20)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "e"): out.append(0x1B)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "\n"):
            line += 1
            lineStart = pos
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = UInt32(c - UInt8(ascii: "0"))
            var count = 1
            while count < 3, pos < bytes.count, bytes[pos] >= UInt8(ascii: "0"), bytes[pos] <= UInt8(ascii: "7") {
                value = value * 8 + UInt32(bytes[pos] - UInt8(ascii: "0"))
                pos += 1
                count += 1
            }
            out.append(UInt8(value & 0xFF))
        case UInt8(ascii: "x"):
            var value: UInt32 = 0
            var count = 0
            while count < 2, pos < bytes.count, let digit = hexValue(bytes[pos]) {
                value = value * 16 + UInt32(digit)
                pos += 1
                count += 1
            }
            guard count > 0 else { throw error("invalid hex escape", at: pos - 1) }
            out.append(UInt8(value))
        case UInt8(ascii: "u"):
            if peek() == UInt8(ascii: "{") {
                pos += 1
                while true {
                    while peek() == UInt8(ascii: " ") || peek() == UInt8(ascii: "\t") { pos += 1 }
                    if peek() == UInt8(ascii: "}") {
                        pos += 1
                        break
                    }
                    var value: UInt32 = 0
                    var count = 0
                    while pos < bytes.count, let digit = hexValue(bytes[pos]) {
                        value = value &* 16 &+ UInt32(digit)
                        pos += 1
                        count += 1
                    }
                    guard count > 0, count <= 6 else { throw error("invalid Unicode escape", at: pos) }
                    try appendScalar(value)
                }
            } else {
                var value: UInt32 = 0
                for _ in 0..<4 {
                    guard pos < bytes.count, let digit = hexValue(bytes[pos]) else {
                        throw error("invalid Unicode escape", at: pos)
                    }
                    value = value * 16 + UInt32(digit)
                    pos += 1
                }
                try appendScalar(value)
            }
        case UInt8(ascii: "c"), UInt8(ascii: "C"), UInt8(ascii: "M"):
            throw error("control and meta escapes (\\\(Character(UnicodeScalar(c)))) are not supported by sous", at: pos - 2)
        default:
            out.append(c)
        }
    }

    private func readWords(terminator: UInt8, opener: UInt8?, interpolate: Bool) throws -> [[StringPart]] {
        var words: [[StringPart]] = []
        var current: [StringPart] = []
        var text: [UInt8] = []
        var depth = 0
        var inWord = false
        func flushText() {
            if !text.isEmpty {
                current.append(.text(String(decoding: text, as: UTF8.self)))
                text.removeAll()
            }
        }
        func endWord() {
            flushText()
            if inWord { words.append(current) }
            current = []
            inWord = false
        }
        while true {
            guard pos < bytes.count else { throw error("unterminated list meets end of file") }
            let c = bytes[pos]
            if c == terminator && depth == 0 {
                pos += 1
                endWord()
                return words
            }
            if let opener, c == opener { depth += 1 }
            if c == terminator { depth -= 1 }
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                if c == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = pos + 1
                }
                pos += 1
                endWord()
                continue
            }
            inWord = true
            if c == UInt8(ascii: "\\") {
                let next = peek(1)
                if interpolate && next != UInt8(ascii: " ") && next != terminator && next != UInt8(ascii: "\n") {
                    pos += 1
                    try readEscape(into: &text)
                } else if next == UInt8(ascii: " ") || next == terminator || next == UInt8(ascii: "\\")
                            || next == UInt8(ascii: "\n") || (opener != nil && next == opener) {
                    text.append(next)
                    pos += 2
                } else {
                    text.append(c)
                    pos += 1
                }
                continue
            }
            if interpolate && c == UInt8(ascii: "#") && peek(1) == UInt8(ascii: "{") {
                flushText()
                let codeLocation = location(at: pos + 2)
                pos += 2
                let codeStart = pos
                try skipInterpolatedCode()
                current.append(.code(String(decoding: bytes[codeStart..<pos], as: UTF8.self), codeLocation))
                pos += 1
                continue
            }
            text.append(c)
            pos += 1
        }
    }
}

@inline(__always) func isHexDigit(_ c: UInt8) -> Bool { hexValue(c) != nil }

@inline(__always) func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
        || c == UInt8(ascii: "_") || c >= 0x80
}

@inline(__always) func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }
