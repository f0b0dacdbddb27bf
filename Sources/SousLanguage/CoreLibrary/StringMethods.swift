/// String: Ruby strings are mutable, indexed by character (Unicode scalar), UTF-8.
extension Interpreter {
    func str(_ value: Value) -> RString { value.asObject as! RString }

    func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    func fromScalars<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    func mutate(_ value: Value, _ change: (inout String) throws -> Void) throws {
        let s = str(value)
        if s.frozen { throw frozenError(value) }
        try change(&s.value)
    }

    /// Resolves `str[index]`, `str[start, length]`, `str[range]` to a scalar range.
    func substringRange(count: Int, _ args: [Value]) throws -> Range<Int>? {
        if args.count == 2 {
            var start = try toInteger(args[0])
            let length = try toInteger(args[1])
            if start < 0 { start += count }
            if start < 0 || start > count || length < 0 { return nil }
            return start..<min(count, start + length)
        }
        if let range = args[0].asRange {
            return try rangeBounds(range, count: count)
        }
        var index = try toInteger(args[0])
        if index < 0 { index += count }
        if index < 0 || index >= count { return nil }
        return index..<(index + 1)
    }

    /// The concrete bounds of a range over a sequence of `count` items (nil when outside).
    func rangeBounds(_ range: RRange, count: Int) throws -> Range<Int>? {
        var start = range.lower.isNil ? 0 : try toInteger(range.lower)
        var end = range.upper.isNil ? count : try toInteger(range.upper)
        if start < 0 { start += count }
        if end < 0 { end += count }
        if start < 0 || start > count { return nil }
        if !range.upper.isNil && !range.exclusive { end += 1 }
        end = min(end, count)
        return start..<max(start, end)
    }

