import SousLanguage

/// The time formats that HTTP, Chef's signing protocol and the run's output use, on the
/// language's calendar conversion.
extension CivilTime {
    public static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// `Wed, 25 Nov 2026 02:30:00 GMT` (for a UTC time).
    public var httpDate: String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[weekday]), \(Self.pad(day)) \(months[month - 1]) \(year) \(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second)) GMT"
    }

    /// `2026-11-25T02:30:00`.
    public var iso8601: String {
        "\(year)-\(Self.pad(month))-\(Self.pad(day))T\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second))"
    }

    /// `20261125023000`.
    public var compact: String {
        "\(year)\(Self.pad(month))\(Self.pad(day))\(Self.pad(hour))\(Self.pad(minute))\(Self.pad(second))"
    }
}
