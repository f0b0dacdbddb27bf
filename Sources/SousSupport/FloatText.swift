/// Floats as text exactly as Ruby 3.1 prints them, for `Float#to_s` and for JSON.
public enum FloatText {
    /// `Float#to_s`: the shortest digits that read back as the same double, in fixed
    /// notation when the decimal exponent is between -4 and 16, else `1.0e+20`.
    public static func ruby(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let (digits, exponent) = shortestDigits(abs(value))
        let sign = value < 0 ? "-" : ""
        let decimalPoint = exponent + 1
        if decimalPoint > -4 && decimalPoint < 16 {
            if decimalPoint <= 0 {
                return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
            }
            if digits.count <= decimalPoint {
                return sign + digits + String(repeating: "0", count: decimalPoint - digits.count) + ".0"
            }
            let index = digits.index(digits.startIndex, offsetBy: decimalPoint)
            return sign + digits[..<index] + "." + digits[index...]
        }
        let mantissa = digits.count == 1 ? digits + ".0" : String(digits.first!) + "." + digits.dropFirst()
        let exponentText = exponent < 0 ? "-" + pad2(-exponent) : "+" + pad2(exponent)
        return sign + mantissa + "e" + exponentText
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The shortest round-trip digits of a positive double and its decimal exponent
    /// (scientific: d.ddd × 10^exponent), taken from Swift's own shortest printing.
    static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = "\(value)"
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fraction = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = String(mantissa[..<dot])
            fraction = String(mantissa[mantissa.index(after: dot)...])
        }
        var digits = integerPart + fraction
        var pointPosition = integerPart.count + exponent
        // Strip leading zeros (0.00123) and trailing zeros.
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, pointPosition - 1)
    }
}
