/// Regexp and MatchData on Swift's regular expression engine.
///
/// Ruby's syntax is close to the engine's for the patterns recipes use; the differences
/// are translated here (`\h` is a hex digit in Ruby, `/m` makes `.` match newlines, `^`
/// and `$` always match at line ends). Matching is by Unicode scalar, as Ruby's is.
public final class RRegexp: RObject {
    public let source: String
    public let ignoreCase: Bool
    public let multiline: Bool
    public let extended: Bool
    let regex: Regex<AnyRegexOutput>
    public let groupNames: [String]

    init(source: String, ignoreCase: Bool, multiline: Bool, extended: Bool, klass: RModule) throws {
        self.source = source
        self.ignoreCase = ignoreCase
        self.multiline = multiline
        self.extended = extended
        var pattern = RRegexp.translate(source)
        if extended { pattern = "(?x)" + pattern }
        var compiled = try Regex<AnyRegexOutput>(pattern)
        // Ruby's \w, \d, \s and \b are ASCII-only even in UTF-8 strings ("é" is not a word
        // character); Swift's default to Unicode.
        compiled = compiled.matchingSemantics(.unicodeScalar).anchorsMatchLineEndings(true).dotMatchesNewlines(multiline)
            .asciiOnlyWordCharacters().asciiOnlyDigits().asciiOnlyWhitespace().wordBoundaryKind(.simple)
        if ignoreCase { compiled = compiled.ignoresCase(true) }
        self.regex = compiled
        self.groupNames = RRegexp.namedGroups(in: source)
        super.init(klass: klass)
        frozen = true
    }

    /// `(?i-mx:source)`: the pattern with its options, as `to_s` and `Regexp.union` embed it.
    var embeddedText: String {
        let on = optionsText
        let off = String("mix".filter { !on.contains($0) })
        return "(?\(on)\(off.isEmpty ? "" : "-" + off):\(source))"
    }

