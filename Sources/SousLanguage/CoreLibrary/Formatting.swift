import SousSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text forms of values exactly as Ruby 3.1 prints them.
public enum RubyFormat {
    /// `Float#to_s`, as JSON also prints floats.
    static func float(_ value: Double) -> String { FloatText.ruby(value) }

    /// `String#inspect` for UTF-8 strings: also a double-quoted literal that reads back as
    /// the same string (templates compile text to it).
    public static func inspectString(_ text: String) -> String {
        var out = "\""
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{1B}": out += "\\e"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0B}": out += "\\v"
            case "\u{0C}": out += "\\f"
            case "#":
                let next = i + 1 < scalars.count ? scalars[i + 1] : " "
                out += (next == "{" || next == "$" || next == "@") ? "\\#" : "#"
            case "\u{FFFD}":
                out += "\u{FFFD}"
            default:
                if s.value < 0x20 || s.value == 0x7F {
                    out += "\\u" + hex4(s.value)
                } else if !isPrintable(s) {
                    out += s.value > 0xFFFF ? "\\u{" + String(s.value, radix: 16, uppercase: true) + "}" : "\\u" + hex4(s.value)
                } else {
                    out.unicodeScalars.append(s)
                }
            }
            i += 1
        }
        return out + "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// `Symbol#inspect`: `:name`, or quoted when the name is not a plain identifier or operator.
    static func inspectSymbol(_ name: String) -> String {
        if isPlainSymbol(name) { return ":" + name }
        return ":" + inspectString(name)
    }

    static let operatorSymbols: Set<String> = [
        "[]", "[]=", "+", "-", "*", "/", "%", "**", "==", "===", "!=", "=~", "!~", "<=>", "<", "<=", ">", ">=",
        "<<", ">>", "!", "~", "&", "|", "^", "+@", "-@", "`",
    ]

    static func isPlainSymbol(_ name: String) -> Bool {
        if name.isEmpty { return false }
        if operatorSymbols.contains(name) { return true }
        var body = Substring(name)
        if body.hasPrefix("@@") { body = body.dropFirst(2) }
        else if body.hasPrefix("@") || body.hasPrefix("$") { body = body.dropFirst() }
        guard let first = body.first, first == "_" || first.isLetter || (first.unicodeScalars.first!.value >= 0x80) else { return false }
        var rest = body.dropFirst()
        if let last = rest.last, last == "?" || last == "!" || last == "=" {
            if name.hasPrefix("@") || name.hasPrefix("$") { return false }
            rest = rest.dropLast()
        }
        return rest.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber || ($0.unicodeScalars.first!.value >= 0x80) }
    }

    /// Formats one number with a C conversion (`%.3f`, `%e`, `%g`), as sprintf does.
    static func cFormat(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let count = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        if count >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(count) + 1)
            _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        return String(cBuffer: buffer)
    }
}

extension RubyFormat {
    /// `%.Nf` of a positive finite number exactly as Ruby prints it.
    ///
    /// Ruby's dtoa first tries to produce the digits with floating-point arithmetic. When the
    /// part left over after the last digit is within that arithmetic's error of one half, it
    /// rounds the last digit to even instead of computing exactly, so `format("%.2f", 2.675)`
    /// is "2.68" in Ruby and "2.67" in C. This replays that path; outside the tie zone C's
    /// exactly rounded result is Ruby's too.
    static func fixed(_ value: Double, precision: Int, alternate: Bool) -> String {
        let cSpec = "%\(alternate ? "#" : "").\(precision)f"
        guard let digits = fastPathTie(value, precision: precision) else { return cFormat(cSpec, value) }
        var (text, exponent) = digits
        let integerCount = exponent + 1
        var out = ""
        if integerCount <= 0 {
            out = "0"
            text = String(repeating: "0", count: -integerCount) + text
        } else {
            out = String(text.prefix(integerCount))
            text = String(text.dropFirst(integerCount))
        }
        if precision > 0 || alternate { out += "." }
        return out + text
    }

    /// Digits (and the decimal exponent of the first) when Ruby's quick path ends in its
    /// round-half-even tie zone; nil when it does not, or when Ruby would compute exactly.
    private static func fastPathTie(_ value: Double, precision: Int) -> (String, Int)? {
        let quickMax = 14
        let tens: [Double] = (0..<16).map { pow(10, Double($0)) }
        let bigTens: [Double] = [1e16, 1e32, 1e64, 1e128, 1e256]
        guard value > 0, value.isFinite else { return nil }
        var k = Int(floor(log10(value)))
        var ilim = precision + k + 1
        guard ilim > 0, ilim <= quickMax else { return nil }
        var d = value
        var ieps = 2
        if k > 0 {
            var ds = tens[k & 0xF]
            var j = k >> 4
            if j & 0x10 != 0 {
                j &= 0xF
                d /= bigTens[4]
                ieps += 1
            }
            var i = 0
            while j != 0 {
                if j & 1 != 0 {
                    ieps += 1
                    ds *= bigTens[i]
                }
                j >>= 1
                i += 1
            }
            d /= ds
        } else if k < 0 {
            let j1 = -k
            d *= tens[j1 & 0xF]
            var j = j1 >> 4
            var i = 0
            while j != 0 {
                if j & 1 != 0 {
                    ieps += 1
                    d *= bigTens[i]
                }
                j >>= 1
                i += 1
            }
        }
        if d < 1 {
            guard ilim > 1 else { return nil }
            ilim -= 1
            k -= 1
            d *= 10
            ieps += 1
        }
        // The error bound of the arithmetic so far, scaled to the last digit.
        var eps = (Double(ieps) * d + 7) * pow(2, -52)
        eps *= tens[ilim - 1]
        var digits: [UInt8] = []
        var i = 1
        while true {
            let whole = Int(d)
            d -= Double(whole)
            digits.append(UInt8(whole))
            if i == ilim { break }
            if d == 0 { return nil }
            d *= 10
            i += 1
        }
        guard d <= 0.5 + eps, d >= 0.5 - eps else { return nil }
        if digits[digits.count - 1] & 1 == 1 {
            // Round up, carrying.
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == 9 {
                    digits[index] = 0
                    index -= 1
                } else {
                    digits[index] += 1
                    break
                }
            }
            if index < 0 {
                digits.insert(1, at: 0)
                k += 1
            }
        }
        return (String(digits.map { Character(UnicodeScalar($0 + 48)) }), k)
    }
}
