import SousLanguage
import SousSupport

/// The source lines rspec quotes after `Failure/Error:`: the line of the innermost spec
/// frame, and the lines after it while its expression is still open (a multi-line
/// `expect { ... }.to raise_error`).
enum FailedSource {
    static func lines(at frame: String?, host: Host) -> [String] {
        guard let frame, let (file, line) = location(of: frame),
              let bytes = try? host.readFile(file) else { return [] }
        let source = SourceFile(path: file, bytes: bytes)
        var lines: [String] = []
        var depth = 0
        for number in line..<(line + 40) {
            let text = source.lineText(number)
            if number > line && text.isEmpty && number > lineCount(bytes) { break }
            lines.append(text)
            depth += openings(in: text)
            // A chain goes on on the next line: `expect(x)` / `  .to eq(1)`.
            if depth <= 0 && !source.lineText(number + 1).trimmingSpaces.hasPrefix(".") { break }
        }
        return lines
    }

    /// `./spec/x_spec.rb:12:in `block ...'` as a file and line.
    static func location(of frame: String) -> (file: String, line: Int)? {
        let parts = frame.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let line = Int(parts[1]) else { return nil }
        return (String(parts[0]), line)
    }

    private static func lineCount(_ bytes: [UInt8]) -> Int {
        bytes.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// How many brackets and `do`/`end` blocks a line opens (negative when it closes more),
    /// outside string literals and comments.
    static func openings(in line: String) -> Int {
        var depth = 0
        var quote: Character?
        var escaped = false
        var word = ""
        var words: [String] = []
        for character in line {
            if let open = quote {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == open { quote = nil }
                continue
            }
            if character.isLetter || character == "_" || (character.isNumber && !word.isEmpty) {
                word.append(character)
                continue
            }
            if !word.isEmpty { words.append(word); word = "" }
            switch character {
            case "\"", "'": quote = character
            case "#": return depth + blockWords(words)
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            default: break
            }
        }
        if !word.isEmpty { words.append(word) }
        return depth + blockWords(words)
    }

    private static func blockWords(_ words: [String]) -> Int {
        var depth = 0
        for (index, word) in words.enumerated() {
            switch word {
            case "do", "begin", "case", "def", "class", "module": depth += 1
            case "if", "unless", "while", "until": if index == 0 { depth += 1 }
            case "end": depth -= 1
            default: break
            }
        }
        return depth
    }
}

/// The source of a block's body on its own line, as rspec quotes a `change { ... }`
/// block in its messages (``expected `items.size` to have changed by 2``).
enum BlockSnippet {
    static func body(of block: BlockLiteral, in source: SourceFile?) -> String? {
        guard let source else { return nil }
        let line = Array(source.lineText(block.location.line))
        var index = max(0, block.location.column - 1)
        // The literal may be located at `{` or just before it.
        while index < line.count && line[index] != "{" && !(line[index] == "d" && index + 1 < line.count && line[index + 1] == "o") { index += 1 }
        guard index < line.count else { return nil }
        let isBrace = line[index] == "{"
        let start = index + (isBrace ? 1 : 2)
        var depth = 1
        var position = start
        var quote: Character?
        while position < line.count {
            let character = line[position]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if isBrace && character == "{" {
                depth += 1
            } else if isBrace && character == "}" {
                depth -= 1
                if depth == 0 { break }
            }
            position += 1
        }
        if !isBrace {
            let rest = String(line[start...]).trimmingSpaces
            guard rest.hasSuffix(" end") else { return nil }
            return String(rest.dropLast(4)).trimmingSpaces
        }
        guard depth == 0 else { return nil }
        let body = String(line[start..<position]).trimmingSpaces
        return body.isEmpty ? nil : body
    }
}