    /// Rewrites the Ruby-only parts of a pattern for the engine.
    static func translate(_ source: String) -> String {
        var out = ""
        var chars = Array(source)
        var i = 0
        var inClass = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\" && i + 1 < chars.count {
                let next = chars[i + 1]
                switch next {
                case "h": out += inClass > 0 ? "0-9a-fA-F" : "[0-9a-fA-F]"
                case "H": out += "[^0-9a-fA-F]"
                case "Z": out += "(?=\\n?\\z)"
                default:
                    out.append(c)
                    out.append(next)
                }
                i += 2
                continue
            }
            if c == "[" {
                inClass += 1
            } else if c == "]" && inClass > 0 {
                inClass -= 1
            } else if c == "(" && inClass == 0 && i + 2 < chars.count && chars[i + 1] == "?" {
                // Ruby's (?m) is "dot matches newline", the engine's (?s).
                var j = i + 2
                var flags = ""
                while j < chars.count && "imx-".contains(chars[j]) {
                    flags.append(chars[j] == "m" ? "s" : chars[j])
                    j += 1
                }
                if !flags.isEmpty && j < chars.count && (chars[j] == ")" || chars[j] == ":") {
                    out += "(?" + flags
                    i = j
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        chars = []
        return out
    }

    static func namedGroups(in source: String) -> [String] {
        var names: [String] = []
        let chars = Array(source)
        var i = 0
        while i + 3 < chars.count {
            if chars[i] == "\\" {
                i += 2
                continue
            }
            if chars[i] == "(" && chars[i + 1] == "?" && chars[i + 2] == "<" && chars[i + 3] != "=" && chars[i + 3] != "!" {
                var j = i + 3
                var name = ""
                while j < chars.count && chars[j] != ">" {
                    name.append(chars[j])
                    j += 1
                }
                names.append(name)
                i = j
            }
            i += 1
        }
        return names
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

    /// All matches in `text`, in order, without overlaps.
    func matches(in text: String) -> [Regex<AnyRegexOutput>.Match] {
        Array(text.matches(of: regex))
    }

    func firstMatch(in text: String, from scalarOffset: Int = 0) -> Regex<AnyRegexOutput>.Match? {
        if scalarOffset == 0 { return try? regex.firstMatch(in: text) }
        let scalars = text.unicodeScalars
        guard let start = scalars.index(scalars.startIndex, offsetBy: scalarOffset, limitedBy: scalars.endIndex) else { return nil }
        for match in text.matches(of: regex) where match.range.lowerBound >= start { return match }
        return nil
    }
}

/// The result of a match: the subject and the scalar offsets of each group.
public final class RMatchData: RObject {
    public let subject: String
    public let ranges: [Range<Int>?]
    public let names: [String]
    let regexp: RRegexp

    init(match: Regex<AnyRegexOutput>.Match, subject: String, regexp: RRegexp, klass: RModule) {
        self.subject = subject
        self.regexp = regexp
        let scalars = subject.unicodeScalars
        var ranges: [Range<Int>?] = []
        for element in match.output {
            if let range = element.range {
                let lower = scalars.distance(from: scalars.startIndex, to: range.lowerBound)
                let upper = lower + scalars.distance(from: range.lowerBound, to: range.upperBound)
                ranges.append(lower..<upper)
            } else {
                ranges.append(nil)
            }
        }
        self.ranges = ranges
        self.names = regexp.groupNames
        super.init(klass: klass)
    }

    func text(_ index: Int) -> String? {
        guard index >= 0, index < ranges.count, let range = ranges[index] else { return nil }
        let scalars = Array(subject.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[range])
        return String(out)
    }

    func group(_ index: Int, interpreter: Interpreter) -> Value {
        text(index).map { interpreter.makeString($0) } ?? .null
    }

    func namedIndex(_ name: String) -> Int? {
        names.firstIndex(of: name).map { $0 + 1 }
    }

    var preMatch: String {
        guard let range = ranges.first ?? nil else { return "" }
        return String(String.UnicodeScalarView(subject.unicodeScalars.prefix(range.lowerBound)))
    }

    var postMatch: String {
        guard let range = ranges.first ?? nil else { return "" }
        return String(String.UnicodeScalarView(subject.unicodeScalars.dropFirst(range.upperBound)))
    }
}

extension Interpreter {
    public func makeRegexp(_ source: String, options: String = "") throws -> RRegexp {
        do {
            return try RRegexp(source: source, ignoreCase: options.contains("i"), multiline: options.contains("m"),
                               extended: options.contains("x"), klass: classes.regexp)
        } catch {
            throw makeError(classes.regexpError, "invalid regular expression: /\(source)/: \(error)")
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
        guard let found = regexp.firstMatch(in: text, from: offset) else {
            lastMatch = .null
            return nil
        }
        let data = RMatchData(match: found, subject: text, regexp: regexp, klass: classes.matchData)
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

        defineSingleton(regexp, ["new", "compile"]) { interp, _, args in
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
        }
        defineSingleton(regexp, "escape") { interp, _, args in
            interp.makeString(Self.escapeRegexp(try interp.toName(args[0])))
        }
        defineSingleton(regexp, "quote") { interp, _, args in
            interp.makeString(Self.escapeRegexp(try interp.toName(args[0])))
        }
        defineSingleton(regexp, "union") { interp, _, args in
            let items = args.count == 1 && args[0].asArray != nil ? args[0].asArray!.items : args.values
            let parts = try items.map { item -> String in
                if let r = item.asRegexp { return r.embeddedText }
                return Self.escapeRegexp(try interp.toStr(item))
            }
            return .object(try interp.makeRegexp(parts.joined(separator: "|"), options: ""))
        }
        defineSingleton(regexp, "last_match") { interp, _, args in
            if args.count > 0, let m = interp.lastMatch.asObject as? RMatchData {
                return m.group(try interp.toInteger(args[0]), interpreter: interp)
            }
            return interp.lastMatch
        }
        define(regexp, "source") { interp, receiver, _ in interp.makeString(receiver.asRegexp!.source) }
        define(regexp, "inspect") { interp, receiver, _ in interp.makeString(receiver.asRegexp!.inspectText) }
        define(regexp, "to_s") { interp, receiver, _ in interp.makeString(receiver.asRegexp!.embeddedText) }
        define(regexp, "options") { _, receiver, _ in
            let r = receiver.asRegexp!
            return .integer((r.ignoreCase ? 1 : 0) | (r.extended ? 2 : 0) | (r.multiline ? 4 : 0))
        }
        define(regexp, "casefold?") { _, receiver, _ in .bool(receiver.asRegexp!.ignoreCase) }
        define(regexp, "names") { interp, receiver, _ in interp.makeArray(receiver.asRegexp!.groupNames.map { interp.makeString($0) }) }
        define(regexp, "match") { interp, receiver, args in
            if args[0].isNil {
                interp.lastMatch = .null
                return .null
            }
            let text = try interp.toStr(args[0].asObject is RString ? args[0] : interp.makeString(try interp.toName(args[0])))
            let offset = args.count > 1 ? try interp.toInteger(args[1]) : 0
            guard let data = interp.match(receiver.asRegexp!, text, from: offset) else { return .null }
            if let block = args.block { return try interp.callBlock(block, [.object(data)]) }
            return .object(data)
        }
        define(regexp, "match?") { interp, receiver, args in
            if args[0].isNil { return .false }
            let text = try interp.toName(args[0])
            return .bool(receiver.asRegexp!.firstMatch(in: text) != nil)
        }
        define(regexp, "=~") { interp, receiver, args in
            if args[0].isNil {
                interp.lastMatch = .null
                return .null
            }
            let text = try interp.toName(args[0])
            guard let data = interp.match(receiver.asRegexp!, text) else { return .null }
            return .integer(data.ranges[0]!.lowerBound)
        }
        define(regexp, "===") { interp, receiver, args in
            guard let text = args[0].asString?.value ?? { if case .symbol(let s) = args[0] { return s } else { return nil } }() else {
                return .false
            }
            return .bool(interp.match(receiver.asRegexp!, text) != nil)
        }
        define(regexp, ["==", "eql?"]) { _, receiver, args in
            guard let other = args[0].asRegexp else { return .false }
            let me = receiver.asRegexp!
            return .bool(me.source == other.source && me.optionsText == other.optionsText)
        }
        define(regexp, "hash") { _, receiver, _ in
            var hasher = Hasher()
            hasher.combine(receiver.asRegexp!.source)
            return .integer(hasher.finalize())
        }
        define(regexp, "freeze") { _, receiver, _ in receiver }

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
        define(matchData, "[]") { interp, receiver, args in
            let m = data(receiver)
            return m.group(try groupIndex(m, args[0], interp), interpreter: interp)
        }
        define(matchData, "to_a") { interp, receiver, _ in
            let m = data(receiver)
            return interp.makeArray((0..<m.ranges.count).map { m.group($0, interpreter: interp) })
        }
        define(matchData, "captures") { interp, receiver, _ in
            let m = data(receiver)
            return interp.makeArray((1..<max(1, m.ranges.count)).map { m.group($0, interpreter: interp) })
        }
        define(matchData, "named_captures") { interp, receiver, _ in
            let m = data(receiver)
            return interp.makeHash(m.names.map { (interp.makeString($0), m.group(m.namedIndex($0)!, interpreter: interp)) })
        }
        define(matchData, "names") { interp, receiver, _ in interp.makeArray(data(receiver).names.map { interp.makeString($0) }) }
        define(matchData, "pre_match") { interp, receiver, _ in interp.makeString(data(receiver).preMatch) }
        define(matchData, "post_match") { interp, receiver, _ in interp.makeString(data(receiver).postMatch) }
        define(matchData, "to_s") { interp, receiver, _ in data(receiver).group(0, interpreter: interp) }
        define(matchData, ["size", "length"]) { _, receiver, _ in .integer(data(receiver).ranges.count) }
        define(matchData, "string") { interp, receiver, _ in interp.makeString(data(receiver).subject) }
        define(matchData, "regexp") { _, receiver, _ in .object(data(receiver).regexp) }
        define(matchData, "begin") { interp, receiver, args in
            let m = data(receiver)
            let index = try groupIndex(m, args[0], interp)
            guard index >= 0, index < m.ranges.count, let range = m.ranges[index] else { return .null }
            return .integer(range.lowerBound)
        }
        define(matchData, "end") { interp, receiver, args in
            let m = data(receiver)
            let index = try groupIndex(m, args[0], interp)
            guard index >= 0, index < m.ranges.count, let range = m.ranges[index] else { return .null }
            return .integer(range.upperBound)
        }
        define(matchData, "values_at") { interp, receiver, args in
            let m = data(receiver)
            return interp.makeArray(try args.values.map { m.group(try interp.toInteger($0), interpreter: interp) })
        }
        define(matchData, "inspect") { interp, receiver, _ in
            let m = data(receiver)
            var out = "#<MatchData " + RubyFormat.inspectString(m.text(0) ?? "")
            for i in 1..<max(1, m.ranges.count) {
                let label = i - 1 < m.names.count ? m.names[i - 1] : String(i)
                out += " \(label):" + (m.text(i).map { RubyFormat.inspectString($0) } ?? "nil")
            }
            return interp.makeString(out + ">")
        }
    }
}
