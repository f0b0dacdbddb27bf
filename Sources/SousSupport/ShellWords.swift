/// A word for a POSIX shell, quoted: what sous puts in the commands it runs on machines, in
/// watchers' scripts and in `psql` calls.
public func shellQuoted(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}
