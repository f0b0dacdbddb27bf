/// A finding about user input (a recipe, a config file), as a value.
///
/// Libraries throw or collect these; only the command line turns them into text and exit
/// codes, through `DiagnosticRenderer`.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning, note
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    /// Further locations that explain the finding (for example where an unclosed block opened).
    public var notes: [(message: String, location: SourceLocation)]

    public init(_ severity: Severity = .error, _ message: String, at location: SourceLocation,
                notes: [(message: String, location: SourceLocation)] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Prints a diagnostic the way compilers do: `path:line:column: error: message`, the source
/// line, and a caret under the column.
public enum DiagnosticRenderer {
    public static func render(_ diagnostic: Diagnostic, source: SourceFile?) -> String {
        var out = diagnostic.description + "\n"
        if let source {
            out += annotatedLine(source, diagnostic.location)
        }
        for note in diagnostic.notes {
            out += "\(note.location): note: \(note.message)\n"
            if let source, note.location.file == source.path {
                out += annotatedLine(source, note.location)
            }
        }
        return out
    }

    static func annotatedLine(_ source: SourceFile, _ location: SourceLocation) -> String {
        let text = source.lineText(location.line)
        guard !text.isEmpty || location.column <= 1 else { return "" }
        // Keep the source line readable: tabs become spaces so the caret lines up,
        // and very long lines are cut around the column.
        var line = Array(text.replacingTabs())
        var column = max(location.column - 1, 0)
        if line.count > 160 {
            let start = max(0, min(column - 60, line.count - 160))
            line = Array(line[start..<min(line.count, start + 160)])
            column -= start
        }
        column = min(column, line.count)
        return "  " + String(line) + "\n  " + String(repeating: " ", count: column) + "^\n"
    }
}

private extension String {
    func replacingTabs() -> String {
        var out = ""
        for c in self { out.append(c == "\t" ? " " : c) }
        return out
    }
}
