#if canImport(Glibc)
import Glibc
#endif
import SousSupport

/// chef-client's `doc` formatter: a `Recipe:` header, `  * type[name] action act` for each
/// action, indented `- change` lines and diffs, `(up to date)`, `(skipped due to not_if)`,
/// a full report of a failure, and a closing count with the elapsed time.
public final class DocFormatter: RunEvents {
    private let write: (String) -> Void
    private let colors: Bool
    private var currentRecipe: String?
    /// The `* resource action x` line is written without its newline until we know whether
    /// `(up to date)` ends it or change lines follow.
    private var lineOpen = false
    /// How deep in custom resource actions the resources printed now are.
    private var depth = 0
    private var indent: String { String(repeating: " ", count: 2 * depth) }

    public init(colors: Bool, write: @escaping (String) -> Void) {
        self.colors = colors
        self.write = write
    }

    /// On the host's standard output, in colour on a terminal unless `NO_COLOR` is set, each
    /// write flushed so that progress shows as it happens even through a pipe (CI logs, `tee`).
    public static func onStandardOutput(of host: Host) -> DocFormatter {
        DocFormatter(colors: isatty(1) != 0 && host.environmentVariable("NO_COLOR") == nil) { [host] in
            host.writeOutput($0)
            host.flush()
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func closeLine() {
        if lineOpen {
            write("\n")
            lineOpen = false
        }
    }

    public func convergeStarted(resourceCount: Int) {
        write("Converging \(resourceCount) resource\(resourceCount == 1 ? "" : "s")\n")
    }

    public func recipeStarted(_ recipeName: String) {
        guard recipeName != currentRecipe else { return }
        closeLine()
        currentRecipe = recipeName
        write("Recipe: \(recipeName)\n")
    }

    public func actionStarted(_ resource: Resource, action: String) {
        if depth == 0 { recipeStarted(resource.declaration.recipeName) }
        closeLine()
        write("\(indent)  * \(resource.identity) action \(action)")
        lineOpen = true
    }

    public func nestingChanged(by delta: Int) {
        closeLine()
        depth = max(0, depth + delta)
    }

    public func change(_ description: String) {
        closeLine()
        write(paint("\(indent)    - \(description)", "32") + "\n")
    }

    public func whyRunAssumption(_ lines: [String]) {
        closeLine()
        for line in lines { write(paint("\(indent)    * \(line)", "33") + "\n") }
    }

    public func detail(_ lines: [String]) {
        closeLine()
        for line in lines { write("\(indent)    \(line)\n") }
    }

    public func streamed(_ line: String) {
        closeLine()
        write("\(indent)    " + line + (line.hasSuffix("\n") ? "" : "\n"))
    }

    /// After a custom resource's nested resources the verdict goes on a line of its own,
    /// as chef-client's indented output puts it.
    public func actionUpToDate(_ resource: Resource, action: String) {
        write(lineOpen ? " (up to date)\n" : "\(indent)   (up to date)\n")
        lineOpen = false
    }

    public func actionSkipped(_ resource: Resource, action: String, reason: String) {
        write(lineOpen ? " (skipped due to \(reason))\n" : "\(indent)   (skipped due to \(reason))\n")
        lineOpen = false
    }

    public func actionCompleted(_ resource: Resource, action: String) {
        closeLine()
    }

    public func actionFailed(_ resource: Resource, action: String, error: ResourceFailure) {
        closeLine()
        let rule = String(repeating: "=", count: 80)
        var lines = ["", rule, "Error executing action `\(action)` on resource '\(resource.identity)'", rule, "",
                     error.errorClass, String(repeating: "-", count: error.errorClass.count), error.message]
        lines += error.details
        if !error.excerpt.isEmpty {
            lines += ["", "Resource Declaration:", "---------------------", "# In \(error.declaration.file)", ""]
            lines += error.excerpt.map { "  " + $0 }
        }
        lines.append("")
        for line in lines { write(line.isEmpty ? "\n" : paint("    " + line, "31") + "\n") }
    }

    public func convergeCompleted(updated: Int, total: Int, seconds: Double, whyRun: Bool) {
        closeLine()
        let verb = whyRun ? "would have been updated" : "updated in \(Self.formatSeconds(seconds)) seconds"
        write("\nInfra Phase complete, \(updated)/\(total) resources \(verb)\n")
    }

    public func convergeFailed(updated: Int, total: Int, seconds: Double, whyRun: Bool) {
        closeLine()
        let verb = whyRun ? "would have been updated" : "updated in \(Self.formatSeconds(seconds)) seconds"
        write("\nInfra Phase failed. \(updated) resources \(verb)\n")
    }

    /// Seconds with two decimals. Chef prints whole seconds ("01 seconds"); sous runs are
    /// usually well under one, and that is worth seeing.
    static func formatSeconds(_ seconds: Double) -> String {
        let hundredths = Int((max(0, seconds) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
