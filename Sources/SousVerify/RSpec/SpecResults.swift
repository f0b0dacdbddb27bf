/// What a spec run found, as plain values: the reports are written from these, never from
/// Ruby objects (which live on the interpreter's thread only).
public enum ExampleStatus: String, Sendable {
    case passed, failed, pending
}

/// An exception an example ended with (or, in `aggregate_failures`, each one it collected).
public struct SpecFailure: Sendable {
    /// `RSpec::Expectations::ExpectationNotMetError`, `RuntimeError`, ...
    public var className: String
    public var message: String
    /// Frames in the spec files, as `./spec/x_spec.rb:5:in `block (2 levels) in <top (required)>'`.
    public var backtrace: [String]
    /// The failed source lines rspec quotes after `Failure/Error:`.
    public var sourceLines: [String]
    /// The failures an `aggregate_failures` block collected.
    public var aggregated: [SpecFailure] = []

    /// rspec prints the class of an exception that is not its own (`RuntimeError:`).
    public var isExpectationFailure: Bool { className.contains("RSpec") }
}

public struct ExampleResult: Sendable {
    public var description: String
    public var fullDescription: String
    /// The full description rspec records (JUnit's name): no `example at` stand-in.
    public var recordedFullDescription: String
    /// The descriptions of the groups it is in, outermost first.
    public var groups: [String]
    /// The spec file as rspec shows it (`./spec/web_spec.rb`), and the line of its `it`.
    public var file: String
    public var line: Int
    /// The file of its outermost group (JUnit's classname and file come from it).
    public var topLevelFile: String
    /// rspec's id: `./spec/web_spec.rb[1:2]`.
    public var id: String
    public var status: ExampleStatus
    public var pendingReason: String?
    /// A pending example that passed: it fails.
    public var fixed: Bool = false
    public var failure: SpecFailure?
    public var runTime: Double
    /// What the example measured (a load or heartbeat summary), printed under it.
    public var notes: [String] = []

    public var location: String { "\(file):\(line)" }
}

/// An error outside any example: a spec file that fails to load, an `after(:all)` hook.
public struct OutsideError: Sendable {
    /// `An error occurred while loading ./spec/x_spec.rb.`
    public var context: String
    public var failure: SpecFailure
}

public struct SuiteResult: Sendable {
    public var examples: [ExampleResult] = []
    public var outsideErrors: [OutsideError] = []
    /// Seconds the examples ran, and the spec files took to load.
    public var duration: Double = 0
    public var loadDuration: Double = 0
    public var startedAt: Double = 0

    public var failures: [ExampleResult] { examples.filter { $0.status == .failed } }
    public var pending: [ExampleResult] { examples.filter { $0.status == .pending } }

    /// rspec's exit status: 1 on any failure or error outside examples, else 0.
    public var exitCode: Int32 { failures.isEmpty && outsideErrors.isEmpty ? 0 : 1 }
}

/// What a report sees while the specs run. Groups and examples come in run order.
public protocol SpecReporter: AnyObject {
    func groupStarted(_ description: String, depth: Int)
    func exampleStarted(_ description: String)
    func exampleFinished(_ example: ExampleResult, depth: Int)
    func suiteFinished(_ suite: SuiteResult)
}
