/// A Ruby value. Immediates (nil, booleans, integers, floats, symbols) are stored inline;
/// everything else is a reference to an `RObject`.
public enum Value {
    case null
    case bool(Bool)
    case integer(Int)
    case float(Double)
    case symbol(String)
    case object(RObject)

    public static var `true`: Value { .bool(true) }
    public static var `false`: Value { .bool(false) }

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
    /// The elements, after a gap of `head` unused slots at the front: `shift` widens the
    /// gap and `unshift` fills it, so a queue or a stack built at the front costs no more per
    /// element than one at the back. Any other use of `items` closes the gap first (once).
    private var storage: [Value]
    private var head = 0

    public init(_ items: [Value], klass: RModule) {
        self.storage = items
        super.init(klass: klass)
    }

    public var items: [Value] {
        _read {
            if head > 0 { closeGap() }
            yield storage
        }
        _modify {
            if head > 0 { closeGap() }
            yield &storage
        }
    }

    /// How many elements there are, without closing the gap.
    public var count: Int { storage.count - head }

    /// The first element, without closing the gap.
    public var first: Value? { head < storage.count ? storage[head] : nil }

    /// Removes and returns the first element; nil when empty.
    public func removeFirst() -> Value? {
        guard head < storage.count else { return nil }
        let value = storage[head]
        storage[head] = .null
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        }
        return value
    }

    /// Puts `values` in front, in their order, into the gap (made twice as wide as the
    /// array when there is not room).
    public func prepend(_ values: [Value]) {
        guard !values.isEmpty else { return }
        if head < values.count {
            let gap = max(values.count, count, 8)
            storage.insert(contentsOf: repeatElement(Value.null, count: gap), at: 0)
            head += gap
        }
        head -= values.count
        for (offset, value) in values.enumerated() { storage[head + offset] = value }
    }

    private func closeGap() {
        storage.removeFirst(head)
        head = 0
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
        // Objects of a user class that defines `eql?` (and `hash`) compare by it.
        return RunningInterpreter.current?.userDefinedEql(x, y) ?? false
    default:
        return false
    }
}

func rubyHash(_ value: Value, into hasher: inout Hasher) {
    hasher.combine(rubyHashCode(value))
}

/// A hash code that agrees with `valuesEql` (equal keys, equal codes), cheap for the keys
/// recipes use: integers are mixed with a multiply, strings and symbols read once.
func rubyHashCode(_ value: Value) -> Int {
    switch value {
    case .null: return 0x51ED_270B
    case .bool(let b): return b ? 0x2F0B_3C77 : 0x6A09_E667
    case .integer(let i): return mixHashBits(UInt64(bitPattern: Int64(i)))
    case .float(let f): return mixHashBits((f == 0 ? 0.0 : f).bitPattern ^ 0x3C6E_F372_FE94_F82B)
    case .symbol(let s): return stringHashCode(s) ^ 0x1F83_D9AB
    case .object(let o):
        if let s = o as? RString { return stringHashCode(s.value) }
        if let a = o as? RArray {
            var code = a.items.count
            for item in a.items.prefix(8) { code = code &* 31 &+ rubyHashCode(item) }
            return mixHashBits(UInt64(bitPattern: Int64(code)))
        }
        if let h = o as? RHash { return mixHashBits(UInt64(h.count) ^ 0x5BE0_CD19) }
        if let s = o as? RStructInstance {
            var code = s.values.count
            for item in s.values.prefix(8) { code = code &* 31 &+ rubyHashCode(item) }
            return mixHashBits(UInt64(bitPattern: Int64(code)))
        }
        if let custom = RunningInterpreter.current?.userDefinedHash(o) { return mixHashBits(UInt64(bitPattern: Int64(custom))) }
        return mixHashBits(UInt64(UInt(bitPattern: ObjectIdentifier(o).hashValue)))
    }
}

@inline(__always) func mixHashBits(_ bits: UInt64) -> Int {
    var x = bits &* 0x9E37_79B9_7F4A_7C15
    x ^= x >> 32
    return Int(bitPattern: UInt(x))
}

