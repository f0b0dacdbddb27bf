import Foundation

/// A scratch folder to converge recipes in with the built `sous`; each test removes it with
/// `cleanUp()` in a `defer`.
struct ConvergeScratch {
    let root: URL

    init(_ label: String) throws {
        root = try TestPaths.makeScratchDirectory(label)
    }

    var path: String { root.path }

    func cleanUp() {
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes `text` at `relative` (making folders), returning the absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// `sous apply RECIPE ARGS` where the recipe text may use `{DIR}` for this folder.
    func apply(_ recipe: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> ProcessResult {
        let file = try write("recipe.rb", recipe.replacingOccurrences(of: "{DIR}", with: path))
        return try ProcessRunner.run(TestPaths.sous, ["apply", file] + arguments, directory: root, environment: environment)
    }

    /// Output with this folder written as `{DIR}` and the elapsed time as `N.NN`, for
    /// comparing with golden files.
    func normalized(_ text: String) -> String {
        var result = text.replacingOccurrences(of: path, with: "{DIR}")
        if let regex = try? NSRegularExpression(pattern: "in [0-9]+\\.[0-9]{2} seconds") {
            result = regex.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result),
                                                    withTemplate: "in N.NN seconds")
        }
        return result
    }

    /// The `* type[name] action act` lines of a run, in order, without what follows them.
    static func actionLines(_ output: String) -> [String] {
        output.split(separator: "\n").filter { $0.hasPrefix("  * ") }.map { String($0.dropFirst(4)) }
    }

    /// Every path below this folder with its modification time and inode, to show a run
    /// changed nothing.
    func snapshot() throws -> [String: String] {
        var result: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: path) else { return result }
        for case let relative as String in walker {
            var info = stat()
            guard lstat(root.appendingPathComponent(relative).path, &info) == 0 else { continue }
            result[relative] = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) inode \(info.st_ino) mode \(String(info.st_mode, radix: 8))"
        }
        return result
    }
}
