/// The local variables of one scope — a method body, a block, a class body, a program — in
/// the order the parser declared them. Ruby decides at parse time which names are locals and
/// which scope each belongs to, so every scope that runs a body has the same variables at
/// the same positions: code reads a local by its index, found once, instead of searching
/// names on every read.
///
/// A table can grow after parsing, only at its end: `eval` in a binding and
/// `local_variable_set` add variables Ruby keeps for later evals, and the indices already
/// handed out stay valid.
public final class LocalTable {
    public private(set) var names: [String] = []

    public init(_ names: [String] = []) {
        self.names = names
    }

    public var count: Int { names.count }

    public func index(of name: String) -> Int? {
        var i = 0
        let count = names.count
        while i < count {
            if names[i] == name { return i }
            i += 1
        }
        return nil
    }

    /// The index of `name`, added at the end when it is new.
    @discardableResult
    public func add(_ name: String) -> Int {
        if let index = index(of: name) { return index }
        names.append(name)
        return names.count - 1
    }
}
