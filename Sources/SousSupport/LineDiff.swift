/// Unified diff hunks between two lists of lines (`diff -u`'s body, three lines of context):
/// what Chef prints under a changed file and rspec under a failed `eq` of two texts.
public enum LineDiff {
    /// The hunks: `@@ -1,3 +1,3 @@` headers, then lines marked ` `, `-` or `+`.
    public static func hunks(old a: [String], new b: [String]) -> [String] {
        let edits = self.edits(old: a, new: b)
        var output: [String] = []
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

    public struct Edit: Sendable {
        public enum Kind: Sendable { case same, delete, insert }
        public let kind: Kind
        public let text: String
        /// Lines before this one in the old and the new list.
        public let oldLine: Int
        public let newLine: Int
    }

    /// The shortest edit script by longest common subsequence: a line of `a` deleted
    /// before a line of `b` inserted where either keeps the script shortest.
    public static func edits(old a: [String], new b: [String]) -> [Edit] {
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
