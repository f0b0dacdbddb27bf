/// Regexp and MatchData on sous's own engine (`Sources/SousLanguage/Regexp`), which reads
/// Ruby's syntax and matches as Onigmo does, by Unicode scalar: offsets in match data are
/// scalar offsets, as Ruby's character offsets.
public final class RRegexp: RObject {
    public let source: String
    public let ignoreCase: Bool
    public let multiline: Bool
    public let extended: Bool
    let program: RegexProgram
    public let groupNames: [String]

    init(source: String, ignoreCase: Bool, multiline: Bool, extended: Bool, klass: RModule) throws {
        self.source = source
        self.ignoreCase = ignoreCase
        self.multiline = multiline
        self.extended = extended
        program = try RegexProgram(pattern: source, ignoreCase: ignoreCase, multiline: multiline, extended: extended)
        groupNames = program.names.map(\.0)
        super.init(klass: klass)
        frozen = true
    }

    /// `(?i-mx:source)`: the pattern with its options, as `to_s` and `Regexp.union` embed it.
    var embeddedText: String {
        let on = optionsText
        let off = String("mix".filter { !on.contains($0) })
        return "(?\(on)\(off.isEmpty ? "" : "-" + off):\(source))"
    }

    /// The names of a pattern's named groups, in order (`/(?<y>\d+)/ =~ s` makes locals).
    static func namedGroups(in source: String) -> [String] {
        (try? RegexProgram(pattern: source, ignoreCase: false, multiline: false, extended: false))?.names.map(\.0) ?? []
    }

    /// The first match at or after `from` (a scalar offset) in `text`.
    func search(_ text: ScalarText, from: Int = 0) -> [Int]? {
        program.firstMatch(in: text.scalars, from: from)
    }

    /// Every match, without overlaps, in order.
    func matches(_ text: ScalarText) -> [[Int]] {
        program.allMatches(in: text.scalars)
    }

    public var optionsText: String {
        (multiline ? "m" : "") + (ignoreCase ? "i" : "") + (extended ? "x" : "")
    }

    /// Ruby's `Regexp#inspect`: `/source/flags`, with `/` escaped.
    public var inspectText: String {
        var escaped = ""
        var previous: Character = " "
        for c in source {
            if c == "/" && previous != "\\" { escaped += "\\/" } else { escaped.append(c) }
            previous = c
        }
        return "/" + escaped + "/" + optionsText
    }

}

/// A string as the regexp engine reads it: its scalars, kept beside the text so that match
/// data of one search share them.
struct ScalarText {
    let text: String
    let scalars: [UInt32]

