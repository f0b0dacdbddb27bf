import SousLanguage
import SousSupport

/// One run of spec files in one interpreter: installs rspec (the Ruby sources beside this
/// file and the natives they call), loads the files, runs the examples and hands every
/// step to the reports as plain values.
public final class SpecSession {
    public let interpreter: Interpreter
    private let reporters: [SpecReporter]
    public private(set) var suite = SuiteResult()
    private var depth = 0
    private var exampleStartedAt = 0.0
    /// What the running example measured (load and heartbeat summaries), printed under it.
    public var currentNotes: [String] = []

    public init(interpreter: Interpreter, reporters: [SpecReporter], servers: ServerDirectory = NoServers()) throws {
        self.interpreter = interpreter
        self.reporters = reporters
        try install()
        try InfrastructureNatives.install(in: interpreter, session: self, directory: servers)
    }

    private func install() throws {
        let interp = interpreter
        for (path, text) in [(RSpecCoreSource.path, RSpecCoreSource.source), (RSpecExpectationsSource.path, RSpecExpectationsSource.source),
                             (RSpecMatchersSource.path, RSpecMatchersSource.source)] {
            _ = try interp.evaluate(SourceFile(path: path, text: text))
        }
        interp.acceptedLibraries.formUnion(["rspec", "rspec/core", "rspec/expectations", "infrataster/rspec",
                                            "infrataster-plugin-pgsql", "infrataster/plugin/pgsql", "serverspec"])
        let core = interp.module(path: "RSpec::Core")
        let expectations = interp.module(path: "RSpec::Expectations")
        interp.defineSingleton(core, "__sous_call_site") { interp, _, _ in
            let site = Self.callSite(interp.currentBacktrace())
            return interp.makeArray([interp.makeString(site.file), .integer(site.line)])
        }
        interp.defineSingleton(core, "__spec_backtrace") { interp, _, args in
            guard let exception = args[0].asException else { return interp.makeArray([]) }
            return interp.makeArray(Self.specFrames(exception.backtrace ?? []).map { interp.makeString($0) })
        }
        interp.defineSingleton(core, "__block_snippet") { interp, _, args in
            guard let proc = args[0].asProc, case .block(let literal) = proc.body,
                  let snippet = BlockSnippet.body(of: literal, in: interp.source(for: literal.location.file))
            else { return interp.makeString("result") }
            return interp.makeString("`\(snippet)`")
        }
        interp.defineSingleton(expectations, "__sous_diff") { interp, _, args in
            interp.makeString(try RSpecDiff.diff(actual: args[0], expected: args[1], interpreter: interp))
        }
        interp.defineSingleton(core, "__report") { [unowned self] interp, _, args in
            try self.report(try interp.toS(args[0]), args[1])
            return .null
        }
    }

    /// Loads each spec file (as rspec names it: `./spec/x_spec.rb`). A Ruby error while
    /// loading is an error outside examples; a syntax error is thrown (the specs cannot run).
    public func load(_ files: [String]) throws {
        let started = MonotonicClock.seconds()
        defer { suite.loadDuration += MonotonicClock.seconds() - started }
        for file in files {
            do {
                try interpreter.load(path: file)
            } catch let error as RubyError {
                suite.outsideErrors.append(OutsideError(context: "An error occurred while loading \(file).", failure: failure(from: error.exception)))
            }
        }
    }

    /// Runs every example (or those whose full description contains `filter`).
    public func run(filter: String?) throws -> SuiteResult {
        suite.startedAt = interpreter.host.now().seconds
        let started = MonotonicClock.seconds()
        if suite.outsideErrors.isEmpty {
            let core = interpreter.module(path: "RSpec::Core")
            _ = try interpreter.callMethod(.object(core), "run_all", Args([filter.map { interpreter.makeString($0) } ?? .null]))
        }
        suite.duration = MonotonicClock.seconds() - started
        for reporter in reporters { reporter.suiteFinished(suite) }
        return suite
    }

    // MARK: - Events from the Ruby runner

