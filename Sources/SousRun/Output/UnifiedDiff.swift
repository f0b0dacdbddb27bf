import SousSupport

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
        return ["--- \(oldLabel)", "+++ \(newLabel)"] + LineDiff.hunks(old: a, new: b)
    }

    private static func isBinary(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(8192).contains(0)
    }

    private static func splitLines(_ bytes: [UInt8]) -> [String] {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
