import SousSupport

// Time: seconds since the epoch shown at an offset from UTC; the clock comes from the host,
// the calendar from SousSupport's CivilTime.

extension Interpreter {
    func makeTime(_ seconds: Double, utc: Bool) -> Value {
        let offset = utc ? 0 : host.localUTCOffset(at: seconds)
        return .object(RTime(seconds: seconds, utcOffset: offset, isUTC: utc, klass: classes.time))
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    func offsetText(_ offset: Int, colon: Bool) -> String {
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        let h = minutes / 60, m = minutes % 60
        return sign + pad(h, 2) + (colon ? ":" : "") + pad(m, 2)
    }

    func pad(_ value: Int, _ width: Int, _ fill: Character = "0") -> String {
        let text = String(abs(value))
        let padded = String(repeating: fill, count: max(0, width - text.count)) + text
        return value < 0 ? "-" + padded : padded
    }

    func strftime(_ time: RTime, _ format: String) -> String {
        let c = CivilTime(seconds: time.seconds, offset: time.utcOffset)
        var out = ""
        var chars = format.makeIterator()
        while let ch = chars.next() {
            guard ch == "%" else {
                out.append(ch)
                continue
            }
            var flags = ""
            var spec = chars.next()
            while let s = spec, "-_0^#:".contains(s) {
                flags.append(s)
                spec = chars.next()
            }
            var width = ""
            while let s = spec, s.isNumber {
                width.append(s)
                spec = chars.next()
            }
            guard let s = spec else {
                out.append("%")
                break
            }
            func number(_ value: Int, _ defaultWidth: Int, _ defaultFill: Character = "0") -> String {
                if flags.contains("-") { return String(value) }
                let fill: Character = flags.contains("_") ? " " : (flags.contains("0") ? "0" : defaultFill)
                return pad(value, Int(width) ?? defaultWidth, fill)
            }
            func text(_ value: String) -> String {
                var result = flags.contains("^") ? value.uppercased() : value
                if flags.contains("#") { result = value == value.uppercased() ? value.lowercased() : value.uppercased() }
                if let w = Int(width), w > result.count { result = String(repeating: " ", count: w - result.count) + result }
                return result
            }
            switch s {
            case "Y": out += number(c.year, 1)
            case "C": out += number(c.year / 100, 2)
            case "y": out += number(c.year % 100, 2)
            case "m": out += number(c.month, 2)
            case "d": out += number(c.day, 2)
            case "e": out += number(c.day, 2, " ")
            case "j": out += number(c.yearDay, 3)
            case "H": out += number(c.hour, 2)
            case "k": out += number(c.hour, 2, " ")
            case "I": out += number(c.hour % 12 == 0 ? 12 : c.hour % 12, 2)
            case "l": out += number(c.hour % 12 == 0 ? 12 : c.hour % 12, 2, " ")
            case "M": out += number(c.minute, 2)
            case "S": out += number(c.second, 2)
            case "L": out += pad(Int(c.fraction * 1000), 3)
            case "N":
                let digits = Int(width) ?? 9
                var scaled = c.fraction
                for _ in 0..<digits { scaled *= 10 }
                out += pad(Int(scaled), digits)
                width = ""
            case "p": out += text(c.hour < 12 ? "AM" : "PM")
            case "P": out += text(c.hour < 12 ? "am" : "pm")
            case "A": out += text(Self.dayNames[c.weekday])
            case "a": out += text(String(Self.dayNames[c.weekday].prefix(3)))
            case "B": out += text(Self.monthNames[c.month - 1])
            case "b", "h": out += text(String(Self.monthNames[c.month - 1].prefix(3)))
            case "U", "W":
                // Week of the year; weeks start on Sunday (%U) or Monday (%W).
                let weekday = s == "U" ? c.weekday : (c.weekday + 6) % 7
                out += number((c.yearDay - 1 - weekday + 7) / 7, 2)
            case "r":
                out += number(c.hour % 12 == 0 ? 12 : c.hour % 12, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
                    + " " + (c.hour < 12 ? "AM" : "PM")
            case "u": out += String(c.weekday == 0 ? 7 : c.weekday)
            case "w": out += String(c.weekday)
            case "Z": out += text(time.isUTC ? "UTC" : (time.utcOffset == 0 ? "UTC" : ""))
            case "z": out += offsetText(time.utcOffset, colon: flags.contains(":"))
            case "s": out += String(Int(time.seconds.rounded(.down)))
            case "F": out += pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
            case "T", "X": out += pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
            case "R": out += pad(c.hour, 2) + ":" + pad(c.minute, 2)
            case "D", "x": out += pad(c.month, 2) + "/" + pad(c.day, 2) + "/" + pad(c.year % 100, 2)
            case "c":
                out += String(Self.dayNames[c.weekday].prefix(3)) + " " + String(Self.monthNames[c.month - 1].prefix(3)) + " "
                    + pad(c.day, 2, " ") + " " + pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2) + " " + String(c.year)
            case "n": out += "\n"
            case "t": out += "\t"
            case "%": out += "%"
            default:
                out += "%" + flags + width + String(s)
            }
        }
        return out
    }

    func installTime() {
        let time = classes.time!
        func t(_ value: Value) -> RTime { value.asObject as! RTime }
        defineSingleton(time, [
            .method("now", arity: .checkedByBody) { interp, _, _ in interp.makeTime(interp.host.now().seconds, utc: false) },
            .method("at", arity: .atLeast(1)) { interp, _, args in
                let seconds = try interp.toDouble(args.positional[0])
                if let options = args.keywords, let zone = options.get(.symbol("in")), let text = zone.asString?.value, text == "UTC" || text == "Z" {
                    return interp.makeTime(seconds, utc: true)
                }
                return interp.makeTime(seconds, utc: false)
            },
        ])
        for (name, utc) in [("utc", true), ("gm", true), ("local", false), ("mktime", false), ("new", false)] {
            defineSingleton(time, name) { interp, _, args in
                if name == "new" && args.count == 0 { return interp.makeTime(interp.host.now().seconds, utc: false) }
                let parts = try args.positional.map { value -> Double in
                    if let s = value.asString?.value { return Double(s) ?? 0 }
                    return try interp.toDouble(value)
                }
                func part(_ i: Int, _ fallback: Double) -> Double { i < parts.count ? parts[i] : fallback }
                let days = CivilTime.epochDays(year: Int(part(0, 1970)), month: Int(part(1, 1)), day: Int(part(2, 1)))
                var seconds = Double(days * 86_400) + part(3, 0) * 3600 + part(4, 0) * 60 + part(5, 0)
                var isUTC = utc
                if name == "new", args.positional.count > 6, let zone = args.positional[6].asString?.value {
                    if zone == "UTC" || zone == "Z" { isUTC = true } else if let offset = Self.parseOffset(zone) {
                        seconds -= Double(offset)
                        return .object(RTime(seconds: seconds, utcOffset: offset, isUTC: false, klass: interp.classes.time))
                    }
                }
                if !isUTC { seconds -= Double(interp.host.localUTCOffset(at: seconds)) }
                return interp.makeTime(seconds, utc: isUTC)
            }
        }
        define(time, [
            .method("to_i", "tv_sec", arity: .exactly(0)) { _, receiver, _ in .integer(Int(t(receiver).seconds.rounded(.down))) },
            .method("to_f", arity: .exactly(0)) { _, receiver, _ in .float(t(receiver).seconds) },
            .method("utc", "getutc", "gmtime", "getgm", arity: .exactly(0)) { interp, receiver, _ in
                let me = t(receiver)
                return .object(RTime(seconds: me.seconds, utcOffset: 0, isUTC: true, klass: interp.classes.time))
            },
            .method("localtime", "getlocal", arity: .checkedByBody) { interp, receiver, args in
                let me = t(receiver)
                if args.count > 0, let text = args[0].asString?.value, let offset = Self.parseOffset(text) {
                    return .object(RTime(seconds: me.seconds, utcOffset: offset, isUTC: false, klass: interp.classes.time))
                }
                return interp.makeTime(me.seconds, utc: false)
            },
            .method("utc?", "gmt?", arity: .exactly(0)) { _, receiver, _ in .bool(t(receiver).isUTC) },
            .method("utc_offset", "gmt_offset", "gmtoff", arity: .exactly(0)) { _, receiver, _ in .integer(t(receiver).utcOffset) },
        ])
        let fields: [(String, (CivilTime) -> Int)] = [
            ("year", { $0.year }), ("month", { $0.month }), ("mon", { $0.month }), ("day", { $0.day }), ("mday", { $0.day }),
            ("hour", { $0.hour }), ("min", { $0.minute }), ("sec", { $0.second }), ("wday", { $0.weekday }), ("yday", { $0.yearDay }),
        ]
        for (name, field) in fields {
            define(time, name, arity: .exactly(0)) { _, receiver, _ in
                let me = t(receiver)
                return .integer(field(CivilTime(seconds: me.seconds, offset: me.utcOffset)))
            }
        }
        define(time, [
            .method("usec", arity: .exactly(0)) { _, receiver, _ in
                let me = t(receiver)
                return .integer(Int(((me.seconds - me.seconds.rounded(.down)) * 1_000_000).rounded()))
            },
            .method("nsec", arity: .exactly(0)) { _, receiver, _ in
                let me = t(receiver)
                return .integer(Int(((me.seconds - me.seconds.rounded(.down)) * 1_000_000_000).rounded()))
            },
            .method("zone", arity: .exactly(0)) { interp, receiver, _ in t(receiver).isUTC ? interp.makeString("UTC") : .null },
        ])
        for (name, weekday) in ["sunday?", "monday?", "tuesday?", "wednesday?", "thursday?", "friday?", "saturday?"].enumerated().map({ ($1, $0) }) {
            define(time, name, arity: .exactly(0)) { _, receiver, _ in
                let me = t(receiver)
                return .bool(CivilTime(seconds: me.seconds, offset: me.utcOffset).weekday == weekday)
            }
        }
        define(time, [
            .method("strftime", arity: .exactly(1)) { interp, receiver, args in interp.makeString(interp.strftime(t(receiver), try interp.toStr(args[0]))) },
            .method("iso8601", "xmlschema", arity: .checkedByBody) { interp, receiver, args in
                let me = t(receiver)
                var text = interp.strftime(me, "%Y-%m-%dT%H:%M:%S")
                if args.count > 0, case .integer(let digits) = args[0], digits > 0 {
                    text += "." + interp.strftime(me, "%\(digits)N")
                }
                text += me.isUTC ? "Z" : interp.offsetText(me.utcOffset, colon: true)
                return interp.makeString(text)
            },
            .method("to_s", "inspect", arity: .exactly(0)) { interp, receiver, _ in
                let me = t(receiver)
                return interp.makeString(interp.strftime(me, "%Y-%m-%d %H:%M:%S ") + (me.isUTC ? "UTC" : interp.offsetText(me.utcOffset, colon: false)))
            },
            .method("+", arity: .exactly(1)) { interp, receiver, args in
                let me = t(receiver)
                if args[0].asObject is RTime { throw interp.typeError("time + time?") }
                return .object(RTime(seconds: me.seconds + (try interp.toDouble(args[0])), utcOffset: me.utcOffset, isUTC: me.isUTC,
                                     klass: interp.classes.time))
            },
            .method("-", arity: .exactly(1)) { interp, receiver, args in
                let me = t(receiver)
                if let other = args[0].asObject as? RTime { return .float(me.seconds - other.seconds) }
                return .object(RTime(seconds: me.seconds - (try interp.toDouble(args[0])), utcOffset: me.utcOffset, isUTC: me.isUTC,
                                     klass: interp.classes.time))
            },
            .method("<=>", arity: .exactly(1)) { _, receiver, args in
                guard let other = args[0].asObject as? RTime else { return .null }
                let a = t(receiver).seconds, b = other.seconds
                return .integer(a < b ? -1 : (a > b ? 1 : 0))
            },
            .method("==", "eql?", arity: .exactly(1)) { _, receiver, args in
                guard let other = args[0].asObject as? RTime else { return .false }
                return .bool(t(receiver).seconds == other.seconds)
            },
            .method("hash", arity: .exactly(0)) { _, receiver, _ in
                var hasher = Hasher()
                hasher.combine(t(receiver).seconds)
                return .integer(hasher.finalize())
            },
            .method("round", arity: .checkedByBody) { interp, receiver, _ in
                let me = t(receiver)
                return .object(RTime(seconds: me.seconds.rounded(), utcOffset: me.utcOffset, isUTC: me.isUTC, klass: interp.classes.time))
            },
        ])
    }

    static func parseOffset(_ text: String) -> Int? {
        let chars = Array(text)
        guard chars.count >= 5, chars[0] == "+" || chars[0] == "-" else { return nil }
        let digits = chars.dropFirst().filter { $0.isNumber }
        guard digits.count == 4, let value = Int(String(digits)) else { return nil }
        let seconds = (value / 100) * 3600 + (value % 100) * 60
        return chars[0] == "-" ? -seconds : seconds
    }
}
