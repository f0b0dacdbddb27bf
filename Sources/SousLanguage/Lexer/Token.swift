/// One piece of a string-like literal: literal text, or the source of an interpolated
/// expression (`#{...}`) that the parser parses in its own right.
public enum StringPart: Equatable, Sendable {
    case text(String)
    case code(String, SourceLocation)
}

/// What kind of list a `%w`-style literal makes.
public enum WordsKind: Equatable, Sendable {
    case strings, symbols
}

public enum Keyword: String, CaseIterable, Sendable {
    case alias, and, begin, BEGIN, `break`, `case`, `class`, def, definedQ = "defined?", `do`, `else`,
         elsif, end, END, ensure, `false`, `for`, `if`, `in`, module, next, `nil`, not, or,
         redo, rescue, retry, `return`, `self`, `super`, then, `true`, undef, unless, until,
         when, `while`, yield, __FILE__, __LINE__, __ENCODING__

    static let byName: [String: Keyword] = {
        var table: [String: Keyword] = [:]
        for keyword in allCases { table[keyword.rawValue] = keyword }
        return table
    }()
}

public enum TokenKind: Equatable, Sendable {
    case integer(Int)
    case float(Double)
    case string([StringPart])
    case symbol(String)
    case dsymbol([StringPart])
    case regexp([StringPart], options: String)
    case words(WordsKind, [[StringPart]])
    case xstring([StringPart])
    /// A local variable or method name, possibly ending in `?` or `!`.
    case identifier(String)
    case constant(String)
    case ivar(String)
    case cvar(String)
    case gvar(String)
    /// `name:` or `"name":` in a hash or argument list.
    case label(String)
    case keyword(Keyword)
    /// Punctuation and operators, spelled as in the source.
    case op(String)
    /// `-` directly before a number where a value is expected (`-2`); see the parser.
    case unaryMinusNumber
    case newline
    case eof
}

public struct Token: Sendable {
    public var kind: TokenKind
    public var location: SourceLocation
    /// Whether white space separates this token from the previous one; Ruby's grammar
    /// depends on it (`foo -1` against `foo - 1`, `foo [1]` against `foo[1]`).
    public var spaceBefore: Bool

    public func isOp(_ text: String) -> Bool {
        if case .op(let spelled) = kind { return spelled == text }
        return false
    }

    public func isKeyword(_ keyword: Keyword) -> Bool {
        if case .keyword(let k) = kind { return k == keyword }
        return false
    }

    /// How the token reads in a message: `'end'`, `integer literal`, `end-of-input`.
    public var displayName: String {
        switch kind {
        case .integer: return "integer literal"
        case .float: return "float literal"
        case .string, .xstring: return "string literal"
        case .symbol, .dsymbol: return "symbol literal"
        case .regexp: return "regexp literal"
        case .words: return "word list"
        case .identifier(let name): return "local variable or method '\(name)'"
        case .constant(let name): return "constant '\(name)'"
        case .ivar(let name), .cvar(let name), .gvar(let name): return "variable '\(name)'"
        case .label(let name): return "label '\(name):'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .op(let text): return "'\(text)'"
        case .unaryMinusNumber: return "'-'"
        case .newline: return "end of line"
        case .eof: return "end-of-input"
        }
    }
}
