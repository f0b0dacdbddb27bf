/// The unified diff Chef shows under a changed file (`diff -u`, three lines of context).
enum UnifiedDiff {
    /// Larger files are not diffed, as Chef does not (its limit is 1 MB).
    static let maximumSize = 1_000_000

    /// The diff lines, or one line saying why there is none.
    static func lines(old: [UInt8], new: [UInt8], oldLabel: String, newLabel: String) -> [String] {
        if old.count > maximumSize || new.count > maximumSize {
            return ["(file sizes exceed \(maximumSize) bytes, diff output suppressed)"]
        }
        if isBinary(old) || isBinary(new) { return ["(current file is binary, diff output suppressed)"] }
        let a = splitLines(old), b = splitLines(new)
        if a.count * b.count > 25_000_000 { return ["(files too different to diff, diff output suppressed)"] }
        let edits = script(a, b)
        var output = ["--- \(oldLabel)", "+++ \(newLabel)"]
        var index = 0
        while index < edits.count {
            guard let firstChange = edits[index...].firstIndex(where: { $0.kind != .same }) else { break }
            // A hunk runs from three lines before a change to three lines after the last
            // change that is at most six lines from the one before it.
            let start = max(index, firstChange - 3)
            var end = firstChange
            var scan = firstChange
            while scan < edits.count {
                if edits[scan].kind != .same { end = scan }
                if scan - end > 6 { break }
                scan += 1
            }
            let stop = min(edits.count, end + 4)
            let hunk = edits[start..<stop]
            let oldStart = hunk.first.map { $0.oldLine } ?? 0
            let newStart = hunk.first.map { $0.newLine } ?? 0
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            output.append("@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@")
            for edit in hunk {
                switch edit.kind {
                case .same: output.append(" " + edit.text)
                case .delete: output.append("-" + edit.text)
                case .insert: output.append("+" + edit.text)
                }
            }
            index = stop
        }
        return output
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        // diff -u numbers lines from 1, and an empty range by the line before it.
        let first = count == 0 ? start : start + 1
        return count == 1 ? "\(first)" : "\(first),\(count)"
    }

    private static func isBinary(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(8192).contains(0)
    }

    private static func splitLines(_ bytes: [UInt8]) -> [String] {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    struct Edit {
        enum Kind { case same, delete, insert }
        let kind: Kind
        let text: String
        /// Lines before this one in the old and the new file.
        let oldLine: Int
        let newLine: Int
    }

    /// The shortest edit script by longest common subsequence.
    private static func script(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count, m = b.count
        var lengths = [Int](repeating: 0, count: (n + 1) * (m + 1))
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lengths[i * (m + 1) + j] = a[i] == b[j]
                        ? lengths[(i + 1) * (m + 1) + j + 1] + 1
                        : max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1])
                }
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                edits.append(Edit(kind: .same, text: a[i], oldLine: i, newLine: j))
                i += 1
                j += 1
            } else if j < m && (i == n || lengths[i * (m + 1) + j + 1] > lengths[(i + 1) * (m + 1) + j]) {
                edits.append(Edit(kind: .insert, text: b[j], oldLine: i, newLine: j))
                j += 1
            } else {
                edits.append(Edit(kind: .delete, text: a[i], oldLine: i, newLine: j))
                i += 1
            }
        }
        return edits
    }
}
