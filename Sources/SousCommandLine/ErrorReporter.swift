import SousChefData
import SousChefServer
import SousLanguage
import SousSupport
import SousProvisioning
import SousRun
import SousSSH

/// The one place that turns errors into what the user reads and the exit code.
///
/// Libraries throw values (`Diagnostic`, `RubyError`, ...); only this type prints them.
public enum ErrorReporter {
    public struct Report {
        public var text: String
        public var exitCode: Int32
    }

    public static func report(_ error: Error, interpreter: Interpreter?, source: SourceFile?) -> Report {
        switch error {
        case let diagnostic as Diagnostic:
            let file = source.flatMap { $0.path == diagnostic.location.file ? $0 : nil }
                ?? interpreter?.source(for: diagnostic.location.file)
                ?? (try? FileSystem.readRegularFile(diagnostic.location.file, limit: 4 << 20)).map { SourceFile(path: diagnostic.location.file, bytes: $0) }
            return Report(text: DiagnosticRenderer.render(diagnostic, source: file), exitCode: 1)
        case let ruby as RubyError:
            return rubyError(ruby, interpreter: interpreter)
        case let hostError as HostError:
            return Report(text: "sous: \(hostError.path): \(hostError.reason)\n", exitCode: 1)
        case let failure as ResourceFailure:
            return Report(text: resourceFailure(failure), exitCode: 1)
        case let failures as MultipleFailures:
            var text = "sous: \(failures.failures.count) resources failed:\n"
            for failure in failures.failures { text += resourceFailure(failure) }
            return Report(text: text, exitCode: 1)
        case let explained as UserFacingError:
            return Report(text: "sous: \(explained)\n", exitCode: 1)
        case let failure as CommandFailure:
            return Report(text: "sous: \(failure.message)\n", exitCode: 1)
        case let usage as UsageError:
            return Report(text: "sous: \(usage.message)\n", exitCode: 2)
        default:
            if let interpreter, let described = interpreter.describeUncaughtControlFlow(error) {
                return rubyError(described, interpreter: interpreter)
            }
            return Report(text: "sous: internal error: \(error)\n", exitCode: 70)
        }
    }

    /// A resource that failed: where it was declared, what it is, and why.
    static func resourceFailure(_ failure: ResourceFailure) -> String {
        let declaration = failure.declaration
        return "\(declaration.file):\(declaration.line): error: \(failure.resource) action \(failure.action) failed: "
            + "\(failure.message) (\(failure.errorClass))\n"
    }

    /// An uncaught Ruby exception, as Ruby prints it: where it was raised, the message and
    /// class, then the backtrace.
    static func rubyError(_ error: RubyError, interpreter: Interpreter?) -> Report {
        let exception = error.exception
        let className = exception.klass.realClass.displayName
        if className == "SystemExit" {
            var status: Int32 = 0
            if case .integer(let code) = exception.getInstanceVariable("@status") { status = Int32(truncatingIfNeeded: code) }
            return Report(text: "", exitCode: status)
        }
        var message = className
        if let interpreter, let text = try? interpreter.toS(interpreter.callMethod(.object(exception), "message", Args())) {
            message = text
        }
        let trace = exception.backtrace ?? []
        if className == "NoMemoryError" {
            // Ruby has no memory left to say where: the script's name, the message, no trace.
            let entry = trace.first ?? "sous"
            let file = entry.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? entry
            return Report(text: "\(file): \(message) (NoMemoryError)\n", exitCode: 1)
        }
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.isEmpty { lines = [""] }
        let first = trace.first ?? "sous"
        var text: String
        if message.isEmpty || message == className {
            text = "\(first): \(className) (\(className))\n"
            if message.isEmpty { text = "\(first): unhandled exception\n" }
        } else {
            text = "\(first): \(lines[0]) (\(className))\n"
            for line in lines.dropFirst() { text += line + "\n" }
        }
        text += backtraceLines(trace, stackOverflow: className == "SystemStackError")
        return Report(text: text, exitCode: 1)
    }

    /// The `from` lines after the first. Like Ruby, a stack overflow's thousands of identical
    /// frames are cut to the first eight and the last four around a `... N levels...` line.
    static func backtraceLines(_ trace: [String], stackOverflow: Bool) -> String {
        let head = 8, tail = 4
        var text = ""
        if stackOverflow && trace.count > 1 + head + 1 + tail {
            for entry in trace[1...head] { text += "\tfrom \(entry)\n" }
            text += "\t ... \(trace.count - 1 - head - tail) levels...\n"
            for entry in trace.suffix(tail) { text += "\tfrom \(entry)\n" }
            return text
        }
        for entry in trace.dropFirst() { text += "\tfrom \(entry)\n" }
        return text
    }
}

/// A command that could not do what it was asked, for a reason in the world rather than in
/// how it was called (the node to show does not exist).
public struct CommandFailure: Error {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}

/// A mistake in how sous was called (not in a recipe).
public struct UsageError: Error {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
