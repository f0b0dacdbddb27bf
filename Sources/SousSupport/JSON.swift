/// A JSON document as plain Swift values, with object keys kept in order.
///
/// One parser and one printer serve Ruby's `JSON` module and every layer above the language
/// that speaks JSON without Ruby objects (the Chef server API, knife's output): so a node
/// shown by `sous knife` is printed exactly as `JSON.pretty_generate` prints it in a recipe.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case float(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.integer(let a), .float(let b)), (.float(let b), .integer(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            // Objects are equal whatever the order of their keys, as servers treat them; of a
            // key given twice, the last value counts (as when it is read).
            let mine = Dictionary(a, uniquingKeysWith: { _, last in last })
            let other = Dictionary(b, uniquingKeysWith: { _, last in last })
            return mine.count == other.count && mine.allSatisfy { key, value in other[key] == value }
        default: return false
        }
    }

    // MARK: Reading

    /// The member `key` of an object; nil for a missing key or when this is not an object.
    public subscript(key: String) -> JSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last(where: { $0.0 == key })?.1
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: [(String, JSON)]? { if case .object(let o) = self { return o } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var intValue: Int? {
        switch self {
        case .integer(let i): return i
        case .float(let f) where f == f.rounded(): return Int(exactly: f)
        default: return nil
        }
    }

    /// A copy with `key` set (replacing it in place when present, else appended).
    public func setting(_ key: String, to value: JSON) -> JSON {
        guard case .object(var pairs) = self else { return .object([(key, value)]) }
        if let index = pairs.firstIndex(where: { $0.0 == key }) {
            pairs[index].1 = value
        } else {
            pairs.append((key, value))
        }
        return .object(pairs)
    }

    /// The value at a path of object keys.
    public func dig(_ keys: String...) -> JSON? {
        var current: JSON? = self
        for key in keys { current = current?[key] }
        return current
    }

    // MARK: Parsing

    /// How deep a document may nest: far deeper than any node or cookbook Chef writes
    /// (Chef's own reader has no limit), and shallow enough that reading it and walking
    /// what was read stay well within a thread's stack.
    public static let depthLimit = 1000

    /// Parses a whole document; trailing text other than white space is an error.
    public static func parse(_ text: String, maxDepth: Int = depthLimit) throws -> JSON {
        var reader = JSONReader(bytes: Array(text.utf8), maxDepth: maxDepth)
        return try reader.document()
    }

    public static func parse(bytes: [UInt8], maxDepth: Int = depthLimit) throws -> JSON {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
        return try reader.document()
    }

    // MARK: Printing

    /// Compact (`JSON.generate`) or pretty (`JSON.pretty_generate`, two spaces per level,
    /// and the json gem's `[\n\n]` for an empty array, which knife prints too).
    public func rendered(pretty: Bool = false) -> String {
        var out = ""
        render(into: &out, pretty: pretty, indent: "")
        return out
    }

    private func render(into out: inout String, pretty: Bool, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .float(let f): out += FloatText.ruby(f)
        case .string(let s): out += JSON.quoted(s)
        case .array(let items):
            if items.isEmpty {
                out += pretty ? "[\n\n" + indent + "]" : "[]"
                return
            }
            let inner = indent + "  "
            out += pretty ? "[\n" + inner : "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += pretty ? ",\n" + inner : "," }
                item.render(into: &out, pretty: pretty, indent: inner)
            }
            out += pretty ? "\n" + indent + "]" : "]"
        case .object(let pairs):
            if pairs.isEmpty {
                out += pretty ? "{\n" + indent + "}" : "{}"
                return
            }
            let inner = indent + "  "
            out += pretty ? "{\n" + inner : "{"
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out += pretty ? ",\n" + inner : "," }
                out += JSON.quoted(key) + (pretty ? ": " : ":")
                value.render(into: &out, pretty: pretty, indent: inner)
            }
            out += pretty ? "\n" + indent + "}" : "}"
        }
    }

    /// A JSON string literal, escaping as the json gem does (non-ASCII kept as is).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Why a text is not JSON, with the json gem's wording.
public struct JSONSyntaxError: Error, CustomStringConvertible {
    public let message: String
    /// Byte offset where reading stopped.
    public let offset: Int
    public var description: String { message }
}

