import SousLanguage
import SousSupport

/// The `Diff:` rspec prints under a failed `eq`, `include` or `match`: when to diff and how
/// a value becomes lines follow rspec-support's differ; the hunks follow diff-lcs 1.5, the
/// version Debian's rspec runs, whose headers count one line more than they show when the
/// trailing context reaches the end, and which drops that context when it would be all of
/// the text (facts checked against Ruby; the differential suite compares the output).
enum RSpecDiff {
    static func diff(actual: Value, expected: Value, interpreter: Interpreter) throws -> String {
        if actual.isNil || expected.isNil { return "" }
        let flattened = flatten([actual, expected])
        if flattened.allSatisfy({ $0.asString != nil }) {
            guard let actualText = actual.asString?.value, let expectedText = expected.asString?.value,
                  actualText.contains("\n") || expectedText.contains("\n") else { return "" }
            return hunks(old: lines(expectedText), new: lines(actualText))
        }
        if flattened.contains(where: { value in
            switch value {
            case .integer, .float: return true
            default: return value.asProc != nil
            }
        }) { return "" }
        return hunks(old: lines(try text(of: expected, interpreter)), new: lines(try text(of: actual, interpreter)))
    }

    private static func flatten(_ values: [Value]) -> [Value] {
        values.flatMap { value in value.asArray.map { flatten($0.items) } ?? [value] }
    }

    private static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A value as rspec's differ writes it: a hash one `key => value,` line per key, sorted.
    private static func text(of value: Value, _ interpreter: Interpreter) throws -> String {
        if let hash = value.asHash {
            let entries = try hash.pairs.map { (try interpreter.toS(try interpreter.callMethod($0.0, "to_s", Args())),
                                                "\(try interpreter.inspect($0.0)) => \(try interpreter.inspect($0.1)),") }
            return entries.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: "\n")
        }
        if let string = value.asString?.value {
            return string.contains("\n") ? string : try interpreter.inspect(value)
        }
        return try interpreter.inspect(value)
    }

    /// One change block of the edit script: the old lines it removes, the new lines it adds.
    private struct Piece {
        var removes: [Int] = []
        var inserts: [Int] = []
    }

    private struct Hunk {
        var pieces: [Piece]
        var startOld: Int, startNew: Int, endOld: Int, endNew: Int

        func overlaps(_ previous: Hunk) -> Bool {
            startOld - previous.endOld <= 1 || startNew - previous.endNew <= 1
        }
    }

    static func hunks(old: [String], new: [String]) -> String {
        let pieces = changePieces(old: old, new: new)
        var made: [Hunk] = []
        var lengthDifference = 0
        for piece in pieces {
            let before = lengthDifference
            let size = piece.inserts.count - piece.removes.count
            let after = before + size
            lengthDifference = after
            var startOld = piece.removes.first ?? (piece.inserts[0] - before)
            var startNew = piece.inserts.first ?? (piece.removes[0] + before)
            var endOld = piece.removes.last ?? (piece.inserts.last! - after)
            var endNew = piece.inserts.last ?? (piece.removes.last! + after)
            let context = 3
            let addStart = min(context, startOld)
            startOld -= addStart
            startNew -= addStart
            var addEnd = endOld + context > old.count ? old.count - endOld : context
            if addEnd >= old.count { addEnd = abs(size) }
            endOld += addEnd
            endNew += addEnd
            made.append(Hunk(pieces: [piece], startOld: startOld, startNew: startNew, endOld: endOld, endNew: endNew))
        }
        guard !made.isEmpty else { return "\n" }
        var output = "\n"
        for index in 1..<max(1, made.count) where made.count > 1 {
            let previous = made[index - 1]
            if made[index].overlaps(previous) {
                made[index].startOld = previous.startOld
                made[index].startNew = previous.startNew
                made[index].pieces = previous.pieces + made[index].pieces
            } else {
                output += render(previous, old: old, new: new)
            }
            output += "\n"
        }
        return output + render(made[made.count - 1], old: old, new: new) + "\n"
    }

    private static func range(_ start: Int, _ end: Int) -> String {
        let first = start + 1, last = end + 1
        let length = last - first + 1
        return length <= 1 ? "\(length < 2 ? last : first)" : "\(first),\(length)"
    }

    private static func render(_ hunk: Hunk, old: [String], new: [String]) -> String {
        var lines = hunk.startOld < old.count
            ? old[hunk.startOld...min(hunk.endOld, old.count - 1)].map { " " + $0 } : []
        var added = 0, removed = 0
        for piece in hunk.pieces {
            for position in piece.removes {
                let offset = position - hunk.startOld + added
                if offset >= 0 && offset < lines.count { lines[offset] = "-" + lines[offset].dropFirst() }
                removed += 1
            }
            for position in piece.inserts {
                let offset = min(max(0, position - hunk.startNew + removed), lines.count)
                lines.insert("+" + new[position], at: offset)
                added += 1
            }
        }
        return "@@ -\(range(hunk.startOld, hunk.endOld)) +\(range(hunk.startNew, hunk.endNew)) @@\n" + lines.joined(separator: "\n")
    }

    /// The edit script's change blocks: each run of deletions and insertions between two
    /// unchanged lines, as diff-lcs groups them.
    private static func changePieces(old: [String], new: [String]) -> [Piece] {
        var pieces: [Piece] = []
        var current = Piece()
        for edit in LineDiff.edits(old: old, new: new) {
            switch edit.kind {
            case .same:
                if !current.removes.isEmpty || !current.inserts.isEmpty { pieces.append(current) }
                current = Piece()
            case .delete: current.removes.append(edit.oldLine)
            case .insert: current.inserts.append(edit.newLine)
            }
        }
        if !current.removes.isEmpty || !current.inserts.isEmpty { pieces.append(current) }
        return pieces
    }
}
