/// A moment as calendar fields; also what the layers above use for log timestamps, backup
/// names and HTTP dates.
public struct CivilTime {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    /// 0 is Sunday.
    public var weekday: Int, yearDay: Int
    public var fraction: Double

    /// Converts epoch seconds at an offset to the calendar (proleptic Gregorian).
    public init(seconds: Double, offset: Int) {
        let whole = seconds.rounded(.down)
        fraction = seconds - whole
        let local = Int(whole) + offset
        var days = local / 86_400
        var rest = local % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
        weekday = ((days % 7) + 11) % 7
        // Howard Hinnant's days-to-civil.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        yearDay = cumulative[month - 1] + day + (leap && month > 2 ? 1 : 0)
    }

    public static func epochDays(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// The time formats that HTTP, Chef's signing protocol and the run's output use.
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