/// A strict JSON reader (RFC 8259), nesting limited to `maxDepth` levels (Ruby's
/// `JSON.parse` passes the json gem's 100).
struct JSONReader {
    let bytes: [UInt8]
    let maxDepth: Int
    var pos = 0
    var depth = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func error() -> JSONSyntaxError {
        if pos >= bytes.count { return JSONSyntaxError(message: "unexpected end of input", offset: pos) }
        let rest = String(decoding: bytes[pos...].prefix(40), as: UTF8.self)
        return JSONSyntaxError(message: "unexpected token at '\(rest)'", offset: pos)
    }

    mutating func skipSpace() {
        while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
    }

    mutating func document() throws -> JSON {
        skipSpace()
        let value = try parseValue()
        skipSpace()
        guard pos == bytes.count else { throw error() }
        return value
    }

    private mutating func expect(_ byte: Character) -> Bool {
        skipSpace()
        guard pos < bytes.count, bytes[pos] == byte.asciiValue! else { return false }
        pos += 1
        return true
    }

    private mutating func enter() throws {
        depth += 1
        if depth > maxDepth {
            throw JSONSyntaxError(message: maxDepth < JSON.depthLimit ? "nesting of \(maxDepth + 1) is too deep"
                : "nested deeper than \(maxDepth) levels, more than sous reads (a limit that keeps its stack safe)", offset: pos)
        }
        pos += 1
    }

    mutating func parseValue() throws -> JSON {
        skipSpace()
        guard pos < bytes.count else { throw error() }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            try enter()
            defer { depth -= 1 }
            var pairs: [(String, JSON)] = []
            if expect("}") { return .object(pairs) }
            repeat {
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error() }
                let key = try parseString()
                guard expect(":") else { throw error() }
                pairs.append((key, try parseValue()))
            } while expect(",")
            guard expect("}") else { throw error() }
            return .object(pairs)
        case UInt8(ascii: "["):
            try enter()
            defer { depth -= 1 }
            var items: [JSON] = []
            if expect("]") { return .array(items) }
            repeat {
                items.append(try parseValue())
            } while expect(",")
            guard expect("]") else { throw error() }
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            return try literal("true", .bool(true))
        case UInt8(ascii: "f"):
            return try literal("false", .bool(false))
        case UInt8(ascii: "n"):
            return try literal("null", .null)
        default:
            return try parseNumber()
        }
    }

    mutating func literal(_ word: String, _ value: JSON) throws -> JSON {
        let utf8 = Array(word.utf8)
        guard pos + utf8.count <= bytes.count, Array(bytes[pos..<(pos + utf8.count)]) == utf8 else { throw error() }
        pos += utf8.count
        return value
    }

    mutating func parseNumber() throws -> JSON {
        let start = pos
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else {
            pos = start
            throw error()
        }
        // No leading zeros (`0500` is not JSON, and the json gem refuses it).
        if bytes[pos] == UInt8(ascii: "0"), pos + 1 < bytes.count, isDigit(bytes[pos + 1]) { throw error() }
        while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
        var isFloat = false
        if pos < bytes.count && bytes[pos] == UInt8(ascii: ".") {
            isFloat = true
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw error() }
            while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
            isFloat = true
            pos += 1
            if pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw error() }
            while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if isFloat { return .float(Double(text) ?? 0) }
        guard let value = Int(text) else {
            throw JSONSyntaxError(message: "integer \(text) is too big (sous has no Bignum)", offset: start)
        }
        return .integer(value)
    }

    mutating func parseString() throws -> String {
        pos += 1
        var out: [UInt8] = []
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") {
                pos += 1
                guard pos < bytes.count else { throw error() }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if code >= 0xD800 && code < 0xDC00 {
                        // A high surrogate needs its low half; the json gem combines whatever
                        // \u follows, keeping the low ten bits of each.
                        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                            pos -= 6
                            throw JSONSyntaxError(message: "incomplete surrogate pair at '\(String(decoding: bytes[pos...].prefix(20), as: UTF8.self))'",
                                                  offset: pos)
                        }
                        pos += 2
                        let low = try hex4()
                        code = 0x10000 + ((code & 0x3FF) << 10) + (low & 0x3FF)
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8))
                default: out.append(e)
                }
                continue
            }
            // Control characters must be escaped (RFC 8259, and the json gem refuses them).
            if c < 0x20 { throw error() }
            out.append(c)
            pos += 1
        }
        throw error()
    }

    mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexValue(bytes[pos]) else { throw error() }
            value = value * 16 + UInt32(digit)
            pos += 1
        }
        return value
    }
}
