/// A Ruby value. Immediates (nil, booleans, integers, floats, symbols) are stored inline;
/// everything else is a reference to an `RObject`.
public enum Value {
    case null
    case bool(Bool)
    case integer(Int)
    case float(Double)
    case symbol(String)
    case object(RObject)

    public static let `true` = Value.bool(true)
    public static let `false` = Value.bool(false)

    /// Ruby truthiness: everything but nil and false.
    @inline(__always) public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        default: return true
        }
    }

    public var isNil: Bool { if case .null = self { return true } else { return false } }

    public var asObject: RObject? { if case .object(let o) = self { return o } else { return nil } }
    public var asString: RString? { asObject as? RString }
    public var asArray: RArray? { asObject as? RArray }
    public var asHash: RHash? { asObject as? RHash }
    public var asProc: RProc? { asObject as? RProc }
    public var asModule: RModule? { asObject as? RModule }
    public var asRange: RRange? { asObject as? RRange }
    public var asRegexp: RRegexp? { asObject as? RRegexp }
    public var asException: RException? { asObject as? RException }
    public var asSymbolName: String? { if case .symbol(let name) = self { return name } else { return nil } }
}

/// Every heap object: its class (a singleton class once it has one), instance variables
/// in the order they were set, and whether it is frozen.
open class RObject {
    public var klass: RModule!
    /// Instance variables in the order they were set. An object has a handful: searched in
    /// order, names compare as two machine words (short strings are stored inline), which
    /// beats hashing the name on every read; code remembers where it found one last.
    public private(set) var instanceVariables: [(name: String, value: Value)] = []
    public var frozen = false

    public init(klass: RModule!) {
        self.klass = klass
    }

    @inline(__always) public func instanceVariableIndex(_ name: String) -> Int? {
        var i = 0
        let count = instanceVariables.count
        while i < count {
            if instanceVariables[i].name == name { return i }
            i += 1
        }
        return nil
    }

    /// The variable at `index` when `name` is there (what a read remembered), else nil.
    @inline(__always) func instanceVariable(at index: Int, named name: String) -> Value? {
        index < instanceVariables.count && instanceVariables[index].name == name ? instanceVariables[index].value : nil
    }

    public func getInstanceVariable(_ name: String) -> Value {
        instanceVariableIndex(name).map { instanceVariables[$0].value } ?? .null
    }

    public func hasInstanceVariable(_ name: String) -> Bool { instanceVariableIndex(name) != nil }

    public var instanceVariableNames: [String] { instanceVariables.map(\.name) }

    /// Sets the variable; returns where it is, for the next write to find it at once.
    @discardableResult
    public func setInstanceVariable(_ name: String, _ value: Value) -> Int {
        if let index = instanceVariableIndex(name) {
            instanceVariables[index].value = value
            return index
        }
        instanceVariables.append((name, value))
        return instanceVariables.count - 1
    }

    /// Sets the variable at `index` when `name` is there; false when it is not.
    @inline(__always) func setInstanceVariable(at index: Int, named name: String, _ value: Value) -> Bool {
        guard index < instanceVariables.count && instanceVariables[index].name == name else { return false }
        instanceVariables[index].value = value
        return true
    }

    public func removeAllInstanceVariables() { instanceVariables = [] }

    /// A stable made-up address for `#<Foo:0x...>`, as Ruby shows object identity.
    public var addressDescription: String {
        let id = UInt(bitPattern: ObjectIdentifier(self).hashValue)
        let hex = String(id, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }
}

public final class RString: RObject {
    public var value: String {
        didSet {
            asciiOnly = nil
            cachedScalars = nil
        }
    }
    /// The string's scalars as the regexp engine and character searches read them, kept
    /// until the string changes (a loop of searches reads the string once, not each time).
    var cachedScalars: ScalarText?
    /// Whether every character is ASCII, known once asked and until the string changes:
    /// then a character offset is a byte offset, and `str[i]` or `length` need not walk
    /// the string (CRuby's 7-bit code range).
    private var asciiOnly: Bool?

    public init(_ value: String, klass: RModule) {
        self.value = value
        super.init(klass: klass)
    }

    public var isASCII: Bool {
        if let asciiOnly { return asciiOnly }
        var utf8 = value
        let known = utf8.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
        asciiOnly = known
        return known
    }

    var scalarText: ScalarText {
        if let cachedScalars { return cachedScalars }
        let text = ScalarText(value)
        cachedScalars = text
        return text
    }

    /// The number of characters (Unicode scalars), as Ruby's `length`.
    public var characterCount: Int { isASCII ? value.utf8.count : value.unicodeScalars.count }
}

public final class RArray: RObject {
    public var items: [Value]

    public init(_ items: [Value], klass: RModule) {
        self.items = items
        super.init(klass: klass)
    }
}

public final class RRange: RObject {
    public let lower: Value
    public let upper: Value
    public let exclusive: Bool

    public init(lower: Value, upper: Value, exclusive: Bool, klass: RModule) {
        self.lower = lower
        self.upper = upper
        self.exclusive = exclusive
        super.init(klass: klass)
        frozen = true
    }
}

public final class RException: RObject {
    public var message: Value = .null
    public var backtrace: [String]?
    /// Where the exception was raised, for the report of an uncaught exception.
    public var raisedAt: SourceLocation?
}

/// A time: seconds since the epoch and the offset from UTC it is shown in.
public final class RTime: RObject {
    public var seconds: Double
    public var utcOffset: Int
    public var isUTC: Bool

    public init(seconds: Double, utcOffset: Int, isUTC: Bool, klass: RModule) {
        self.seconds = seconds
        self.utcOffset = utcOffset
        self.isUTC = isUTC
        super.init(klass: klass)
    }
}

/// `arr.map` without a block, `each_slice(2)`, `map.with_index(1)`: replays a method of the
/// receiver with the block given later.
public final class REnumerator: RObject {
    public let receiver: Value
    public let method: String
    public let arguments: [Value]

