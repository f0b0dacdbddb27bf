/// A Ruby single-quoted string literal of `text`, for Ruby that sous writes (client.rb):
/// backslashes and quotes escaped.
public func rubyString(_ text: String) -> String {
    "'" + text.split(separator: "\\", omittingEmptySubsequences: false).joined(separator: "\\\\")
        .split(separator: "'", omittingEmptySubsequences: false).joined(separator: "\\'") + "'"
}
