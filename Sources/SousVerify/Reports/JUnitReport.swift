import SousSupport

/// The JUnit XML that rspec_junit_formatter 0.4.1 writes (`--format junit --out FILE`),
/// which Jenkins' JUnit plugin reads: one `<testcase>` per example with its classname
/// (the spec file's path as a dotted name), full description, file and time; `<failure>`
/// with the exception's message and class and the console's failure lines; `<skipped/>`
/// for pending ones. Load and heartbeat summaries go in the testcase's `<system-out>`.
public enum JUnitReport {
    public static func xml(_ suite: SuiteResult, hostname: String, timestamp: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuite name=\"rspec\" tests=\"\(suite.examples.count)\" skipped=\"\(suite.pending.count)\" "
            + "failures=\"\(suite.failures.count)\" errors=\"\(suite.outsideErrors.count)\" time=\"\(FixedDecimal.format(suite.duration, places: 6))\" "
            + "timestamp=\"\(escape(timestamp))\" hostname=\"\(escape(hostname))\">\n"
        xml += "<properties>\n<property name=\"seed\" value=\"0\"/>\n</properties>\n"
        for example in suite.examples {
            xml += "<testcase classname=\"\(escape(classname(example.topLevelFile)))\" name=\"\(escape(example.recordedFullDescription))\" "
                + "file=\"\(escape(example.topLevelFile))\" time=\"\(FixedDecimal.format(example.runTime, places: 6))\">"
            switch example.status {
            case .passed: break
            case .pending: xml += "<skipped/>"
            case .failed:
                if let failure = example.failure {
                    let (message, type, body) = failureParts(example, failure)
                    xml += "<failure message=\"\(escape(message))\" type=\"\(escape(type))\">\(escape(body))</failure>"
                }
            }
            if !example.notes.isEmpty {
                xml += "<system-out>\(escape(example.notes.joined(separator: "\n")))</system-out>"
            }
            xml += "</testcase>\n"
        }
        for error in suite.outsideErrors {
            let body = FailureLines.lines(error.failure, number: "").map(\.text).joined(separator: "\n")
            xml += "<testcase classname=\"rspec\" name=\"\(escape(error.context))\" file=\"\" time=\"0.000000\">"
                + "<error message=\"\(escape(error.failure.message))\" type=\"\(escape(error.failure.className))\">\(escape(body))</error></testcase>\n"
        }
        return xml + "</testsuite>\n"
    }

    /// `./spec/web_spec.rb` → `spec.web_spec`.
    static func classname(_ file: String) -> String {
        var name = file.hasSuffix(".rb") ? String(file.dropLast(3)) : file
        name = name.split(separator: "/", omittingEmptySubsequences: false).joined(separator: ".")
        while name.hasPrefix(".") { name.removeFirst() }
        while name.hasSuffix(".") { name.removeLast() }
        return name
    }

    private static func failureParts(_ example: ExampleResult, _ failure: SpecFailure) -> (String, String, String) {
        if example.fixed {
            return ("Expected example to fail since it is pending, but it passed.", "RSpec::Core::Pending::PendingExampleFixedError",
                    failure.message + "\n" + example.location)
        }
        let frames = failure.backtrace.joined(separator: "\n")
        if !failure.aggregated.isEmpty {
            // rspec's aggregate error has no message of its own: the formatter shows its class.
            return (failure.className, failure.className, "\n" + frames)
        }
        let lines = FailureLines.lines(failure, number: "").filter { $0.kind != .frame }.map(\.text)
        return (failure.message, failure.className, lines.joined(separator: "\n") + "\n" + frames)
    }

    /// XML's five entities, and the characters XML 1.0 cannot hold as rspec_junit_formatter writes them.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\0": escaped += "\\0"
            case "\u{1B}": escaped += "\\e"
            default:
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    escaped += "\\x" + (hex.count == 1 ? "0" : "") + hex
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }
}

/// rspec's JSON format (`--format json`): every example with its status, location, run time
/// and exception, and the summary counts.
public enum JSONReport {
    public static func json(_ suite: SuiteResult) -> String {
        let examples: [JSON] = suite.examples.map { example in
            var fields: [(String, JSON)] = [
                ("id", .string(example.id)),
                ("description", .string(example.description)),
                ("full_description", .string(example.fullDescription)),
                ("status", .string(example.status.rawValue)),
                ("file_path", .string(example.file)),
                ("line_number", .integer(example.line)),
                ("run_time", .float(example.runTime)),
                ("pending_message", example.pendingReason.map { .string($0) } ?? .null),
            ]
            if let failure = example.failure, example.status == .failed {
                fields.append(("exception", .object([
                    ("class", .string(failure.className)),
                    ("message", .string(failure.message)),
                    ("backtrace", .array(failure.backtrace.map { .string($0) })),
                ])))
            }
            if !example.notes.isEmpty { fields.append(("notes", .array(example.notes.map { .string($0) }))) }
            return .object(fields)
        }
        let failures = suite.failures.count, pending = suite.pending.count
        var line = "\(ConsoleReport.pluralize(suite.examples.count, "example")), \(ConsoleReport.pluralize(failures, "failure"))"
        if pending > 0 { line += ", \(pending) pending" }
        return JSON.object([
            ("version", .string("3.12.0")),
            ("examples", .array(examples)),
            ("summary", .object([
                ("duration", .float(suite.duration)),
                ("example_count", .integer(suite.examples.count)),
                ("failure_count", .integer(failures)),
                ("pending_count", .integer(pending)),
                ("errors_outside_of_examples_count", .integer(suite.outsideErrors.count)),
            ])),
            ("summary_line", .string(line)),
        ]).rendered() + "\n"
    }
}