    init(_ text: String) {
        self.text = text
        var scalars: [UInt32] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar.value) }
        self.scalars = scalars
    }

    /// The text from scalar `lower` to `upper`.
    func slice(_ lower: Int, _ upper: Int) -> String {
        ScalarText.string(scalars[lower..<upper])
    }

    static func string(_ scalars: ArraySlice<UInt32>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for value in scalars {
            switch value {
            case 0..<0x80:
                bytes.append(UInt8(value))
            case 0x80..<0x800:
                bytes += [UInt8(0xC0 | (value >> 6)), UInt8(0x80 | (value & 0x3F))]
            case 0x800..<0x10000:
                bytes += [UInt8(0xE0 | (value >> 12)), UInt8(0x80 | ((value >> 6) & 0x3F)), UInt8(0x80 | (value & 0x3F))]
            default:
                bytes += [UInt8(0xF0 | (value >> 18)), UInt8(0x80 | ((value >> 12) & 0x3F)), UInt8(0x80 | ((value >> 6) & 0x3F)),
                          UInt8(0x80 | (value & 0x3F))]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The result of a match: the subject and the scalar offsets of each group.
public final class RMatchData: RObject {
    public var subject: String { text.text }
    let text: ScalarText
    public let ranges: [Range<Int>?]
    public let names: [String]
    let regexp: RRegexp

    init(slots: [Int], text: ScalarText, regexp: RRegexp, klass: RModule) {
        self.text = text
        self.regexp = regexp
        var ranges: [Range<Int>?] = []
        for group in 0..<(slots.count / 2) {
            let low = slots[group * 2], high = slots[group * 2 + 1]
            ranges.append(low >= 0 && high >= low ? low..<high : nil)
        }
        self.ranges = ranges
        self.names = regexp.groupNames
        super.init(klass: klass)
    }

    func text(_ index: Int) -> String? {
        guard index >= 0, index < ranges.count, let range = ranges[index] else { return nil }
        return text.slice(range.lowerBound, range.upperBound)
    }

    func group(_ index: Int, interpreter: Interpreter) -> Value {
        text(index).map { interpreter.makeString($0) } ?? .null
    }

    func namedIndex(_ name: String) -> Int? {
        regexp.program.names.last(where: { $0.0 == name })?.1
    }

    var preMatch: String {
        guard let range = ranges.first ?? nil else { return "" }
        return text.slice(0, range.lowerBound)
    }

    var postMatch: String {
        guard let range = ranges.first ?? nil else { return "" }
        return text.slice(range.upperBound, text.scalars.count)
    }
}

extension Interpreter {
    public func makeRegexp(_ source: String, options: String = "") throws -> RRegexp {
        do {
            return try RRegexp(source: source, ignoreCase: options.contains("i"), multiline: options.contains("m"),
                               extended: options.contains("x"), klass: classes.regexp)
        } catch {
            throw makeError(classes.regexpError, "\(error): /\(source)/")
        }
    }

    func evalRegexp(_ literal: RegexpLiteral, _ frame: Frame) throws -> Value {
        if let compiled = literal.compiled as? RRegexp { return .object(compiled) }
        var source = ""
        var dynamic = false
        for part in literal.parts {
            if case .string(let text) = part.kind {
                source += text
            } else {
                dynamic = true
                let value = try eval(part, frame)
                if let regexp = value.asRegexp { source += "(?\(regexp.optionsText):\(regexp.source))" }
                else { source += try stringForInterpolation(value) }
            }
        }
        let regexp = try makeRegexp(source, options: literal.options)
        if !dynamic || literal.options.contains("o") { literal.compiled = regexp }
        return .object(regexp)
    }

    /// Matches and sets `$~` (and so `$1`...), as `=~` and `match` do.
    func match(_ regexp: RRegexp, _ text: String, from offset: Int = 0) -> RMatchData? {
        match(regexp, ScalarText(text), from: offset)
    }

    func match(_ regexp: RRegexp, _ subject: ScalarText, from offset: Int = 0) -> RMatchData? {
        var start = offset
        if start < 0 { start += subject.scalars.count }
        guard let found = regexp.search(subject, from: start) else {
            lastMatch = .null
            return nil
        }
        let data = RMatchData(slots: found, text: subject, regexp: regexp, klass: classes.matchData)
        lastMatch = .object(data)
        return data
    }

    /// A pattern argument: a Regexp as is, a String as a literal pattern.
    func regexpArgument(_ value: Value) throws -> RRegexp {
        if let regexp = value.asRegexp { return regexp }
        let text = try toStr(value)
        return try makeRegexp(Self.escapeRegexp(text), options: "")
    }

    static func escapeRegexp(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case ".", "*", "?", "+", "^", "$", "|", "(", ")", "[", "]", "{", "}", "\\", "/", "-":
                out += "\\" + String(c)
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case " ": out += "\\ "
            default: out.append(c)
            }
        }
        return out
    }

    func installRegexp() {
        let regexp = classes.regexp!
        let matchData = classes.matchData!
        regexp.setConstant("IGNORECASE", .integer(1))
        regexp.setConstant("EXTENDED", .integer(2))
        regexp.setConstant("MULTILINE", .integer(4))

        defineSingleton(regexp, [
            .method("new", "compile", arity: .checkedByBody) { interp, _, args in
                if let existing = args[0].asRegexp { return .object(existing) }
                var options = ""
                switch args[1] {
                case .integer(let flags):
                    if flags & 1 != 0 { options += "i" }
                    if flags & 2 != 0 { options += "x" }
                    if flags & 4 != 0 { options += "m" }
                case .null, .bool(false): break
                default: options = "i"
                }
                return .object(try interp.makeRegexp(try interp.toStr(args[0]), options: options))
            },
            .method("escape", arity: .exactly(1)) { interp, _, args in
                interp.makeString(Self.escapeRegexp(try interp.toName(args[0])))
            },
            .method("quote", arity: .exactly(1)) { interp, _, args in
                interp.makeString(Self.escapeRegexp(try interp.toName(args[0])))
            },
            .method("union", arity: .checkedByBody) { interp, _, args in
                let items = args.count == 1 && args[0].asArray != nil ? args[0].asArray!.items : args.values
                let parts = try items.map { item -> String in
                    if let r = item.asRegexp { return r.embeddedText }
                    return Self.escapeRegexp(try interp.toStr(item))
                }
                return .object(try interp.makeRegexp(parts.joined(separator: "|"), options: ""))
            },
            .method("last_match", arity: .checkedByBody) { interp, _, args in
                if args.count > 0, let m = interp.lastMatch.asObject as? RMatchData {
                    return m.group(try interp.toInteger(args[0]), interpreter: interp)
                }
                return interp.lastMatch
            },
        ])
        define(regexp, [
            .method("source", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(receiver.asRegexp!.source) },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(receiver.asRegexp!.inspectText) },
            .method("to_s", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(receiver.asRegexp!.embeddedText) },
            .method("options", arity: .exactly(0)) { _, receiver, _ in
                let r = receiver.asRegexp!
                return .integer((r.ignoreCase ? 1 : 0) | (r.extended ? 2 : 0) | (r.multiline ? 4 : 0))
            },
            .method("casefold?", arity: .exactly(0)) { _, receiver, _ in .bool(receiver.asRegexp!.ignoreCase) },
            .method("names", arity: .exactly(0)) { interp, receiver, _ in interp.makeArray(receiver.asRegexp!.groupNames.map { interp.makeString($0) }) },
            .method("match", arity: .checkedByBody) { interp, receiver, args in
                if args[0].isNil {
                    interp.lastMatch = .null
                    return .null
                }
                let subject = try (args[0].asObject as? RString)?.scalarText ?? ScalarText(interp.toName(args[0]))
                let offset = args.count > 1 ? try interp.toInteger(args[1]) : 0
                guard let data = interp.match(receiver.asRegexp!, subject, from: offset) else { return .null }
                if let block = args.block { return try interp.callBlock(block, [.object(data)]) }
                return .object(data)
            },
            .method("match?", arity: .checkedByBody) { interp, receiver, args in
                if args[0].isNil { return .false }
                let text = try interp.toName(args[0])
                return .bool(receiver.asRegexp!.search(ScalarText(text)) != nil)
            },
            .method("=~", arity: .exactly(1)) { interp, receiver, args in
                if args[0].isNil {
                    interp.lastMatch = .null
                    return .null
                }
                let text = try interp.toName(args[0])
                guard let data = interp.match(receiver.asRegexp!, text) else { return .null }
                return .integer(data.ranges[0]!.lowerBound)
            },
            .method("===", arity: .exactly(1)) { interp, receiver, args in
                guard let text = args[0].asString?.value ?? { if case .symbol(let s) = args[0] { return s } else { return nil } }() else {
                    return .false
                }
                return .bool(interp.match(receiver.asRegexp!, text) != nil)
            },
            .method("==", "eql?", arity: .exactly(1)) { _, receiver, args in
                guard let other = args[0].asRegexp else { return .false }
                let me = receiver.asRegexp!
                return .bool(me.source == other.source && me.optionsText == other.optionsText)
            },
            .method("hash", arity: .exactly(0)) { _, receiver, _ in
                var hasher = Hasher()
                hasher.combine(receiver.asRegexp!.source)
                return .integer(hasher.finalize())
            },
            .method("freeze", arity: .exactly(0)) { _, receiver, _ in receiver },
        ])

        func data(_ value: Value) -> RMatchData { value.asObject as! RMatchData }
        /// A group by number (negative counts from the end) or by name.
        func groupIndex(_ m: RMatchData, _ key: Value, _ interp: Interpreter) throws -> Int {
            if case .integer(let i) = key { return i < 0 ? m.ranges.count + i : i }
            guard let name = key.asSymbolName ?? key.asString?.value else {
                throw interp.typeError("no implicit conversion of \(interp.className(of: key)) into Integer")
            }
            guard let index = m.namedIndex(name) else {
                throw interp.makeError(interp.classes.indexError, "undefined group name reference: \(name)")
            }
            return index
        }
        define(matchData, [
            .method("[]", arity: .checkedByBody) { interp, receiver, args in
                let m = data(receiver)
                return m.group(try groupIndex(m, args[0], interp), interpreter: interp)
            },
            .method("to_a", arity: .exactly(0)) { interp, receiver, _ in
                let m = data(receiver)
                return interp.makeArray((0..<m.ranges.count).map { m.group($0, interpreter: interp) })
            },
            .method("captures", arity: .exactly(0)) { interp, receiver, _ in
                let m = data(receiver)
                return interp.makeArray((1..<max(1, m.ranges.count)).map { m.group($0, interpreter: interp) })
            },
            .method("named_captures", arity: .exactly(0)) { interp, receiver, _ in
                let m = data(receiver)
                return interp.makeHash(m.names.map { (interp.makeString($0), m.group(m.namedIndex($0)!, interpreter: interp)) })
            },
            .method("names", arity: .exactly(0)) { interp, receiver, _ in interp.makeArray(data(receiver).names.map { interp.makeString($0) }) },
            .method("pre_match", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(data(receiver).preMatch) },
            .method("post_match", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(data(receiver).postMatch) },
            .method("to_s", arity: .exactly(0)) { interp, receiver, _ in data(receiver).group(0, interpreter: interp) },
            .method("size", "length", arity: .exactly(0)) { _, receiver, _ in .integer(data(receiver).ranges.count) },
            .method("string", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(data(receiver).subject) },
            .method("regexp", arity: .exactly(0)) { _, receiver, _ in .object(data(receiver).regexp) },
            .method("begin", arity: .exactly(1)) { interp, receiver, args in
                let m = data(receiver)
                let index = try groupIndex(m, args[0], interp)
                guard index >= 0, index < m.ranges.count, let range = m.ranges[index] else { return .null }
                return .integer(range.lowerBound)
            },
            .method("end", arity: .exactly(1)) { interp, receiver, args in
                let m = data(receiver)
                let index = try groupIndex(m, args[0], interp)
                guard index >= 0, index < m.ranges.count, let range = m.ranges[index] else { return .null }
                return .integer(range.upperBound)
            },
            .method("values_at", arity: .checkedByBody) { interp, receiver, args in
                let m = data(receiver)
                return interp.makeArray(try args.values.map { m.group(try interp.toInteger($0), interpreter: interp) })
            },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in
                let m = data(receiver)
                var out = "#<MatchData " + RubyFormat.inspectString(m.text(0) ?? "")
                for i in 1..<max(1, m.ranges.count) {
                    let label = i - 1 < m.names.count ? m.names[i - 1] : String(i)
                    out += " \(label):" + (m.text(i).map { RubyFormat.inspectString($0) } ?? "nil")
                }
                return interp.makeString(out + ">")
            },
        ])
    }
}