    /// Expands `tr`-style character sets: `a-z`, a leading `^` for negation.
    static func characterSet(_ spec: String) -> (chars: [Unicode.Scalar], negated: Bool) {
        var scalars = Array(spec.unicodeScalars)
        var negated = false
        if scalars.count > 1 && scalars[0] == "^" {
            negated = true
            scalars.removeFirst()
        }
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\\" && i + 1 < scalars.count {
                out.append(scalars[i + 1])
                i += 2
                continue
            }
            if i + 2 < scalars.count && scalars[i + 1] == "-" {
                let low = scalars[i].value
                let high = scalars[i + 2].value
                if low <= high {
                    for v in low...high { if let s = Unicode.Scalar(v) { out.append(s) } }
                }
                i += 3
                continue
            }
            out.append(scalars[i])
            i += 1
        }
        return (out, negated)
    }

    static func inSets(_ c: Unicode.Scalar, _ sets: [(chars: [Unicode.Scalar], negated: Bool)]) -> Bool {
        sets.allSatisfy { $0.negated != $0.chars.contains(c) }
    }

    func translate(_ text: String, from: String, to: String, squeeze: Bool) -> String {
        let source = Self.characterSet(from)
        let target = Self.characterSet(to).chars
        var out = String.UnicodeScalarView()
        var last: Unicode.Scalar?
        for c in text.unicodeScalars {
            var replacement: Unicode.Scalar?
            if source.negated {
                if !source.chars.contains(c) { replacement = target.last }
            } else if let index = source.chars.firstIndex(of: c) {
                replacement = target.isEmpty ? nil : target[min(index, target.count - 1)]
                if target.isEmpty {
                    last = nil
                    continue
                }
            }
            if let replacement {
                if squeeze && last == replacement { continue }
                out.append(replacement)
                last = replacement
            } else {
                out.append(c)
                last = nil
            }
        }
        return String(out)
    }

    /// Expands `\1`, `\0`, `\&`, `\k<name>`, `\\` in a substitution string.
    func expandReplacement(_ template: String, _ match: RMatchData) -> String {
        var out = ""
        let chars = Array(template)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\" && i + 1 < chars.count {
                let next = chars[i + 1]
                if let digit = next.wholeNumberValue {
                    out += match.text(digit) ?? ""
                    i += 2
                    continue
                }
                if next == "&" {
                    out += match.text(0) ?? ""
                    i += 2
                    continue
                }
                if next == "`" {
                    out += match.preMatch
                    i += 2
                    continue
                }
                if next == "'" {
                    out += match.postMatch
                    i += 2
                    continue
                }
                if next == "\\" {
                    out += "\\"
                    i += 2
                    continue
                }
                if next == "k" && i + 2 < chars.count && chars[i + 2] == "<", let close = chars[(i + 3)...].firstIndex(of: ">") {
                    let name = String(chars[(i + 3)..<close])
                    if let index = match.namedIndex(name) { out += match.text(index) ?? "" }
                    i = close + 1
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// `sub`/`gsub`: replaces the first or every match, by a string template, a hash or a block.
    func substitute(_ receiver: Value, _ args: Args, global: Bool) throws -> String? {
        try checkArity(args, args.block == nil ? 2...2 : 1...2)
        if args.count == 1, args.block == nil {
            throw argumentCountError(given: 1, expected: "2")
        }
        let pattern = try regexpArgument(args[0])
        let subject = str(receiver).scalarText
        let found = global ? pattern.matches(subject) : (pattern.search(subject).map { [$0] } ?? [])
        if found.isEmpty {
            if args[0].asRegexp != nil { lastMatch = .null }
            return nil
        }
        var out = ""
        var cursor = 0
        for slots in found {
            out += subject.slice(cursor, slots[0])
            let data = RMatchData(slots: slots, text: subject, regexp: pattern, klass: classes.matchData)
            let matched = subject.slice(slots[0], slots[1])
            if args.count == 2 {
                if args[1].asHash != nil {
                    let replacement = try callMethod(args[1], "[]", Args([makeString(matched)]))
                    out += try toS(replacement)
                } else {
                    out += expandReplacement(try toStr(args[1]), data)
                }
            } else if let block = args.block {
                lastMatch = .object(data)
                out += try toS(try callBlock(block, [makeString(matched)]))
            }
            cursor = slots[1]
            lastMatch = .object(data)
        }
        out += subject.slice(cursor, subject.scalars.count)
        return out
    }

    func split(_ text: String, _ args: Args) throws -> [String] {
        let limit = args.count > 1 ? try toInteger(args[1]) : 0
        var pieces: [String] = []
        let pattern: Value = args.count > 0 ? args[0] : .null
        let awk = pattern.isNil || (pattern.asString?.value == " ")
        if awk {
            // Runs of white space separate fields; leading white space is ignored.
            var current = String.UnicodeScalarView()
            var inField = false
            let all = Array(text.unicodeScalars)
            var i = 0
            while i < all.count {
                let c = all[i]
                let isSpace = c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
                if limit > 0 && pieces.count == limit - 1 && (inField || !isSpace) {
                    current.append(contentsOf: all[i...])
                    pieces.append(String(current))
                    current = String.UnicodeScalarView()
                    inField = false
                    break
                }
                if isSpace {
                    if inField {
                        pieces.append(String(current))
                        current = String.UnicodeScalarView()
                        inField = false
                    }
                } else {
                    current.append(c)
                    inField = true
                }
                i += 1
            }
            if inField { pieces.append(String(current)) }
        } else if let separator = pattern.asString?.value, !separator.isEmpty {
            var rest = Substring(text)
            while let range = rest.range(of: separator) {
                if limit > 0 && pieces.count == limit - 1 { break }
                pieces.append(String(rest[..<range.lowerBound]))
                rest = rest[range.upperBound...]
            }
            pieces.append(String(rest))
        } else if pattern.asString != nil || pattern.asRegexp?.source == "" {
            let all = Array(text.unicodeScalars)
            for (i, c) in all.enumerated() {
                if limit > 0 && pieces.count == limit - 1 {
                    pieces.append(fromScalars(all[i...]))
                    break
                }
                pieces.append(String(Character(c)))
            }
            return pieces
        } else {
            let regexp = try regexpArgument(pattern)
            let subject = ScalarText(text)
            var cursor = 0
            for slots in regexp.matches(subject) {
                if limit > 0 && pieces.count == limit - 1 { break }
                let (low, high) = (slots[0], slots[1])
                // An empty match at either end splits nothing off.
                if low == high && (low == 0 || low == subject.scalars.count) { continue }
                pieces.append(subject.slice(cursor, low))
                // Captured groups are included in the result, as Ruby does.
                for group in 1..<(slots.count / 2) where slots[group * 2] >= 0 && slots[group * 2 + 1] >= slots[group * 2] {
                    pieces.append(subject.slice(slots[group * 2], slots[group * 2 + 1]))
                }
                cursor = high
            }
            pieces.append(subject.slice(cursor, subject.scalars.count))
        }
        if limit == 0 {
            while let last = pieces.last, last.isEmpty { pieces.removeLast() }
        }
        return pieces
    }

    /// `String#succ`: the next string in Ruby's alphanumeric order ("az" -> "ba", "zz" -> "aaa").
    static func successor(_ text: String) -> String {
        var chars = Array(text.unicodeScalars)
        if chars.isEmpty { return "" }
        let isAlnum: (Unicode.Scalar) -> Bool = { ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }
        guard chars.contains(where: isAlnum) else {
            var i = chars.count - 1
            while i >= 0 {
                if let next = Unicode.Scalar(chars[i].value + 1) {
                    chars[i] = next
                    break
                }
                i -= 1
            }
            return String(String.UnicodeScalarView(chars))
        }
        var i = chars.count - 1
        while i >= 0 && !isAlnum(chars[i]) { i -= 1 }
        var lastAlnum = i
        while i >= 0 {
            let c = chars[i]
            if !isAlnum(c) {
                i -= 1
                continue
            }
            lastAlnum = i
            switch c {
            case "z":
                chars[i] = "a"
            case "Z":
                chars[i] = "A"
            case "9":
                chars[i] = "0"
            default:
                chars[i] = Unicode.Scalar(c.value + 1)!
                return String(String.UnicodeScalarView(chars))
            }
            i -= 1
            // Carry only into an adjacent alphanumeric; otherwise insert before.
            if i >= 0 && !isAlnum(chars[i]) {
                var j = i
                while j >= 0 && !isAlnum(chars[j]) { j -= 1 }
                if j < 0 { break }
                i = j
            }
        }
        let carried = chars[lastAlnum]
        let insert: Unicode.Scalar = carried == "0" ? "1" : (carried == "a" ? "a" : "A")
        chars.insert(insert, at: lastAlnum)
        return String(String.UnicodeScalarView(chars))
    }

    func capitalize(_ text: String) -> String {
        guard let first = text.first else { return text }
        return String(first).uppercased() + text.dropFirst().lowercased()
    }

    func installString() {
        let string = classes.string!
        defineSingleton(string, [
            .method("new", arity: .checkedByBody) { interp, receiver, args in
                let made = RString(args.positional.count > 0 ? try interp.toStr(args.positional[0]) : "", klass: receiver.asModule!)
                return .object(made)
            },
        ])
        define(string, [
            .method("initialize", arity: .checkedByBody, visibility: .private) { interp, receiver, args in
                if args.positional.count > 0 { interp.str(receiver).value = try interp.toStr(args.positional[0]) }
                return .null
            },
            .method("length", "size", arity: .exactly(0)) { interp, receiver, _ in .integer(interp.str(receiver).characterCount) },
            .method("bytesize", arity: .exactly(0)) { interp, receiver, _ in .integer(interp.str(receiver).value.utf8.count) },
            .method("to_s", "to_str", arity: .exactly(0)) { interp, receiver, _ in
                let s = interp.str(receiver)
                return s.klass === interp.classes.string ? receiver : interp.makeString(s.value)
            },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(RubyFormat.inspectString(interp.str(receiver).value)) },
            .method("dump", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(RubyFormat.inspectString(interp.str(receiver).value)) },
            .method("to_sym", "intern", arity: .exactly(0)) { interp, receiver, _ in .symbol(interp.str(receiver).value) },
            .method("to_i", arity: .checkedByBody) { interp, receiver, args in
                let base = args.count > 0 ? try interp.toInteger(args[0]) : 10
                guard (2...36).contains(base) else { throw interp.argumentError("invalid radix \(base)") }
                return .integer(NumberParsing.lenientInteger(interp.str(receiver).value, base: base))
            },
            .method("to_f", arity: .exactly(0)) { interp, receiver, _ in .float(NumberParsing.lenientFloat(interp.str(receiver).value)) },
            .method("hex", arity: .exactly(0)) { interp, receiver, _ in .integer(NumberParsing.lenientInteger(interp.str(receiver).value, base: 16)) },
            .method("oct", arity: .exactly(0)) { interp, receiver, _ in
                let text = interp.str(receiver).value
                let body = text.hasPrefix("-") ? String(text.dropFirst()) : text
                let lower = body.lowercased()
                let base = lower.hasPrefix("0x") ? 16 : lower.hasPrefix("0b") ? 2 : 8
                return .integer(NumberParsing.lenientInteger(text, base: base))
            },
            .method("==", "===", "eql?", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asString else { return .false }
                return .bool(interp.str(receiver).value == other.value)
            },
            .method("equal?", arity: .exactly(1)) { _, receiver, args in .bool(Self.identical(receiver, args[0])) },
            .method("hash", arity: .exactly(0)) { interp, receiver, _ in
                var hasher = Hasher()
                hasher.combine(interp.str(receiver).value)
                return .integer(hasher.finalize())
            },
            .method("<=>", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asString else { return .null }
                return .integer(interp.compareStrings(interp.str(receiver).value, other.value))
            },
            .method("+", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asString else {
                    throw interp.typeError("no implicit conversion of \(interp.className(of: args[0])) into String")
                }
                return interp.makeString(interp.str(receiver).value + other.value)
            },
            .method("*", arity: .exactly(1)) { interp, receiver, args in
                let count = try interp.toInteger(args[0])
                if count < 0 { throw interp.argumentError("negative argument") }
                let text = interp.str(receiver).value
                try interp.reserve(try interp.sizeProduct(text.utf8.count, count), bytesEach: 1)
                return interp.makeString(String(repeating: text, count: count))
            },
            .method("%", arity: .exactly(1)) { interp, receiver, args in
                let values = args[0].asArray?.items ?? [args[0]]
                return interp.makeString(try interp.format(interp.str(receiver).value, values))
            },
            .method("<<", "concat", arity: .checkedByBody) { interp, receiver, args in
                try interp.mutate(receiver) { text in
                    for value in args.values {
                        if case .integer(let code) = value, let scalar = Unicode.Scalar(UInt32(max(0, code))) {
                            text.unicodeScalars.append(scalar)
                        } else {
                            text += try interp.toStr(value)
                        }
                    }
                }
                return receiver
            },
            .method("prepend", arity: .checkedByBody) { interp, receiver, args in
                let prefix = try args.values.map { try interp.toStr($0) }.joined()
                try interp.mutate(receiver) { $0 = prefix + $0 }
                return receiver
            },
            .method("replace", arity: .exactly(1)) { interp, receiver, args in
                let text = try interp.toStr(args[0])
                try interp.mutate(receiver) { $0 = text }
                return receiver
            },
            .method("insert", arity: .exactly(2)) { interp, receiver, args in
                var index = try interp.toInteger(args[0])
                let text = try interp.toStr(args[1])
                try interp.mutate(receiver) { value in
                    var all = interp.scalars(value)
                    if index < 0 { index += all.count + 1 }
                    guard index >= 0 && index <= all.count else {
                        throw interp.makeError(interp.classes.indexError, "index \(try interp.toInteger(args[0])) out of string")
                    }
                    all.insert(contentsOf: text.unicodeScalars, at: index)
                    value = interp.fromScalars(all)
                }
                return receiver
            },
            .method("empty?", arity: .exactly(0)) { interp, receiver, _ in .bool(interp.str(receiver).value.isEmpty) },
        ])

        let caseMappings: [(String, (Interpreter, String) -> String)] = [
            ("upcase", { $1.uppercased() }), ("downcase", { $1.lowercased() }), ("capitalize", { $0.capitalize($1) }),
            ("swapcase", { _, text in
                String(text.map { c -> String in
                    let s = String(c)
                    return s == s.uppercased() ? s.lowercased() : s.uppercased()
                }.joined())
            }),
            ("strip", { $0.strip($1, left: true, right: true) }), ("lstrip", { $0.strip($1, left: true, right: false) }),
            ("rstrip", { $0.strip($1, left: false, right: true) }),
            ("chop", { _, text in
                if text.hasSuffix("\r\n") { return String(text.unicodeScalars.dropLast(2)) }
                var view = text.unicodeScalars
                if !view.isEmpty { view.removeLast() }
                return String(view)
            }),
            ("reverse", { interp, text in interp.fromScalars(text.unicodeScalars.reversed()) }),
        ]
        for (name, mapping) in caseMappings {
            define(string, name) { interp, receiver, _ in interp.makeString(mapping(interp, interp.str(receiver).value)) }
            define(string, name + "!") { interp, receiver, _ in
                let old = interp.str(receiver).value
                let new = mapping(interp, old)
                if new == old { return .null }
                try interp.mutate(receiver) { $0 = new }
                return receiver
            }
        }
        define(string, [
            .method("chomp", arity: .checkedByBody) { interp, receiver, args in
                interp.makeString(try interp.chomp(interp.str(receiver).value, args))
            },
            .method("chomp!", arity: .checkedByBody) { interp, receiver, args in
                let old = interp.str(receiver).value
                let new = try interp.chomp(old, args)
                if new == old { return .null }
                try interp.mutate(receiver) { $0 = new }
                return receiver
            },
            .method("delete_prefix", arity: .exactly(1)) { interp, receiver, args in
                let text = interp.str(receiver).value
                let prefix = try interp.toStr(args[0])
                return interp.makeString(text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text)
            },
            .method("delete_suffix", arity: .exactly(1)) { interp, receiver, args in
                let text = interp.str(receiver).value
                let suffix = try interp.toStr(args[0])
                return interp.makeString(text.hasSuffix(suffix) && !suffix.isEmpty ? String(text.dropLast(suffix.count)) : text)
            },
            .method("include?", arity: .exactly(1)) { interp, receiver, args in
                let needle = try interp.toStr(args[0])
                return .bool(needle.isEmpty || interp.str(receiver).value.contains(needle))
            },
            .method("start_with?", arity: .checkedByBody) { interp, receiver, args in
                let text = interp.str(receiver).value
                for prefix in args.values {
                    if let regexp = prefix.asRegexp {
                        if let data = interp.match(regexp, text), data.ranges[0]?.lowerBound == 0 { return .true }
                    } else if text.unicodeScalars.starts(with: try interp.toStr(prefix).unicodeScalars) {
                        return .true
                    }
                }
                return .false
            },
            .method("end_with?", arity: .checkedByBody) { interp, receiver, args in
                let text = interp.str(receiver).value
                for suffix in args.values where text.unicodeScalars.reversed().starts(with: try interp.toStr(suffix).unicodeScalars.reversed()) {
                    return .true
                }
                return .false
            },
            .method("index", arity: .checkedByBody) { interp, receiver, args in
                let subject = interp.str(receiver).scalarText
                let all = subject.scalars
                var start = args.count > 1 ? try interp.toInteger(args[1]) : 0
                if start < 0 { start += all.count }
                if start < 0 || start > all.count { return .null }
                if let regexp = args[0].asRegexp {
                    guard let data = interp.match(regexp, subject, from: start) else { return .null }
                    return .integer(data.ranges[0]!.lowerBound)
                }
                let needle = ScalarText(try interp.toStr(args[0])).scalars
                guard let first = needle.first else { return .integer(start) }
                var i = start
                while i + needle.count <= all.count {
                    if all[i] == first && all[i..<(i + needle.count)].elementsEqual(needle) { return .integer(i) }
                    i += 1
                }
                return .null
            },
            .method("rindex", arity: .checkedByBody) { interp, receiver, args in
                let text = interp.str(receiver).value
                let all = interp.scalars(text)
                var start = args.count > 1 ? try interp.toInteger(args[1]) : all.count
                if start < 0 { start += all.count }
                if start < 0 { return .null }
                if let regexp = args[0].asRegexp {
                    var best: Int?
                    for slots in regexp.matches(ScalarText(text)) {
                        let offset = slots[0]
                        if offset <= start { best = offset }
                    }
                    return best.map { .integer($0) } ?? .null
                }
                let needle = interp.scalars(try interp.toStr(args[0]))
                var i = min(start, all.count - needle.count)
                while i >= 0 {
                    if Array(all[i..<(i + needle.count)]) == needle { return .integer(i) }
                    i -= 1
                }
                return .null
            },
            .method("[]", "slice", arity: .checkedByBody) { interp, receiver, args in try interp.stringSlice(receiver, args) },
            .method("slice!", arity: .checkedByBody) { interp, receiver, args in
                let result = try interp.stringSlice(receiver, args)
                if let piece = result.asString {
                    let text = interp.str(receiver).value
                    if let range = text.range(of: piece.value) {
                        try interp.mutate(receiver) { $0.removeSubrange(range) }
                    }
                }
                return result
            },
            .method("[]=", arity: .checkedByBody) { interp, receiver, args in
                try interp.checkArity(args, 2...3)
                let value = try interp.toStr(args[args.count - 1])
                let text = interp.str(receiver).value
                var all = interp.scalars(text)
                if let regexp = args[0].asRegexp {
                    guard let data = interp.match(regexp, text), let range = data.ranges[0] else {
                        throw interp.makeError(interp.classes.indexError, "regexp not matched")
                    }
                    all.replaceSubrange(range, with: value.unicodeScalars)
                } else if let needle = args[0].asString {
                    guard let range = text.range(of: needle.value) else {
                        throw interp.makeError(interp.classes.indexError, "string not matched")
                    }
                    var copy = text
                    copy.replaceSubrange(range, with: value)
                    try interp.mutate(receiver) { $0 = copy }
                    return args[args.count - 1]
                } else {
                    guard let range = try interp.substringRange(count: all.count, Array(args.values.dropLast())) else {
                        throw interp.makeError(interp.classes.indexError, "index \(try interp.inspect(args[0])) out of string")
                    }
                    all.replaceSubrange(range, with: value.unicodeScalars)
                }
                try interp.mutate(receiver) { $0 = interp.fromScalars(all) }
                return args[args.count - 1]
            },
            .method("chars", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeArray(interp.str(receiver).value.unicodeScalars.map { interp.makeString(String(Character($0))) })
            },
            .method("each_char", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each_char") }
                for c in interp.str(receiver).value.unicodeScalars { _ = try interp.callBlock(block, [interp.makeString(String(Character(c)))]) }
                return receiver
            },
            .method("bytes", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeArray(interp.str(receiver).value.utf8.map { .integer(Int($0)) })
            },
            .method("each_byte", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each_byte") }
                for b in interp.str(receiver).value.utf8 { _ = try interp.callBlock(block, [.integer(Int(b))]) }
                return receiver
            },
            .method("lines", arity: .checkedByBody) { interp, receiver, args in
                interp.makeArray(interp.lines(interp.str(receiver).value, chomp: args.keywords?.get(.symbol("chomp"))?.isTruthy ?? false)
                    .map { interp.makeString($0) })
            },
            .method("each_line", arity: .checkedByBody) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each_line") }
                let chomp = args.keywords?.get(.symbol("chomp"))?.isTruthy ?? false
                for line in interp.lines(interp.str(receiver).value, chomp: chomp) { _ = try interp.callBlock(block, [interp.makeString(line)]) }
                return receiver
            },
            .method("ord", arity: .exactly(0)) { interp, receiver, _ in
                guard let first = interp.str(receiver).value.unicodeScalars.first else { throw interp.argumentError("empty string") }
                return .integer(Int(first.value))
            },
            .method("chr", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeString(interp.str(receiver).value.unicodeScalars.first.map { String(Character($0)) } ?? "")
            },
            .method("sum", arity: .checkedByBody) { interp, receiver, _ in .integer(interp.str(receiver).value.utf8.reduce(0) { $0 + Int($1) } & 0xFFFF) },
        ])
        for (name, (left, right)) in [("center", (true, true)), ("ljust", (false, true)), ("rjust", (true, false))] {
            define(string, name) { interp, receiver, args in
                let text = interp.str(receiver).value
                let width = try interp.toInteger(args[0])
                let pad = args.count > 1 ? interp.scalars(try interp.toStr(args[1])) : [" "]
                if pad.isEmpty { throw interp.argumentError("zero width padding") }
                let length = text.unicodeScalars.count
                guard width > length else { return interp.makeString(text) }
                try interp.reserve(width, bytesEach: 1)
                let total = width - length
                let leftCount = left && right ? total / 2 : (left ? total : 0)
                let rightCount = total - leftCount
                func padding(_ n: Int) -> String { interp.fromScalars((0..<n).map { pad[$0 % pad.count] }) }
                return interp.makeString(padding(leftCount) + text + padding(rightCount))
            }
        }
        define(string, [
            .method("succ", "next", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(Self.successor(interp.str(receiver).value)) },
            .method("upto", arity: .checkedByBody) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "upto", args.values) }
                let last = try interp.toStr(args[0])
                let exclusive = args[1].isTruthy
                var current = interp.str(receiver).value
                while true {
                    if exclusive && current == last { break }
                    _ = try interp.callBlock(block, [interp.makeString(current)])
                    if current == last || current.unicodeScalars.count > last.unicodeScalars.count { break }
                    current = Self.successor(current)
                }
                return receiver
            },
            .method("sub", arity: .checkedByBody) { interp, receiver, args in
                interp.makeString(try interp.substitute(receiver, args, global: false) ?? interp.str(receiver).value)
            },
            .method("gsub", arity: .checkedByBody) { interp, receiver, args in
                if args.count == 1 && args.block == nil { return interp.enumeratorFor(receiver, "gsub", args.values) }
                return interp.makeString(try interp.substitute(receiver, args, global: true) ?? interp.str(receiver).value)
            },
            .method("sub!", arity: .checkedByBody) { interp, receiver, args in
                guard let result = try interp.substitute(receiver, args, global: false) else { return .null }
                try interp.mutate(receiver) { $0 = result }
                return receiver
            },
            .method("gsub!", arity: .checkedByBody) { interp, receiver, args in
                guard let result = try interp.substitute(receiver, args, global: true) else { return .null }
                try interp.mutate(receiver) { $0 = result }
                return receiver
            },
            .method("scan", arity: .exactly(1)) { interp, receiver, args in
                let regexp = try interp.regexpArgument(args[0])
                var results: [Value] = []
                let subject = interp.str(receiver).scalarText
                for slots in regexp.matches(subject) {
                    let data = RMatchData(slots: slots, text: subject, regexp: regexp, klass: interp.classes.matchData)
                    interp.lastMatch = .object(data)
                    let item: Value = data.ranges.count > 1
                        ? interp.makeArray((1..<data.ranges.count).map { data.group($0, interpreter: interp) })
                        : data.group(0, interpreter: interp)
                    if let block = args.block { _ = try interp.callBlock(block, [item]) } else { results.append(item) }
                }
                return args.block == nil ? interp.makeArray(results) : receiver
            },
            .method("=~", arity: .exactly(1)) { interp, receiver, args in
                guard let regexp = args[0].asRegexp else {
                    if args[0].asString != nil { throw interp.typeError("wrong argument type String (expected Regexp)") }
                    return try interp.callMethod(args[0], "=~", Args([receiver]))
                }
                guard let data = interp.match(regexp, interp.str(receiver).scalarText) else { return .null }
                return .integer(data.ranges[0]!.lowerBound)
            },
            .method("match", arity: .checkedByBody) { interp, receiver, args in
                let regexp = try interp.regexpArgument(args[0])
                let offset = args.count > 1 ? try interp.toInteger(args[1]) : 0
                guard let data = interp.match(regexp, interp.str(receiver).scalarText, from: offset) else { return .null }
                if let block = args.block { return try interp.callBlock(block, [.object(data)]) }
                return .object(data)
            },
            .method("match?", arity: .checkedByBody) { interp, receiver, args in
                let regexp = try interp.regexpArgument(args[0])
                return .bool(regexp.search(ScalarText(interp.str(receiver).value)) != nil)
            },
            .method("split", arity: .checkedByBody) { interp, receiver, args in
                let pieces = try interp.split(interp.str(receiver).value, args).map { interp.makeString($0) }
                if let block = args.block {
                    for piece in pieces { _ = try interp.callBlock(block, [piece]) }
                    return receiver
                }
                return interp.makeArray(pieces)
            },
            .method("partition", arity: .exactly(1)) { interp, receiver, args in
                let text = interp.str(receiver).value
                if let regexp = args[0].asRegexp {
                    guard let data = interp.match(regexp, text) else {
                        return interp.makeArray([interp.makeString(text), interp.makeString(""), interp.makeString("")])
                    }
                    return interp.makeArray([interp.makeString(data.preMatch), data.group(0, interpreter: interp), interp.makeString(data.postMatch)])
                }
                let separator = try interp.toStr(args[0])
                guard let range = text.range(of: separator) else {
                    return interp.makeArray([interp.makeString(text), interp.makeString(""), interp.makeString("")])
                }
                return interp.makeArray([interp.makeString(String(text[..<range.lowerBound])), interp.makeString(separator),
                                         interp.makeString(String(text[range.upperBound...]))])
            },
            .method("rpartition", arity: .exactly(1)) { interp, receiver, args in
                let text = interp.str(receiver).value
                let separator = try interp.toStr(args[0])
                var found: Range<String.Index>?
                var search = text.startIndex
                while search <= text.endIndex, let range = text[search...].range(of: separator) {
                    found = range
                    if range.lowerBound == text.endIndex { break }
                    search = text.index(after: range.lowerBound)
                }
                guard let range = found else {
                    return interp.makeArray([interp.makeString(""), interp.makeString(""), interp.makeString(text)])
                }
                return interp.makeArray([interp.makeString(String(text[..<range.lowerBound])), interp.makeString(separator),
                                         interp.makeString(String(text[range.upperBound...]))])
            },
            .method("tr", arity: .exactly(2)) { interp, receiver, args in
                interp.makeString(interp.translate(interp.str(receiver).value, from: try interp.toStr(args[0]), to: try interp.toStr(args[1]), squeeze: false))
            },
            .method("tr_s", arity: .exactly(2)) { interp, receiver, args in
                interp.makeString(interp.translate(interp.str(receiver).value, from: try interp.toStr(args[0]), to: try interp.toStr(args[1]), squeeze: true))
            },
            .method("delete", arity: .checkedByBody) { interp, receiver, args in
                try interp.checkArity(atLeast: 1, args)
                let sets = try args.values.map { Self.characterSet(try interp.toStr($0)) }
                return interp.makeString(interp.fromScalars(interp.str(receiver).value.unicodeScalars.filter { !Self.inSets($0, sets) }))
            },
            .method("squeeze!", arity: .checkedByBody) { interp, receiver, args in
                let squeezed = try interp.callMethod(receiver, "squeeze", args)
                guard interp.str(squeezed).value != interp.str(receiver).value else { return .null }
                try interp.checkFrozen(receiver)
                interp.str(receiver).value = interp.str(squeezed).value
                return receiver
            },
            .method("squeeze", arity: .checkedByBody) { interp, receiver, args in
                let sets = try args.values.map { Self.characterSet(try interp.toStr($0)) }
                var out = String.UnicodeScalarView()
                var last: Unicode.Scalar?
                for c in interp.str(receiver).value.unicodeScalars {
                    if c == last && (sets.isEmpty || Self.inSets(c, sets)) { continue }
                    out.append(c)
                    last = c
                }
                return interp.makeString(String(out))
            },
            .method("count", arity: .checkedByBody) { interp, receiver, args in
                try interp.checkArity(atLeast: 1, args)
                let sets = try args.values.map { Self.characterSet(try interp.toStr($0)) }
                return .integer(interp.str(receiver).value.unicodeScalars.filter { Self.inSets($0, sets) }.count)
            },
            .method("casecmp", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asString else { throw interp.typeError("no implicit conversion of \(interp.className(of: args[0])) into String") }
                return .integer(interp.compareStrings(interp.str(receiver).value.lowercased(), other.value.lowercased()))
            },
            .method("casecmp?", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asString else { throw interp.typeError("no implicit conversion of \(interp.className(of: args[0])) into String") }
                return .bool(interp.str(receiver).value.lowercased() == other.value.lowercased())
            },
            .method("freeze", arity: .exactly(0)) { _, receiver, _ in
                receiver.asObject!.frozen = true
                return receiver
            },
            .method("+@", arity: .exactly(0)) { interp, receiver, _ in
                interp.str(receiver).frozen ? interp.makeString(interp.str(receiver).value) : receiver
            },
            .method("-@", arity: .exactly(0)) { interp, receiver, _ in
                if interp.str(receiver).frozen { return receiver }
                let copy = RString(interp.str(receiver).value, klass: interp.classes.string)
                copy.frozen = true
                return .object(copy)
            },
            .method("force_encoding", "encode", "unicode_normalize", "scrub", "b", arity: .checkedByBody) { interp, receiver, _ in
                interp.makeString(interp.str(receiver).value)
            },
            .method("valid_encoding?", arity: .exactly(0)) { _, _, _ in .true },
            .method("ascii_only?", arity: .exactly(0)) { interp, receiver, _ in .bool(interp.str(receiver).value.unicodeScalars.allSatisfy { $0.isASCII }) },
            .method("unpack1", arity: .atLeast(1)) { interp, _, _ in
                throw interp.makeError(interp.classes.notImplementedError, "String#unpack1 is not supported by sous")
            },
        ])
    }

    func strip(_ text: String, left: Bool, right: Bool) -> String {
        let space: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" || $0 == "\0" }
        var scalars = Substring(text).unicodeScalars[...]
        if left { while let first = scalars.first, space(first), first != "\0" { scalars = scalars.dropFirst() } }
        if right { while let last = scalars.last, space(last) { scalars = scalars.dropLast() } }
        return fromScalars(scalars)
    }

    func chomp(_ text: String, _ args: Args) throws -> String {
        if args.count > 0 {
            if args[0].isNil { return text }
            let suffix = try toStr(args[0])
            if suffix.isEmpty {
                var result = text
                while result.hasSuffix("\n") { result = String(result.dropLast()) }
                return result
            }
            return text.hasSuffix(suffix) ? String(text.dropLast(suffix.count)) : text
        }
        if text.hasSuffix("\r\n") { return String(text.unicodeScalars.dropLast(2).map(Character.init).map(String.init).joined()) }
        if text.hasSuffix("\n") || text.hasSuffix("\r") { return fromScalars(text.unicodeScalars.dropLast()) }
        return text
    }

    func lines(_ text: String, chomp: Bool) -> [String] {
        var result: [String] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        // Newlines are single bytes in UTF-8: the lines are cut at them, byte by byte.
        while index != utf8.endIndex {
            let next = utf8.index(after: index)
            if utf8[index] == 0x0A {
                var end = chomp ? index : next
                if chomp, end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
                result.append(String(text[start..<end]))
                start = next
            }
            index = next
        }
        if start != utf8.endIndex { result.append(String(text[start...])) }
        return result
    }

    func stringSlice(_ receiver: Value, _ args: Args) throws -> Value {
        try checkArity(args, 1...2)
        let text = str(receiver).value
        if let regexp = args[0].asRegexp {
            guard let data = match(regexp, text) else { return .null }
            if args.count > 1 {
                if let name = args[1].asString?.value ?? { if case .symbol(let s) = args[1] { return s } else { return nil } }() {
                    return data.namedIndex(name).map { data.group($0, interpreter: self) } ?? .null
                }
                return data.group(try toInteger(args[1]), interpreter: self)
            }
            return data.group(0, interpreter: self)
        }
        if let needle = args[0].asString {
            return text.contains(needle.value) || needle.value.isEmpty ? makeString(needle.value) : .null
        }
        let string = str(receiver)
        if string.isASCII {
            // Character offsets are byte offsets: no walk over the string.
            let utf8 = text.utf8
            guard let range = try substringRange(count: utf8.count, args.values) else { return .null }
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return makeString(String(text[lower..<utf8.index(lower, offsetBy: range.count)]))
        }
        let all = scalars(text)
        guard let range = try substringRange(count: all.count, args.values) else { return .null }
        return makeString(fromScalars(all[range]))
    }
}
