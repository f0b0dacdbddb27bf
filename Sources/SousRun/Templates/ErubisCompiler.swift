import SousLanguage

/// Compiles a template to Ruby source as Erubis (`Erubis::Eruby`, trim on), Chef's template
/// engine, reads it. It differs from Ruby's ERB in its trimming:
/// - a `<% statement %>` or `<%# comment %>` alone on its line, indented or not, takes the
///   indentation before it and the newline after it with it (no `-` needed);
/// - `<%= expr -%>` (or `=%>`) drops the newline after the tag; `<%= %>` keeps both sides;
/// - `<%-` opens a statement like `<%`; `<%% ... %>` is the literal text `<% ... %>`.
/// Generated code keeps every template line on the same code line, so an error in a
/// template is reported at its own line.
enum ErubisCompiler {
    static let buffer = "_buf"

    static func compile(_ template: String) -> String {
        let text = Array(template.utf8)
        var code = "\(buffer) = ''; "
        var position = 0
        var atLineStart = true
        while let tag = nextTag(in: text, from: position) {
            var before = Array(text[position..<tag.start])
            position = tag.end
            // Spaces and tabs between the line's start and a tag that is not `<%=`.
            var leading: [UInt8]?
            if tag.indicator.first != UInt8(ascii: "=") {
                leading = takeIndentation(&before, atLineStart: atLineStart)
            }
            atLineStart = tag.trailing != nil
            if !before.isEmpty { code += put(before) }
            let body = String(decoding: tag.code, as: UTF8.self)
            switch tag.indicator.first {
            case UInt8(ascii: "="):
                // A `-` or `=` before `%>` eats the newline after an expression.
                let trailing = tag.closingMark == nil ? tag.trailing : nil
                if let leading, !leading.isEmpty { code += put(leading) }
                code += "\(buffer) << (\(body)).to_s; "
                if let trailing { code += put(trailing) }
                if tag.closingMark != nil, tag.trailing != nil { code += "\n" }
            case UInt8(ascii: "#"):
                let newlines = body.filter { $0 == "\n" }.count + (tag.trailing != nil ? 1 : 0)
                if leading != nil && tag.trailing != nil {
                    code += String(repeating: "\n", count: newlines)
                } else {
                    if let leading, !leading.isEmpty { code += put(leading) }
                    code += String(repeating: "\n", count: body.filter { $0 == "\n" }.count)
                    if let trailing = tag.trailing { code += put(trailing) }
                }
            case UInt8(ascii: "%"):
                let mark = tag.closingMark.map { String(UnicodeScalar($0)) } ?? ""
                let literal = Array((leading ?? []) + Array("<%".utf8)) + tag.code + Array(mark.utf8) + Array("%>".utf8) + (tag.trailing ?? [])
                code += put(literal)
            default:
                if let leading, let trailing = tag.trailing {
                    // Alone on its line: the line goes, the statement stays.
                    code += String(decoding: leading, as: UTF8.self) + body + String(decoding: trailing, as: UTF8.self)
                } else {
                    if let leading, !leading.isEmpty { code += put(leading) }
                    code += body + (body.hasSuffix("\n") ? "" : "; ")
                    if let trailing = tag.trailing { code += put(trailing) }
                }
            }
        }
        if position < text.count { code += put(Array(text[position...])) }
        return code + "\n\(buffer).to_s"
    }

    /// One `<% ... %>` tag: where it starts and ends (past the spaces and newline that follow
    /// it, when they do), its indicator (`=`, `-`, `#`, `%`, or none), its code, the `-` or
    /// `=` just before `%>`, and those following spaces and newline.
    struct Tag {
        var start: Int
        var end: Int
        var indicator: [UInt8]
        var code: [UInt8]
        var closingMark: UInt8?
        var trailing: [UInt8]?
    }

    static func nextTag(in text: [UInt8], from position: Int) -> Tag? {
        let less = UInt8(ascii: "<"), percent = UInt8(ascii: "%"), greater = UInt8(ascii: ">")
        var start = position
        while start + 1 < text.count {
            guard text[start] == less, text[start + 1] == percent else { start += 1; continue }
            var cursor = start + 2
            var indicator: [UInt8] = []
            if cursor < text.count {
                switch text[cursor] {
                case UInt8(ascii: "="):
                    while cursor < text.count, text[cursor] == UInt8(ascii: "=") { indicator.append(text[cursor]); cursor += 1 }
                case UInt8(ascii: "-"), UInt8(ascii: "#"), percent:
                    indicator = [text[cursor]]
                    cursor += 1
                default: break
                }
            }
            // The first `%>` closes the tag.
            var close = cursor
            while close + 1 < text.count, !(text[close] == percent && text[close + 1] == greater) { close += 1 }
            guard close + 1 < text.count else { return nil }
            var codeEnd = close
            var mark: UInt8?
            if codeEnd > cursor, text[codeEnd - 1] == UInt8(ascii: "-") || text[codeEnd - 1] == UInt8(ascii: "=") {
                mark = text[codeEnd - 1]
                codeEnd -= 1
            }
            var end = close + 2
            var probe = end
            while probe < text.count, text[probe] == UInt8(ascii: " ") || text[probe] == UInt8(ascii: "\t") { probe += 1 }
            if probe < text.count, text[probe] == UInt8(ascii: "\r") { probe += 1 }
            var trailing: [UInt8]?
            if probe < text.count, text[probe] == UInt8(ascii: "\n") {
                trailing = Array(text[end...probe])
                end = probe + 1
            }
            return Tag(start: start, end: end, indicator: indicator, code: Array(text[cursor..<codeEnd]), closingMark: mark, trailing: trailing)
        }
        return nil
    }

    /// The spaces and tabs that alone stand between the line's start and a tag, taken off
    /// the text before it; nil when other text is on the line before the tag.
    static func takeIndentation(_ text: inout [UInt8], atLineStart: Bool) -> [UInt8]? {
        func blank(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") } }
        if text.isEmpty { return atLineStart ? [] : nil }
        if text.last == UInt8(ascii: "\n") { return [] }
        if let newline = text.lastIndex(of: UInt8(ascii: "\n")) {
            let tail = text[(newline + 1)...]
            guard blank(tail) else { return nil }
            let indentation = Array(tail)
            text.removeSubrange((newline + 1)...)
            return indentation
        }
        guard atLineStart, blank(text[...]) else { return nil }
        defer { text.removeAll() }
        return text
    }

    /// A statement appending text, then as many newlines as the text has, so template lines
    /// and code lines stay aligned.
    private static func put(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return "\(buffer) << \(RubyFormat.inspectString(text)); " + String(repeating: "\n", count: text.filter { $0 == "\n" }.count)
    }
}