    public init(receiver: Value, method: String, arguments: [Value], klass: RModule) {
        self.receiver = receiver
        self.method = method
        self.arguments = arguments
        super.init(klass: klass)
    }
}

/// A value that stands for a Ruby object in a Swift dictionary key: equal when Ruby's
/// `eql?` says so (so `1` and `1.0` are different keys, and two equal strings the same).
public struct HashKey: Hashable {
    public let value: Value

    /// How objects of user classes that define `hash` and `eql?` compare as keys. Set by
    /// the interpreter; nil (identity) when it cannot call Ruby code.
    nonisolated(unsafe) static var userKeyRules: (hash: (RObject) -> Int?, eql: (RObject, RObject) -> Bool?)?

    public init(_ value: Value) { self.value = value }

    public static func == (lhs: HashKey, rhs: HashKey) -> Bool { valuesEql(lhs.value, rhs.value) }

    public func hash(into hasher: inout Hasher) { rubyHash(value, into: &hasher) }
}

func valuesEql(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.integer(let x), .integer(let y)): return x == y
    case (.float(let x), .float(let y)): return x == y
    case (.symbol(let x), .symbol(let y)): return x == y
    case (.object(let x), .object(let y)):
        if x === y { return true }
        if let s = x as? RString, let t = y as? RString { return s.value == t.value }
        if let s = x as? RArray, let t = y as? RArray {
            return s.items.count == t.items.count && zip(s.items, t.items).allSatisfy { valuesEql($0, $1) }
        }
        if let s = x as? RHash, let t = y as? RHash {
            guard s.count == t.count else { return false }
            for (key, value) in s.pairs {
                guard let other = t.get(key), valuesEql(value, other) else { return false }
            }
            return true
        }
        if let s = x as? RRange, let t = y as? RRange {
            return s.exclusive == t.exclusive && valuesEql(s.lower, t.lower) && valuesEql(s.upper, t.upper)
        }
        if let s = x as? RStructInstance, let t = y as? RStructInstance {
            return s.klass === t.klass && s.values.count == t.values.count
                && zip(s.values, t.values).allSatisfy { valuesEql($0, $1) }
        }
        return HashKey.userKeyRules?.eql(x, y) ?? false
    default:
        return false
    }
}

func rubyHash(_ value: Value, into hasher: inout Hasher) {
    switch value {
    case .null: hasher.combine(0)
    case .bool(let b): hasher.combine(b)
    case .integer(let i): hasher.combine(i)
    case .float(let f): hasher.combine(f)
    case .symbol(let s):
        hasher.combine(1)
        hasher.combine(s)
    case .object(let o):
        if let s = o as? RString { hasher.combine(s.value) }
        else if let a = o as? RArray {
            hasher.combine(a.items.count)
            for item in a.items.prefix(8) { rubyHash(item, into: &hasher) }
        } else if let h = o as? RHash { hasher.combine(h.count) }
        else if let s = o as? RStructInstance {
            for item in s.values.prefix(8) { rubyHash(item, into: &hasher) }
        } else if let custom = HashKey.userKeyRules?.hash(o) {
            hasher.combine(custom)
        } else { hasher.combine(ObjectIdentifier(o)) }
    }
}

/// A Hash: insertion-ordered entries with Ruby's key equality, a default value and a
/// default proc.
public final class RHash: RObject {
    private var index: [HashKey: Int] = [:]
    private var keys: [Value] = []
    private var values: [Value] = []
    private var live: [Bool] = []
    private var deleted = 0
    public var defaultValue: Value = .null
    public var defaultProc: RProc?

    public var count: Int { keys.count - deleted }

    public var pairs: [(Value, Value)] {
        var out: [(Value, Value)] = []
        out.reserveCapacity(count)
        for i in 0..<keys.count where live[i] { out.append((keys[i], values[i])) }
        return out
    }

    public var keyList: [Value] { pairs.map { $0.0 } }
    public var valueList: [Value] { pairs.map { $0.1 } }

    public func get(_ key: Value) -> Value? {
        guard let i = index[HashKey(key)] else { return nil }
        return values[i]
    }

    public func set(_ key: Value, _ value: Value) {
        if let i = index[HashKey(key)] {
            values[i] = value
            return
        }
        index[HashKey(key)] = keys.count
        keys.append(key)
        values.append(value)
        live.append(true)
    }

    @discardableResult
    public func remove(_ key: Value) -> Value? {
        guard let i = index.removeValue(forKey: HashKey(key)) else { return nil }
        live[i] = false
        deleted += 1
        let value = values[i]
        keys[i] = .null
        values[i] = .null
        if deleted > 32 && deleted * 2 > keys.count { compact() }
        return value
    }

    public func removeAll() {
        index.removeAll()
        keys.removeAll()
        values.removeAll()
        live.removeAll()
        deleted = 0
    }

    /// Replaces the contents, keeping identity (for `replace`, `select!`, sorting in place).
    public func replace(with newPairs: [(Value, Value)]) {
        removeAll()
        for (k, v) in newPairs { set(k, v) }
    }

    private func compact() {
        let current = pairs
        removeAll()
        for (k, v) in current { set(k, v) }
    }

    /// Re-hashes keys that may have changed (Ruby's `rehash`; also after `compare_by_identity`).
    public func rehash() { compact() }
}

/// An instance of a class made by `Struct.new`.
public final class RStructInstance: RObject {
    public var values: [Value]

    public init(values: [Value], klass: RModule) {
        self.values = values
        super.init(klass: klass)
    }
}
