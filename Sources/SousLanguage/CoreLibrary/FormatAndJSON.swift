/// `format`/`sprintf`/`String#%`, `pp`, and JSON.
extension Interpreter {
    /// Ruby's `format`: `%[flags][width][.precision]type`, `%<name>s` and `%{name}`.
    func format(_ template: String, _ arguments: [Value]) throws -> String {
        var out = ""
        let chars = Array(template)
        var i = 0
        var next = 0
        func nextArgument() throws -> Value {
            guard next < arguments.count else { throw argumentError("too few arguments") }
            defer { next += 1 }
            return arguments[next]
        }
        func namedArgument(_ name: String) throws -> Value {
            guard let hash = arguments.first?.asHash else { throw argumentError("one hash required") }
            guard let value = hash.get(.symbol(name)) else { throw try keyError(.symbol(name), receiver: .object(hash)) }
            return value
        }
        while i < chars.count {
            let c = chars[i]
            guard c == "%" else {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < chars.count else { throw argumentError("incomplete format specifier; use %% (double %) instead") }
            if chars[i] == "%" {
                out.append("%")
                i += 1
                continue
            }
            var flags = Set<Character>()
            var width: Int?
            var precision: Int?
            var named: Value?
            while i < chars.count {
                let f = chars[i]
                if "-+ 0#".contains(f) {
                    flags.insert(f)
                    i += 1
                } else if f == "<" || f == "{" {
                    let close: Character = f == "<" ? ">" : "}"
                    guard let end = chars[i...].firstIndex(of: close) else { throw argumentError("malformed name - unmatched parenthesis") }
                    let name = String(chars[(i + 1)..<end])
                    named = try namedArgument(name)
                    i = end + 1
                    if f == "{" {
                        var text = try toS(named!)
                        if let w = width, text.count < w {
                            text = flags.contains("-") ? text + String(repeating: " ", count: w - text.count)
                                : String(repeating: " ", count: w - text.count) + text
                        }
                        out += text
                        named = nil
                        flags = []
                        width = nil
                        break
                    }
                } else {
                    break
                }
            }
            if i > 0 && chars[i - 1] == "}" { continue }
            if i < chars.count && chars[i] == "*" {
                let w = try toInteger(try nextArgument())
                if w < 0 { flags.insert("-") }
                width = abs(w)
                i += 1
            } else {
                var digits = ""
                while i < chars.count, chars[i].isNumber {
                    digits.append(chars[i])
                    i += 1
                }
                if !digits.isEmpty { width = Int(digits) }
            }
            if i < chars.count && chars[i] == "." {
                i += 1
                if i < chars.count && chars[i] == "*" {
                    precision = try toInteger(try nextArgument())
                    i += 1
                } else {
                    var digits = ""
                    while i < chars.count, chars[i].isNumber {
                        digits.append(chars[i])
                        i += 1
                    }
                    precision = Int(digits) ?? 0
                }
            }
            if named == nil, i < chars.count, chars[i] == "<" {
                guard let end = chars[i...].firstIndex(of: ">") else { throw argumentError("malformed name - unmatched parenthesis") }
                named = try namedArgument(String(chars[(i + 1)..<end]))
                i = end + 1
            }
            guard i < chars.count else { throw argumentError("malformed format string - %\(flags.isEmpty ? "" : "")") }
            let type = chars[i]
            i += 1
            let value = try named ?? nextArgument()
            out += try formatOne(type, value, flags: flags, width: width, precision: precision)
        }
        return out
    }

    private func formatOne(_ type: Character, _ value: Value, flags: Set<Character>, width: Int?, precision: Int?) throws -> String {
        func padded(_ body: String, sign: String = "", numeric: Bool) -> String {
            var text = sign + body
            if let width, text.count < width {
                if flags.contains("-") {
                    text += String(repeating: " ", count: width - text.count)
                } else if flags.contains("0") && numeric {
                    text = sign + String(repeating: "0", count: width - text.count) + body
                } else {
                    text = String(repeating: " ", count: width - text.count) + text
                }
            }
            return text
        }
        func signFor(_ negative: Bool) -> String {
            negative ? "-" : (flags.contains("+") ? "+" : (flags.contains(" ") ? " " : ""))
        }
        switch type {
        case "d", "i", "u":
            let number: Int
            switch value {
            case .float(let f): number = try toInteger(try integer(fromFloat: f.rounded(.down)))
            case .object(let o) where o is RString: number = try toInteger(try kernelInteger(Args([value])))
            case .null: throw typeError("can't convert nil into Integer")
            default: number = try toInteger(value)
            }
            var digits = String(number.magnitude)
            if let precision, digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
            return padded(digits, sign: signFor(number < 0), numeric: precision == nil)
        case "x", "X", "o", "b", "B":
            let number = try toInteger(value)
            let radix = type == "o" ? 8 : (type == "b" || type == "B" ? 2 : 16)
            var digits = String(number.magnitude, radix: radix, uppercase: type == "X")
            if let precision, digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
            var prefix = ""
            if flags.contains("#") && number != 0 {
                prefix = type == "o" ? "0" : (type == "x" ? "0x" : (type == "X" ? "0X" : (type == "b" ? "0b" : "0B")))
            }
            return padded(prefix + digits, sign: signFor(number < 0), numeric: true)
        case "f", "e", "E", "g", "G", "a", "A":
            let number: Double
            switch value {
            case .object(let o) where o is RString: number = try toDouble(try kernelFloat(Args([value])))
            default: number = try toDouble(value)
            }
            if number.isNaN || number.isInfinite {
                let body = number.isNaN ? "NaN" : "Inf"
                return padded(body, sign: signFor(number < 0), numeric: false)
            }
            var spec = "%"
            if flags.contains("#") { spec += "#" }
            spec += ".\(precision ?? 6)\(type)"
            let body = type == "f"
                ? RubyFormat.fixed(abs(number), precision: precision ?? 6, alternate: flags.contains("#"))
                : RubyFormat.cFormat(spec, abs(number))
            return padded(body, sign: signFor(number < 0 || (number == 0 && number.sign == .minus)), numeric: true)
        case "s":
            var text = try toS(value)
            if let precision { text = String(text.prefix(precision)) }
            return padded(text, numeric: false)
        case "p":
            var text = try inspect(value)
            if let precision { text = String(text.prefix(precision)) }
            return padded(text, numeric: false)
        case "c":
            let text: String
            if case .integer(let code) = value, let scalar = Unicode.Scalar(UInt32(max(0, code))) {
                text = String(Character(scalar))
            } else {
                text = String(try toStr(value).prefix(1))
            }
            return padded(text, numeric: false)
        default:
            throw argumentError("malformed format string - %\(type)")
        }
    }

    /// `pp`: like `inspect`, wrapped at 80 columns as Ruby's pretty printer does for long hashes
    /// and arrays.
    func prettyInspect(_ value: Value) throws -> String {
        let flat = try inspect(value)
        if flat.count <= 80 { return flat }
        return try prettyLines(value, indent: 0)
    }

    private func prettyLines(_ value: Value, indent: Int) throws -> String {
        let flat = try inspect(value)
        if flat.count + indent <= 80 { return flat }
        let pad = String(repeating: " ", count: indent + 1)
        if let array = value.asArray, array.klass === classes.array, !array.items.isEmpty {
            let parts = try array.items.map { try prettyLines($0, indent: indent + 1) }
            return "[" + parts.joined(separator: ",\n" + pad) + "]"
        }
        if let hash = value.asHash, hash.klass === classes.hash, hash.count > 0 {
            let parts = try hash.pairs.map { pair -> String in
                let key = try inspect(pair.0) + "=>"
                let inner = try prettyLines(pair.1, indent: indent + 1 + key.count)
                if inner.contains("\n") || key.count + inner.count + indent + 1 > 80 {
                    return key + "\n" + pad + " " + (try prettyLines(pair.1, indent: indent + 2))
                }
                return key + inner
            }
            return "{" + parts.joined(separator: ",\n" + pad) + "}"
        }
        return flat
    }

    // MARK: - JSON

    func installJSON() {
        let json = classes.json!
        defineSingleton(json, "parse") { interp, _, args in
            let text = try interp.toStr(args.positional[0])
            let symbolize = args.keywords?.get(.symbol("symbolize_names"))?.isTruthy ?? false
            var parser = JSONParser(bytes: Array(text.utf8), interpreter: interp, symbolizeNames: symbolize)
            return try parser.parseDocument()
        }
        defineSingleton(json, ["generate", "dump"]) { interp, _, args in
            interp.makeString(try interp.generateJSON(args[0], pretty: false, indent: ""))
        }
        defineSingleton(json, "dump") { interp, _, args in interp.makeString(try interp.generateJSON(args[0], pretty: false, indent: "")) }
        defineSingleton(json, "pretty_generate") { interp, _, args in
            interp.makeString(try interp.generateJSON(args[0], pretty: true, indent: ""))
        }
        define(classes.kernel, "to_json") { interp, receiver, _ in
            interp.makeString(try interp.generateJSON(receiver, pretty: false, indent: ""))
        }
        classes.defineClass("GeneratorError", superclass: classes.jsonParserError.superclass!, in: json)
    }

    func generateJSON(_ value: Value, pretty: Bool, indent: String) throws -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .float(let f):
            guard f.isFinite else {
                let cls = (classes.json.constants["GeneratorError"]?.asModule) ?? classes.standardError!
                throw makeError(cls, "\(RubyFormat.float(f)) not allowed in JSON")
            }
            return RubyFormat.float(f)
        case .symbol(let s): return Self.jsonString(s)
        case .object(let object):
            let inner = indent + "  "
            if let string = object as? RString { return Self.jsonString(string.value) }
            if let array = object as? RArray {
                // json 2.6 (Ruby 3.1) pretty-prints empty containers as "[\n\n<indent>]" and
                // "{\n<indent>}".
                if array.items.isEmpty { return pretty ? "[\n\n" + indent + "]" : "[]" }
                let parts = try array.items.map { try generateJSON($0, pretty: pretty, indent: inner) }
                return pretty ? "[\n" + inner + parts.joined(separator: ",\n" + inner) + "\n" + indent + "]" : "[" + parts.joined(separator: ",") + "]"
            }
            if let hash = object as? RHash {
                if hash.count == 0 { return pretty ? "{\n" + indent + "}" : "{}" }
                let parts = try hash.pairs.map { pair -> String in
                    let key = Self.jsonString(try toS(pair.0))
                    return key + (pretty ? ": " : ":") + (try generateJSON(pair.1, pretty: pretty, indent: inner))
                }
                return pretty ? "{\n" + inner + parts.joined(separator: ",\n" + inner) + "\n" + indent + "}" : "{" + parts.joined(separator: ",") + "}"
            }
            if let method = findMethod(object.klass, "to_json"), method.owner !== classes.kernel {
                return try toS(try invoke(method, value, Args(), name: "to_json"))
            }
            if let method = findMethod(object.klass, "to_h"), method.owner !== classes.nilClass, object is RStructInstance == false {
                _ = method
            }
            return Self.jsonString(try toS(value))
        }
    }

    static func jsonString(_ text: String) -> String {
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

/// A strict JSON parser producing Ruby values; errors are JSON::ParserError as the json gem's.
struct JSONParser {
    let bytes: [UInt8]
    let interpreter: Interpreter
    let symbolizeNames: Bool
    var pos = 0
    var depth = 0

    init(bytes: [UInt8], interpreter: Interpreter, symbolizeNames: Bool) {
        self.bytes = bytes
        self.interpreter = interpreter
        self.symbolizeNames = symbolizeNames
    }

    func error() -> RubyError {
        let rest = String(decoding: bytes[min(pos, bytes.count)...].prefix(40), as: UTF8.self)
        if pos >= bytes.count { return interpreter.makeError(interpreter.classes.jsonParserError, "unexpected end of input") }
        return interpreter.makeError(interpreter.classes.jsonParserError, "unexpected token at '\(rest)'")
    }

    mutating func skipSpace() {
        while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
    }

    mutating func parseDocument() throws -> Value {
        skipSpace()
        let value = try parseValue()
        skipSpace()
        guard pos == bytes.count else { throw error() }
        return value
    }

    mutating func parseValue() throws -> Value {
        skipSpace()
        guard pos < bytes.count else { throw error() }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            depth += 1
            if depth > 100 { throw interpreter.makeError(interpreter.classes.jsonParserError, "nesting of 101 is too deep") }
            defer { depth -= 1 }
            pos += 1
            let hash = interpreter.makeHashObject()
            skipSpace()
            if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") {
                pos += 1
                return .object(hash)
            }
            while true {
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error() }
                let key = try parseString()
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error() }
                pos += 1
                let value = try parseValue()
                hash.set(symbolizeNames ? .symbol(key) : interpreter.makeString(key), value)
                skipSpace()
                guard pos < bytes.count else { throw error() }
                if bytes[pos] == UInt8(ascii: ",") {
                    pos += 1
                    continue
                }
                if bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                    return .object(hash)
                }
                throw error()
            }
        case UInt8(ascii: "["):
            depth += 1
            if depth > 100 { throw interpreter.makeError(interpreter.classes.jsonParserError, "nesting of 101 is too deep") }
            defer { depth -= 1 }
            pos += 1
            var items: [Value] = []
            skipSpace()
            if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") {
                pos += 1
                return interpreter.makeArray(items)
            }
            while true {
                items.append(try parseValue())
                skipSpace()
                guard pos < bytes.count else { throw error() }
                if bytes[pos] == UInt8(ascii: ",") {
                    pos += 1
                    continue
                }
                if bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                    return interpreter.makeArray(items)
                }
                throw error()
            }
        case UInt8(ascii: "\""):
            return interpreter.makeString(try parseString())
        case UInt8(ascii: "t"):
            return try literal("true", .true)
        case UInt8(ascii: "f"):
            return try literal("false", .false)
        case UInt8(ascii: "n"):
            return try literal("null", .null)
        default:
            return try parseNumber()
        }
    }

    mutating func literal(_ word: String, _ value: Value) throws -> Value {
        let utf8 = Array(word.utf8)
        guard pos + utf8.count <= bytes.count, Array(bytes[pos..<(pos + utf8.count)]) == utf8 else { throw error() }
        pos += utf8.count
        return value
    }

    mutating func parseNumber() throws -> Value {
        let start = pos
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else {
            pos = start
            throw error()
        }
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
            while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if isFloat { return .float(Double(text) ?? 0) }
        guard let value = Int(text) else { throw interpreter.overflowError() }
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
                    if code >= 0xD800 && code < 0xDC00, pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8))
                default: out.append(e)
                }
                continue
            }
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
