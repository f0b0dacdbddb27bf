/// A moment as calendar fields, without Foundation: for log timestamps, backup names and
/// HTTP dates.
public struct CivilTime {
    public let year, month, day, hour, minute, second: Int
    /// 0 is Sunday.
    public let weekday: Int

    /// `seconds` since the epoch, shifted by `utcOffset` seconds for local time.
    public init(epochSeconds seconds: Double, utcOffset: Int = 0) {
        let local = Int(seconds.rounded(.down)) + utcOffset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        weekday = ((days % 7) + 11) % 7
    }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
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
