import SousSupport

/// Something that went wrong talking to a machine over SSH: names the host, port and user,
/// the key tried, and what happened, with what to do about it where that is known.
public struct SSHError: UserFacingError {
    public let host: String
    public let port: Int
    public let user: String
    /// The key file (or "ssh-agent", or "password") the failed step used.
    public let credential: String?
    public let problem: String
    public let hint: String?
    /// The machine did not answer at all (worth trying again while it boots).
    public var isUnreachable = false

    public var description: String {
        var text = "ssh \(user)@\(host):\(port)"
        if let credential { text += " (with \(credential))" }
        text += ": \(problem)"
        if let hint { text += "\n  \(hint)" }
        return text
    }
}
