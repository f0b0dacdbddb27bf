import SousSupport

/// How rspec's console reports lay out a failure: the quoted source after `Failure/Error:`,
/// the exception's class (when it is not rspec's own) and message indented by two, then
/// the spec frames as `# ./spec/x_spec.rb:5:in ...`. `aggregate_failures` failures list
/// each collected failure numbered `N.1)`, `N.2)`.
enum FailureLines {
    enum Kind { case message, source, frame }

    struct Line {
        var text: String
        var kind: Kind
    }

    /// The lines under `  N) description`, before indentation.
    static func lines(_ failure: SpecFailure, number: String) -> [Line] {
        if !failure.aggregated.isEmpty {
            var lines = failure.message.split(separator: "\n", omittingEmptySubsequences: false).map { Line(text: String($0), kind: .message) }
            lines += failure.backtrace.map { Line(text: "# " + $0, kind: .frame) }
            for (index, inner) in failure.aggregated.enumerated() {
                let label = "\(number).\(index + 1)) "
                lines.append(Line(text: "", kind: .message))
                for (position, line) in self.lines(inner, number: "\(number).\(index + 1)").enumerated() {
                    let prefix = position == 0 ? label : String(repeating: " ", count: label.count)
                    lines.append(Line(text: line.text.isEmpty ? "" : prefix + line.text, kind: line.kind))
                }
            }
            return lines
        }
        var source = slashErrorLines(failure.sourceLines)
        var messageLines: [String] = []
        if !failure.isExpectationFailure { messageLines.append("\(failure.className):") }
        var messageParts = failure.message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while messageParts.last == "" { messageParts.removeLast() }
        messageLines += messageParts.map { $0.isEmpty ? $0 : "  " + $0 }
        if (source.count > 1 || messageLines.count > 1) && !(messageLines.first?.isEmpty ?? true) {
            source.append("")
        }
        return source.map { Line(text: $0, kind: .source) } + messageLines.map { Line(text: $0, kind: .message) }
            + failure.backtrace.map { Line(text: "# " + $0, kind: .frame) }
    }

    private static func slashErrorLines(_ lines: [String]) -> [String] {
        guard !lines.isEmpty else { return [] }
        if lines.count == 1 { return ["Failure/Error: " + lines[0].trimmingSpaces] }
        let indentation = lines.filter { !$0.trimmingSpaces.isEmpty }.map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
        return ["Failure/Error:"] + lines.map { $0.trimmingSpaces.isEmpty ? $0 : "  " + $0.dropFirst(indentation) }
    }
}

