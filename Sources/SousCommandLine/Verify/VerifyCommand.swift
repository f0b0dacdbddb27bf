import ArgumentParser
import CSystem
import Glibc
import SousChefServer
import SousLanguage
import SousSupport
import SousVerify

/// `sous verify [SPEC_FILE_OR_DIR...]`: runs rspec spec files (by default every
/// `spec/**/*_spec.rb` here) with sous's interpreter, with infrataster's servers and
/// resources on the Chef server's nodes, load and heartbeat tests, and rspec's reports.
/// Exits 0 when every example passes, 1 when one fails, 2 when the specs cannot run.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run rspec/infrataster specs against the cluster (like rspec).")

    @Argument(help: "Spec files or folders (default: spec/).")
    var paths: [String] = []

    @Option(name: [.customShort("c"), .customLong("config")], help: "The configuration file (knife.rb, config.rb) of the Chef server whose nodes are the servers.")
    var config: String?

    @Flag(name: [.customShort("z"), .customLong("local-mode")], help: "The servers are the nodes of this chef-repo, served for the run.")
    var localMode = false

    @Option(name: [.customShort("E"), .customLong("environment")], help: "The Chef environment whose nodes are the servers.")
    var environment: String?

    @Option(name: [.customShort("f"), .customLong("format")],
            help: "Report format: progress (default), doc, junit or json; repeat for several reports.")
    var formats: [String] = []

    @Option(name: [.customShort("o"), .customLong("out")], help: "Write the report of the --format before it to this file; repeatable.")
    var outs: [String] = []

    @Option(name: [.customShort("e"), .customLong("example")], help: "Run only the examples whose full description contains this text.")
    var example: String?

    @Flag(name: .customLong("color"), inversion: .prefixedNo, help: "Colour the console report (default: when it is a terminal).")
    var color: Bool?

    func validate() throws {
        for format in formats where ReportFormat(name: format) == nil {
            throw ValidationError("format \(format) is not one of progress, doc, junit, json")
        }
        if outs.count > max(formats.count, 1) {
            throw ValidationError("--out names more files than there are --format options")
        }
        if localMode && config != nil { throw ValidationError("give either -c CONFIG or -z, not both") }
    }

    func run() throws {
        let host = ProcessHost(digests: Digest.named)
        let code: Int32 = LargeStack.run {
            let interpreter = Interpreter(host: host)
            do {
                let files = try SpecFiles.find(paths, host: host)
                let reports = ReportPlan(formats: formats, outs: outs, color: color ?? (isatty(1) == 1), host: host)
                // The Chef server's nodes are the servers when a config is given or found, or with -z.
                var directory: ChefServerDirectory?
                if localMode || config != nil || ChefConfig.locate(host: host) != nil {
                    let knife = try KnifeOptions.parse((config.map { ["-c", $0] } ?? []) + (localMode ? ["-z"] : []))
                    directory = ChefServerDirectory(options: knife, environment: environment, host: host)
                }
                defer { directory?.finish() }
                if environment != nil && directory == nil {
                    throw SpecsCannotRun(reason: "-E records the verification on the Chef server: give -c CONFIG (or -z)")
                }
                let session = try SpecSession(interpreter: interpreter, reporters: reports.consoles, servers: directory ?? NoServers())
                SpecFiles.resolveRequires(in: interpreter, host: host)
                try session.load(files)
                let suite = try session.run(filter: example)
                try reports.finish(suite)
                host.flush()
                if let environment, let directory {
                    try directory.record(environment: environment, suite: suite, specFiles: files)
                    host.writeError("Recorded this verification of environment \(environment) (\(suite.exitCode == 0 ? "passed" : "failed")) "
                                    + "on the Chef server: data bag \(VerificationRecord.bag), item \(environment).\n")
                }
                if !suite.outsideErrors.isEmpty && suite.examples.isEmpty { return 2 }
                return suite.exitCode
            } catch {
                host.flush()
                let report = ErrorReporter.report(error, interpreter: interpreter, source: nil)
                host.writeError(report.text)
                host.flush()
                return 2
            }
        }
        if code != 0 { throw ExitCode(code) }
    }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(cString: buffer)
    }

    /// ISO 8601 with the local offset, as rspec_junit_formatter writes the suite's start.
    static func timestamp(_ host: ProcessHost) -> String {
        let now = host.now()
        let offset = now.utcOffset
        let sign = offset < 0 ? "-" : "+"
        return CivilTime(seconds: now.seconds, offset: offset).iso8601
            + "\(sign)\(CivilTime.pad(abs(offset) / 3600)):\(CivilTime.pad(abs(offset) % 3600 / 60))"
    }
}

