/// The names the Chef server accepts for nodes and clients, checked before anything is made
/// so a bad name fails with what is wrong in it, not with the server's answer (or, for a
/// name like `a/b` or `..` that a URL cannot carry, with a signature the server rejects).
public enum ChefNames {
    /// What is wrong with `name` as the name of a node and of its client (a machine has
    /// both): nil when nothing is. The Chef server's rule for clients, `[.[:alnum:]_-]+`
    /// (node names also allow `:`, client names do not), up to 255 characters, and not
    /// only dots (`.` and `..` are path steps in a URL).
    public static func problem(inMachineName name: String) -> String? {
        if name.isEmpty { return "a machine name cannot be empty" }
        if name.utf8.count > 255 { return "\(name.debugDescription) is \(name.utf8.count) bytes long; the Chef server takes at most 255" }
        for (offset, character) in name.enumerated() {
            let allowed = character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "-" || character == ".")
            if !allowed {
                return "\(name.debugDescription) has \(character.debugDescription) at position \(offset + 1); a machine's name is its node's "
                    + "and client's name on the Chef server, which allows only letters, digits, '_', '-' and '.'"
            }
        }
        if name.allSatisfy({ $0 == "." }) { return "\(name.debugDescription) is not a name a URL can carry" }
        return nil
    }
}
