/// An error an action raises on purpose, in the terms Chef reports it: an exception class
/// name (`Mixlib::ShellOut::ShellCommandFailed`), a message, and lines of detail such as a
/// command's output.
public struct ActionError: Error {
    public let errorClass: String
    public let message: String
    public let details: [String]

    public init(_ errorClass: String = "RuntimeError", _ message: String, details: [String] = []) {
        self.errorClass = errorClass
        self.message = message
        self.details = details
    }
}

/// A resource's action that failed: which resource, where it was declared, and why. The
/// command line prints it as `file:line: error: ...`; the formatter prints the full report.
public struct ResourceFailure: Error {
    public let resource: String
    public let action: String
    public let declaration: Declaration
    public let errorClass: String
    public let message: String
    public let details: [String]
    /// The declaration's source lines, numbered, for the report.
    public let excerpt: [String]

    /// The one-line summary: `execute[false] (hello::default line 3) had an error: ...`.
    public var summary: String {
        "\(resource) (\(declaration.recipeName) line \(declaration.line)) had an error: \(errorClass): \(message)"
    }
}

/// Several failures at the end of a run: the converge's and those of delayed
/// notifications, which Chef still runs after a failure (`Chef::Exceptions::MultipleFailures`).
public struct MultipleFailures: Error {
    public let failures: [ResourceFailure]
}
