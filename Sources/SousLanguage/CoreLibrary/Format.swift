import SousSupport
/// `format`/`sprintf`/`String#%`, and `pp`.
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
            var flags = FormatFlags()
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
                        flags = FormatFlags()
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
                guard w.magnitude <= UInt(Int32.max) else { throw argumentError("width too big") }
                width = abs(w)
                i += 1
            } else {
                let digits = readDigits(chars, &i)
                if !digits.isEmpty {
                    guard let w = Int(digits), w <= Int(Int32.max) else { throw argumentError("width too big") }
                    width = w
                }
            }
            if let width { try reserve(width, bytesEach: 1) }
            if i < chars.count && chars[i] == "." {
                i += 1
                if i < chars.count && chars[i] == "*" {
                    precision = try toInteger(try nextArgument())
                    i += 1
                } else {
                    precision = Int(readDigits(chars, &i)) ?? 0
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

    private func formatOne(_ type: Character, _ value: Value, flags: FormatFlags, width: Int?, precision: Int?) throws -> String {
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

    /// The digits at `index` in a format string (a width or a precision), moving past them.
    private func readDigits(_ chars: [Character], _ index: inout Int) -> String {
        var digits = ""
        while index < chars.count, chars[index].isNumber {
            digits.append(chars[index])
            index += 1
        }
        return digits
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
}

/// The flags of one format directive (`-`, `+`, space, `0`, `#`): a few bits, where a set of
/// characters would hash each one on every directive of every call.
struct FormatFlags {
    private static let known: [Character] = ["-", "+", " ", "0", "#"]
    private var bits: UInt8 = 0

    mutating func insert(_ flag: Character) {
        if let index = Self.known.firstIndex(of: flag) { bits |= 1 << index }
    }

    func contains(_ flag: Character) -> Bool {
        guard let index = Self.known.firstIndex(of: flag) else { return false }
        return bits & (1 << index) != 0
    }

    var isEmpty: Bool { bits == 0 }
}
