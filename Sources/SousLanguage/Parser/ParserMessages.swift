/// Every message the parser can give, in one place, worded as Ruby words them so that a
/// user who knows Ruby's errors recognises sous's.
enum ParserMessage {
    static func classDefinitionInMethod() -> String { "class definition in method body" }

    static func dynamicConstantAssignment() -> String { "dynamic constant assignment" }

    static func invalidAssignmentTarget(_ what: String) -> String { "can't assign to \(what)" }

    static func moduleDefinitionInMethod() -> String { "module definition in method body" }

    static func nestingTooDeep(_ limit: Int) -> String {
        "nesting too deep: more than \(limit) levels of brackets, blocks or expressions"
    }

    static func unexpected(_ found: String, expecting: String?) -> String {
        if let expecting { return "syntax error, unexpected \(found), expecting \(expecting)" }
        return "syntax error, unexpected \(found)"
    }

    /// Appended to a message when the construct left open is on another line:
    /// `'def' opened here` on line 3 becomes ` ('def' on line 3 is not closed)`.
    static func unclosed(_ opened: String, line: Int) -> String {
        var what = opened
        if what.hasSuffix(" opened here") { what.removeLast(" opened here".count) }
        return " (\(what) on line \(line) is not closed)"
    }

    static func unsupported(_ feature: String) -> String {
        "\(feature) is not supported by sous"
    }

    static func voidValue() -> String { "void value expression" }
}
