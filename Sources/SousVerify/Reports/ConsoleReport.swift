import SousSupport

/// rspec's console formats: documentation (`--format doc`: nested descriptions) and
/// progress (`.`, `F`, `*`), then the pending and failed examples, the summary and the
/// commands that re-run each failure, as rspec-core 3.12 prints them. Green, red, yellow and
/// cyan only on a terminal.
public final class ConsoleReport: SpecReporter {
    public enum Style: Sendable { case documentation, progress }

    private let style: Style
    private let color: Bool
    private let write: (String) -> Void
    private let quotesIDs: Bool
    private var failureCount = 0

    /// `shell` is `$SHELL`: rspec leaves a re-run id like `./spec/x_spec.rb[1:2]` bare only for
    /// the shells it knows take brackets unquoted (bash, ksh, fish) and quotes it otherwise.
    public init(style: Style, color: Bool, shell: String?, write: @escaping (String) -> Void) {
        self.style = style
        self.color = color
        self.write = write
        let shellName = (shell ?? "").split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        self.quotesIDs = !["bash", "ksh", "fish"].contains(shellName)
    }

    private func paint(_ text: String, _ code: Int) -> String {
        color && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private static let green = 32, red = 31, yellow = 33, blue = 34, cyan = 36

    public func groupStarted(_ description: String, depth: Int) {
        guard style == .documentation else { return }
        if depth == 0 { write("\n") }
        write(String(repeating: "  ", count: depth) + description.trimmingSpaces + "\n")
    }

    public func exampleStarted(_ description: String) {}

    public func exampleFinished(_ example: ExampleResult, depth: Int) {
        if example.status == .failed { failureCount += 1 }
        switch style {
        case .progress:
            switch example.status {
            case .passed: write(paint(".", Self.green))
            case .failed: write(paint("F", Self.red))
            case .pending: write(paint("*", Self.yellow))
            }
        case .documentation:
            let indentation = String(repeating: "  ", count: depth)
            let description = example.description.trimmingSpaces
            switch example.status {
            case .passed: write(indentation + paint(description, Self.green) + "\n")
            case .failed: write(indentation + paint("\(description) (FAILED - \(failureCount))", Self.red) + "\n")
            case .pending: write(indentation + paint("\(description) (PENDING: \(example.pendingReason ?? "No reason given"))", Self.yellow) + "\n")
            }
            for note in example.notes {
                for line in note.split(separator: "\n", omittingEmptySubsequences: false) {
                    write(line.isEmpty ? "\n" : indentation + "  " + paint(String(line), Self.cyan) + "\n")
                }
            }
        }
    }

    public func suiteFinished(_ suite: SuiteResult) {
        if style == .progress { write("\n") }
        dumpPending(suite)
        dumpFailures(suite)
        dumpSummary(suite)
    }

    private func dumpPending(_ suite: SuiteResult) {
        let pending = suite.pending
        guard !pending.isEmpty else { return }
        write("\nPending: (Failures listed here are expected and do not affect your suite's status)\n")
        for (index, example) in pending.enumerated() {
            let label = "  \(index + 1)) "
            write("\n" + label + example.fullDescription + "\n")
            if let failure = example.failure {
                let indentation = String(repeating: " ", count: label.count)
                write(indentation + paint("# \(example.pendingReason ?? "No reason given")", Self.yellow) + "\n")
                writeFailure(failure, number: "\(index + 1)", indentation: indentation, messageColor: Self.yellow)
            } else {
                // rspec indents these by five whatever the number's width.
                write("     " + paint("# \(example.pendingReason ?? "No reason given")", Self.yellow) + "\n")
                write("     " + paint("# \(example.location)", Self.cyan) + "\n")
            }
        }
    }

    private func dumpFailures(_ suite: SuiteResult) {
        let failures = suite.failures
        if !suite.outsideErrors.isEmpty && failures.isEmpty {
            for error in suite.outsideErrors {
                write("\n" + error.context + "\n")
                writeFailure(error.failure, number: "", indentation: "", messageColor: Self.red)
            }
        }
        guard !failures.isEmpty else { return }
        write("\nFailures:\n")
        for (index, example) in failures.enumerated() {
            let label = "  \(index + 1)) "
            let indentation = String(repeating: " ", count: label.count)
            write("\n" + label + example.fullDescription + (example.fixed ? " FIXED" : "") + "\n")
            if example.fixed, let failure = example.failure {
                write(indentation + paint(failure.message, Self.blue) + "\n")
                write(indentation + paint("# \(example.location)", Self.cyan) + "\n")
            } else if let failure = example.failure {
                writeFailure(failure, number: "\(index + 1)", indentation: indentation, messageColor: Self.red)
            }
        }
    }

    private func writeFailure(_ failure: SpecFailure, number: String, indentation: String, messageColor: Int) {
        for line in FailureLines.lines(failure, number: number) {
            guard !line.text.isEmpty else { write("\n"); continue }
            let code = line.kind == .frame ? Self.cyan : messageColor
            // The `N.1)` labels of aggregated failures stay uncoloured, as rspec's do.
            write(indentation + paint(line.text, code) + "\n")
        }
    }

    private func dumpSummary(_ suite: SuiteResult) {
        write("\nFinished in \(Self.duration(suite.duration)) (files took \(Self.duration(suite.loadDuration)) to load)\n")
        if suite.examples.isEmpty && suite.outsideErrors.isEmpty { write("No examples found.\n") }
        let failures = suite.failures.count, pending = suite.pending.count
        var totals = "\(Self.pluralize(suite.examples.count, "example")), \(Self.pluralize(failures, "failure"))"
        if pending > 0 { totals += ", \(pending) pending" }
        if !suite.outsideErrors.isEmpty {
            totals += ", \(Self.pluralize(suite.outsideErrors.count, "error")) occurred outside of examples"
        }
        let code = failures > 0 || !suite.outsideErrors.isEmpty ? Self.red : pending > 0 ? Self.yellow : Self.green
        write(paint(totals, code) + "\n")
        guard failures > 0 else { write("\n"); return }
        write("\nFailed examples:\n\n")
        var sharedLocations: [String: Int] = [:]
        for example in suite.examples { sharedLocations[example.location, default: 0] += 1 }
        for example in suite.failures {
            let rerun = sharedLocations[example.location, default: 0] > 1 ? quotedID(example.id) : example.location
            write(paint("rspec \(rerun)", Self.red) + " " + paint("# \(example.fullDescription)", Self.cyan) + "\n")
        }
        write("\n")
    }

    /// rspec-core's ShellEscape.quote: single quotes around, each `'` inside escaped as `\'`.
    private func quotedID(_ id: String) -> String {
        quotesIDs ? "'" + id.map { $0 == "'" ? "\\'" : String($0) }.joined() + "'" : id
    }

    static func pluralize(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }

    /// rspec's durations: five decimals under a second, two under two minutes, trailing
    /// zeros (and, as rspec does, any trailing non-1-9 run) dropped.
    static func duration(_ seconds: Double) -> String {
        let precision = seconds < 1 ? 5 : seconds < 120 ? 2 : seconds < 300 ? 1 : 0
        func formatted(_ value: Double) -> String {
            if value < 0 { return "0" }
            var text = FixedDecimal.format(value, places: precision)
            while let last = text.last, !("1"..."9").contains(last) { text.removeLast() }
            return text.isEmpty ? "0" : text
        }
        func secondsText(_ text: String) -> String { "\(text) second\(text == "1" ? "" : "s")" }
        if seconds > 60 {
            let minutes = Int(seconds.rounded()) / 60
            return "\(pluralize(minutes, "minute")) \(secondsText(formatted(seconds - Double(minutes * 60))))"
        }
        return secondsText(formatted(seconds))
    }
}