    private func report(_ event: String, _ object: Value) throws {
        switch event {
        case "group_started":
            let description = try text(object, "description")
            for reporter in reporters { reporter.groupStarted(description, depth: depth) }
            depth += 1
        case "group_finished":
            depth -= 1
        case "example_started":
            exampleStartedAt = MonotonicClock.seconds()
            currentNotes = []
            let description = try text(object, "description")
            for reporter in reporters { reporter.exampleStarted(description) }
        case "example_finished":
            let example = try exampleResult(object)
            suite.examples.append(example)
            for reporter in reporters { reporter.exampleFinished(example, depth: depth) }
        case "error_outside":
            if let exception = object.asException {
                suite.outsideErrors.append(OutsideError(context: "An error occurred in an `after(:context)` hook.", failure: failure(from: exception)))
            }
        default:
            break
        }
    }

    private func exampleResult(_ example: Value) throws -> ExampleResult {
        let group = try interpreter.callMethod(example, "group", Args())
        let file = try text(example, "file")
        let line = try interpreter.toInteger(try interpreter.callMethod(example, "line", Args()))
        let path = try interpreter.callMethod(group, "__id_path", Args()).asArray?.items.map { try interpreter.toS($0) } ?? []
        let index = try interpreter.toS(try interpreter.callMethod(example, "index", Args()))
        let topFile = try interpreter.toS(try interpreter.callMethod(try interpreter.callMethod(group, "__ancestry", Args()).asArray?.items.first ?? group, "__file", Args()))
        let groups = try interpreter.callMethod(group, "__ancestry", Args()).asArray?.items.map { try text($0, "description") } ?? []
        let status = try text(example, "status")
        let pendingReason = try interpreter.callMethod(example, "pending_reason", Args())
        let exception = try interpreter.callMethod(example, "exception", Args()).asException
        return ExampleResult(
            description: try text(example, "description"),
            fullDescription: try text(example, "full_description"),
            recordedFullDescription: try text(example, "recorded_full_description"),
            groups: groups, file: file, line: line, topLevelFile: topFile,
            id: "\(topFile)[\((path + [index]).joined(separator: ":"))]",
            status: status == "passed" ? .passed : status == "pending" ? .pending : .failed,
            pendingReason: pendingReason.isNil ? nil : try interpreter.toS(pendingReason),
            fixed: status == "fixed",
            failure: exception.map { failure(from: $0) },
            runTime: MonotonicClock.seconds() - exampleStartedAt,
            notes: currentNotes)
    }

    private func text(_ receiver: Value, _ method: String) throws -> String {
        try interpreter.toS(try interpreter.callMethod(receiver, method, Args()))
    }

    /// An exception as the reports show it; `aggregate_failures` keeps the ones it collected.
    func failure(from exception: RException) -> SpecFailure {
        let className = exception.klass.realClass.displayName
        let message = (try? interpreter.toS(try interpreter.callMethod(.object(exception), "message", Args()))) ?? ""
        let frames = Self.specFrames(exception.backtrace ?? [])
        var failure = SpecFailure(className: className, message: message, backtrace: frames,
                                  sourceLines: FailedSource.lines(at: frames.first, host: interpreter.host))
        if className == "RSpec::Expectations::MultipleExpectationsNotMetError",
           let all = try? interpreter.callMethod(.object(exception), "all_exceptions", Args()).asArray?.items {
            // Each collected failure shows only its own frames, not the ones it shares
            // with the aggregate (rspec truncates the common backtrace).
            failure.aggregated = all.compactMap { $0.asException.map { self.failure(from: $0) } }.map { inner in
                var inner = inner
                var shared = 0
                while shared < min(inner.backtrace.count - 1, frames.count),
                      inner.backtrace[inner.backtrace.count - 1 - shared] == frames[frames.count - 1 - shared] { shared += 1 }
                inner.backtrace.removeLast(shared)
                return inner
            }
        }
        return failure
    }

    // MARK: - Backtraces

    /// The frames of a backtrace in spec files, as rspec's backtrace filter keeps them.
    static func specFrames(_ backtrace: [String]) -> [String] {
        backtrace.filter { !$0.hasPrefix("<internal:") }
    }

    /// The innermost frame outside sous's own Ruby: where a spec file called `it`.
    static func callSite(_ backtrace: [String]) -> (file: String, line: Int) {
        for frame in backtrace where !frame.hasPrefix("<internal:") {
            if let location = FailedSource.location(of: frame) { return location }
        }
        return ("(unknown)", 0)
    }
}
