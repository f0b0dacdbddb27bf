/// Compiles an ERB template to Ruby source with the rules of Ruby's ERB in trim mode `-`
/// (lib/erb.rb: TrimScanner#explicit_trim_line and Compiler#compile):
/// - `<%= expr %>` inserts `expr.to_s`, `<% code %>` runs code, `<%# ... %>` is dropped;
/// - `<%%` is a literal `<%` in text, and `%%>` a literal `%>` inside a tag;
/// - `<%-` drops the spaces and tabs before it when only they precede it on its line;
/// - `-%>` followed by a newline drops that newline.
/// The generated code keeps each template line on the same line, so an error in a template
/// is reported at its own line.
public enum ERBCompiler {
    /// Where the result is collected; unlikely to clash with template variables.
    static let buffer = "_erbout"

    enum Token: Equatable {
        case text(String)
        case open(String)     // "<%", "<%=", "<%#"
        case close            // "%>"
        case trimmedNewline   // the newline after "-%>"
        case literal(String)  // "<%%" or "%%>"
    }

    public static func compile(_ template: String) -> String {
        var code = "\(buffer) = String.new; "
        var tag: String?
        var content = ""
        for token in scan(template) {
            switch (tag, token) {
            case (nil, .text(let text)):
                content += text
            case (nil, .literal("<%%")):
                content += "<%"
            case (nil, .literal(let other)):
                content += other
            case (nil, .open(let opener)):
                if !content.isEmpty { code += put(content) }
                content = ""
                tag = opener
            case (nil, .close):
                content += "%>"
            case (nil, .trimmedNewline):
                code += "\n"
            case (.some, .literal("%%>")):
                content += "%>"
            case (.some, .literal(let other)):
                content += other
            case (.some, .text(let text)):
                content += text
            case (.some, .open(let opener)):
                content += opener
            case (.some, .trimmedNewline):
                content += "\n"
            case (.some(let opener), .close):
                switch opener {
                case "<%=":
                    code += "\(buffer) << ((\(content)).to_s); "
                case "<%#":
                    code += String(repeating: "\n", count: content.filter { $0 == "\n" }.count)
                default:
                    if content.hasSuffix("\n") {
                        code += String(content.dropLast()) + "\n"
                    } else {
                        code += content + "; "
                    }
                }
                content = ""
                tag = nil
            }
        }
        if let tag { content = tag + content }
        if !content.isEmpty { code += put(content) }
        return code + "\n\(buffer)"
    }

    /// A statement appending text, followed by as many newlines as the text has, to keep
    /// template lines and code lines aligned.
    private static func put(_ text: String) -> String {
        let newlines = text.filter { $0 == "\n" }.count
        return "\(buffer) << \(RubyFormat.inspectString(text)); " + String(repeating: "\n", count: newlines)
    }

    /// Splits a template into tokens the way ERB's explicit-trim scanner does.
    static func scan(_ template: String) -> [Token] {
        let chars = Array(template.unicodeScalars)
        var tokens: [Token] = []
        var text = String.UnicodeScalarView()
        var index = 0
        var inTag = false
        var atLineStart = true
        func flush() {
            if !text.isEmpty { tokens.append(.text(String(text))) }
            text = String.UnicodeScalarView()
        }
        func matches(_ string: String, at position: Int) -> Bool {
            let pattern = Array(string.unicodeScalars)
            guard position + pattern.count <= chars.count else { return false }
            for offset in 0..<pattern.count where chars[position + offset] != pattern[offset] { return false }
            return true
        }
        while index < chars.count {
            // `^[ \t]*<%-`: indentation before `<%-` at a line start is dropped.
            if !inTag && atLineStart {
                var probe = index
                while probe < chars.count && (chars[probe] == " " || chars[probe] == "\t") { probe += 1 }
                if probe > index && matches("<%-", at: probe) {
                    flush()
                    tokens.append(.open("<%"))
                    inTag = true
                    index = probe + 3
                    atLineStart = false
                    continue
                }
            }
            if matches("<%-", at: index) && !inTag {
                flush()
                tokens.append(.open("<%"))
                inTag = true
                index += 3
            } else if matches("<%%", at: index) {
                flush()
                tokens.append(.literal("<%%"))
                index += 3
            } else if matches("%%>", at: index) {
                flush()
                tokens.append(.literal("%%>"))
                index += 3
            } else if matches("<%=", at: index) || matches("<%#", at: index) {
                flush()
                tokens.append(.open(String(String.UnicodeScalarView(chars[index..<index + 3]))))
                inTag = true
                index += 3
            } else if matches("<%", at: index) {
                flush()
                tokens.append(.open("<%"))
                inTag = true
                index += 2
            } else if matches("-%>\n", at: index) {
                flush()
                tokens += [.close, .trimmedNewline]
                inTag = false
                index += 4
                atLineStart = true
                continue
            } else if matches("-%>", at: index) || matches("%>", at: index) {
                flush()
                tokens.append(.close)
                inTag = false
                index += matches("-%>", at: index) ? 3 : 2
            } else {
                text.append(chars[index])
                atLineStart = chars[index] == "\n"
                index += 1
                continue
            }
            atLineStart = false
        }
        flush()
        return tokens
    }
}