/// Which reports a run writes, and where: as in rspec, an --out names the file of the
/// --format just before it, so with fewer files than formats the first formats print on the
/// terminal. Console reports stream as the examples run; JUnit and JSON are written at the end.
struct ReportPlan {
    private var reports: [(ReportFormat, String?)] = []
    private(set) var consoles: [SpecReporter] = []
    private var buffered: [(String, TextBuffer)] = []
    private let host: ProcessHost

    init(formats: [String], outs: [String], color: Bool, host: ProcessHost) {
        self.host = host
        let chosen = formats.isEmpty ? ["progress"] : formats
        let firstWithFile = chosen.count - outs.count
        for (index, name) in chosen.enumerated() {
            reports.append((ReportFormat(name: name) ?? .progress, index >= firstWithFile ? outs[index - firstWithFile] : nil))
        }
        for (format, out) in reports {
            let style: ConsoleReport.Style
            switch format {
            case .documentation: style = .documentation
            case .progress: style = .progress
            case .junit, .json: continue
            }
            if let out {
                let buffer = TextBuffer()
                buffered.append((out, buffer))
                consoles.append(ConsoleReport(style: style, color: false, shell: host.environmentVariable("SHELL"), write: { buffer.text += $0 }))
            } else {
                consoles.append(ConsoleReport(style: style, color: color, shell: host.environmentVariable("SHELL"), write: { host.writeOutput($0); host.flush() }))
            }
        }
    }

    /// Writes the file reports and the JUnit and JSON ones.
    func finish(_ suite: SuiteResult) throws {
        for (out, buffer) in buffered { try host.writeFile(out, Array(buffer.text.utf8), append: false) }
        for (format, out) in reports {
            let text: String
            switch format {
            case .junit: text = JUnitReport.xml(suite, hostname: VerifyCommand.hostname(), timestamp: VerifyCommand.timestamp(host))
            case .json: text = JSONReport.json(suite)
            default: continue
            }
            if let out { try host.writeFile(out, Array(text.utf8), append: false) } else { host.writeOutput(text) }
        }
    }
}

/// A report written to a file when the run ends.
final class TextBuffer {
    var text = ""
}

enum ReportFormat {
    case progress, documentation, junit, json

    init?(name: String) {
        switch name {
        case "p", "progress": self = .progress
        case "d", "doc", "documentation": self = .documentation
        case "j", "json": self = .json
        case "junit", "RspecJunitFormatter": self = .junit
        default: return nil
        }
    }
}

/// Which spec files run, named as rspec names them (`./spec/web_spec.rb`), sorted.
enum SpecFiles {
    static func find(_ paths: [String], host: ProcessHost) throws -> [String] {
        let roots = paths.isEmpty ? ["spec"] : paths
        var files: [String] = []
        for root in roots {
            switch host.fileKind(root) {
            case .directory?: files += try walk(root, host: host)
            case nil:
                throw SpecFilesMissing(path: root)
            default: files.append(root)
            }
        }
        return Array(Set(files.map { display($0, host: host) })).sorted()
    }

    private static func walk(_ directory: String, host: ProcessHost) throws -> [String] {
        var found: [String] = []
        for name in try host.listDirectory(directory).sorted() where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if host.fileKind(path) == .directory {
                found += try walk(path, host: host)
            } else if name.hasSuffix("_spec.rb") {
                found.append(path)
            }
        }
        return found
    }

    /// `spec/x_spec.rb` and `/here/spec/x_spec.rb` → `./spec/x_spec.rb`.
    static func display(_ path: String, host: ProcessHost) -> String {
        let absolute = host.absolutePath(path)
        let here = host.currentDirectory()
        let prefix = here.hasSuffix("/") ? here : here + "/"
        return absolute.hasPrefix(prefix) ? "./" + absolute.dropFirst(prefix.count) : absolute
    }

    /// `require 'spec_helper'` loads spec/spec_helper.rb, as rspec puts spec/ (and lib/) on the load path.
    static func resolveRequires(in interpreter: Interpreter, host: ProcessHost) {
        interpreter.libraryResolver = { name in
            for folder in ["spec", "lib"] {
                let path = "./\(folder)/\(name).rb"
                if host.fileKind(path) == .file { return path }
            }
            return nil
        }
    }
}

struct SpecFilesMissing: UserFacingError {
    let path: String
    var description: String {
        "\(path): no such spec file or folder (run sous verify in the repository, or name the spec files)"
    }
}