/// FNV-1a over the UTF-8 bytes, mixed.
func stringHashCode(_ text: String) -> Int {
    var code: UInt64 = 0xCBF2_9CE4_8422_2325
    if let done = text.utf8.withContiguousStorageIfAvailable({ bytes -> UInt64 in
        var h = code
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return h
    }) {
        code = done
    } else {
        for byte in text.utf8 { code = (code ^ UInt64(byte)) &* 0x100_0000_01B3 }
    }
    return mixHashBits(code)
}

/// A Hash: insertion-ordered entries with Ruby's key equality, a default value and a
/// default proc.
///
/// Entries sit in arrays in insertion order (a removed one leaves a hole until the next
/// compaction). A hash of up to eight entries is searched in order, comparing stored hash
/// codes first, as CRuby's small tables are; a larger one has an open-addressing index of
/// entry positions.
public final class RHash: RObject {
    private var keys: [Value] = []
    private var values: [Value] = []
    private var codes: [Int] = []
    private var live: [Bool] = []
    private var deleted = 0
    /// Entry position + 1 per slot; 0 empty, -1 a removed entry. Empty while small.
    private var index: [Int32] = []
    private var tombstones = 0
    public var defaultValue: Value = .null
    public var defaultProc: RProc?

    private static let smallLimit = 8

    public var count: Int { keys.count - deleted }

    public var pairs: [(Value, Value)] {
        var out: [(Value, Value)] = []
        out.reserveCapacity(count)
        for i in 0..<keys.count where live[i] { out.append((keys[i], values[i])) }
        return out
    }

    public var keyList: [Value] { pairs.map { $0.0 } }
    public var valueList: [Value] { pairs.map { $0.1 } }

    /// The entry position of `key` (whose code is `code`), and its slot in the index.
    private func find(_ key: Value, _ code: Int) -> (entry: Int, slot: Int)? {
        if index.isEmpty {
            for i in 0..<keys.count where codes[i] == code && live[i] && valuesEql(keys[i], key) { return (i, -1) }
            return nil
        }
        let mask = index.count - 1
        var slot = code & mask
        while true {
            let stored = Int(index[slot])
            if stored == 0 { return nil }
            if stored > 0 {
                let entry = stored - 1
                if codes[entry] == code && valuesEql(keys[entry], key) { return (entry, slot) }
            }
            slot = (slot + 1) & mask
        }
    }

    public func get(_ key: Value) -> Value? {
        guard let (entry, _) = find(key, rubyHashCode(key)) else { return nil }
        return values[entry]
    }

    public func set(_ key: Value, _ value: Value) {
        let code = rubyHashCode(key)
        if let (entry, _) = find(key, code) {
            values[entry] = value
            return
        }
        keys.append(key)
        values.append(value)
        codes.append(code)
        live.append(true)
        if !index.isEmpty {
            if (keys.count + tombstones) * 2 > index.count {
                rebuildIndex()
            } else {
                insertIntoIndex(entry: keys.count - 1, code: code)
            }
        } else if count > Self.smallLimit {
            rebuildIndex()
        }
    }

    private func insertIntoIndex(entry: Int, code: Int) {
        let mask = index.count - 1
        var slot = code & mask
        while index[slot] > 0 { slot = (slot + 1) & mask }
        if index[slot] < 0 { tombstones -= 1 }
        index[slot] = Int32(entry + 1)
    }

    /// A fresh index for the live entries, at most a quarter full.
    private func rebuildIndex() {
        var size = 16
        while size < count * 4 { size *= 2 }
        index = Array(repeating: 0, count: size)
        tombstones = 0
        for i in 0..<keys.count where live[i] { insertIntoIndex(entry: i, code: codes[i]) }
    }

    @discardableResult
    public func remove(_ key: Value) -> Value? {
        guard let (entry, slot) = find(key, rubyHashCode(key)) else { return nil }
        if slot >= 0 {
            index[slot] = -1
            tombstones += 1
        }
        live[entry] = false
        deleted += 1
        let value = values[entry]
        keys[entry] = .null
        values[entry] = .null
        if deleted > 32 && deleted * 2 > keys.count { compact() }
        return value
    }

    public func removeAll() {
        index.removeAll()
        keys.removeAll()
        values.removeAll()
        codes.removeAll()
        live.removeAll()
        deleted = 0
        tombstones = 0
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
