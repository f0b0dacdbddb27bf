/// Ruby's regular expression syntax (Onigmo's, for the constructs recipes, templates and
/// libraries use), read into a tree that `RegexCompiler` turns into a program.
///
/// Supported: literals and escapes (`\n \t \r \f \v \e \0 \xHH \uHHHH \u{H..} \cX`),
/// `.`, classes (ranges, negation, nesting, `&&`, POSIX `[[:alpha:]]`, `\p{...}`), `\d \w \s
/// \h` and their negations (ASCII, as Ruby's), anchors `^ $ \A \z \Z \b \B \G`, groups
/// (capturing, `(?:)`, named `(?<n>)`/`(?'n')`, look-ahead and look-behind, atomic `(?>)`,
/// options `(?imx-imx)` and `(?imx-imx:)`, comments `(?#)`), alternation, quantifiers `* + ?
/// {n} {n,} {,m} {n,m}` greedy, lazy and possessive, back-references `\1` and `\k<name>`,
/// and extended mode (`x`).
struct RegexSyntaxError: Error, CustomStringConvertible {
    let description: String
}

/// What a single character is tested against.
struct CharacterSet {
    enum Item {
        case scalar(UInt32)
        case range(UInt32, UInt32)
        case predicate(CharacterPredicate, negated: Bool)
        case nested(CharacterSet)
    }

    var items: [Item] = []
    var negated = false
    /// `[a-z&&[^aeiou]]`: every set must contain the character.
    var intersections: [CharacterSet] = []
    var ignoreCase = false

    func contains(_ scalar: UInt32) -> Bool {
        var found = matchesItems(scalar)
        if !found && ignoreCase {
            let folded = RegexCase.fold(scalar), upper = RegexCase.upper(scalar)
            found = (folded != scalar && matchesItems(folded)) || (upper != scalar && matchesItems(upper))
        }
        if found { found = intersections.allSatisfy { $0.contains(scalar) } }
        return found != negated
    }

    private func matchesItems(_ scalar: UInt32) -> Bool {
        for item in items {
            switch item {
            case .scalar(let value): if value == scalar { return true }
            case .range(let low, let high): if scalar >= low && scalar <= high { return true }
            case .predicate(let predicate, let negated): if predicate.matches(scalar) != negated { return true }
            case .nested(let set): if set.contains(scalar) { return true }
            }
        }
        return false
    }
}

/// The named kinds of character: Ruby's `\d \w \s \h` (ASCII only), POSIX brackets and
/// `\p{...}` (Unicode).
enum CharacterPredicate {
    case digit, word, space, hex
    case alpha, alnum, upper, lower, punct, cntrl, graph, print, blank, xdigit, posixSpace, posixWord, ascii, any

    func matches(_ scalar: UInt32) -> Bool {
        switch self {
        case .digit: return scalar >= 0x30 && scalar <= 0x39
        case .word: return RegexCase.isASCIIWord(scalar)
        case .space: return scalar == 0x20 || (scalar >= 0x09 && scalar <= 0x0D)
        case .hex, .xdigit: return (scalar >= 0x30 && scalar <= 0x39) || (scalar >= 0x41 && scalar <= 0x46) || (scalar >= 0x61 && scalar <= 0x66)
        case .ascii: return scalar < 0x80
        case .any: return true
        default: break
        }
        guard let unicode = Unicode.Scalar(scalar) else { return false }
        let properties = unicode.properties
        switch self {
        case .alpha: return properties.isAlphabetic
        case .alnum: return properties.isAlphabetic || properties.numericType == .decimal
        case .upper: return properties.isUppercase
        case .lower: return properties.isLowercase
        case .punct:
            switch properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                 .finalPunctuation, .otherPunctuation: return true
            default: return scalar < 0x80 && "$+<=>^`|~".unicodeScalars.contains(unicode)
            }
        case .cntrl: return properties.generalCategory == .control
        case .graph: return !properties.isWhitespace && properties.generalCategory != .control && scalar != 0x20
            && properties.generalCategory != .unassigned && properties.generalCategory != .surrogate
        case .print: return (!properties.isWhitespace || scalar == 0x20) && properties.generalCategory != .control
            && properties.generalCategory != .unassigned
        case .blank: return scalar == 0x20 || scalar == 0x09 || properties.generalCategory == .spaceSeparator
        case .posixSpace: return properties.isWhitespace
        case .posixWord: return properties.isAlphabetic || properties.numericType == .decimal || scalar == 0x5F
            || properties.generalCategory == .connectorPunctuation || properties.generalCategory == .nonspacingMark
        default: return false
        }
    }

    static func named(_ name: String) -> CharacterPredicate? {
        switch name.lowercased().filter({ $0 != "_" && $0 != " " }) {
        case "alpha", "l", "letter": return .alpha
        case "alnum": return .alnum
        case "upper", "lu", "uppercaseletter": return .upper
        case "lower", "ll", "lowercaseletter": return .lower
        case "digit", "nd": return .digit
        case "punct", "p", "punctuation": return .punct
        case "cntrl", "cc": return .cntrl
        case "graph": return .graph
        case "print": return .print
        case "blank": return .blank
        case "space": return .posixSpace
        case "word": return .posixWord
        case "xdigit": return .xdigit
        case "ascii": return .ascii
        case "any": return .any
        default: return nil
        }
    }
}

/// Case folding as the matcher needs it: one scalar to one scalar.
enum RegexCase {
    static func fold(_ scalar: UInt32) -> UInt32 {
        if scalar < 0x80 { return scalar >= 0x41 && scalar <= 0x5A ? scalar + 32 : scalar }
        guard let unicode = Unicode.Scalar(scalar) else { return scalar }
        let lower = unicode.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first!.value : scalar
    }

    static func upper(_ scalar: UInt32) -> UInt32 {
        if scalar < 0x80 { return scalar >= 0x61 && scalar <= 0x7A ? scalar - 32 : scalar }
        guard let unicode = Unicode.Scalar(scalar) else { return scalar }
        let upper = unicode.properties.uppercaseMapping.unicodeScalars
        return upper.count == 1 ? upper.first!.value : scalar
    }

    static func isASCIIWord(_ scalar: UInt32) -> Bool {
        (scalar >= 0x30 && scalar <= 0x39) || (scalar >= 0x41 && scalar <= 0x5A) || (scalar >= 0x61 && scalar <= 0x7A) || scalar == 0x5F
    }
}

/// A pattern's tree.
indirect enum RegexNode {
    enum Anchor { case lineStart, lineEnd, textStart, textEnd, textEndBeforeNewline, wordBoundary, notWordBoundary, searchStart }

    case empty
    case literal(UInt32, ignoreCase: Bool)
    case any(dotAll: Bool)
    case set(CharacterSet)
    case sequence([RegexNode])
    case alternation([RegexNode])
    /// `capture` is the group's number (1...), nil for a group that does not capture.
    case group(RegexNode, capture: Int?)
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool, possessive: Bool)
    case anchor(Anchor)
    case backReference(Int, ignoreCase: Bool)
    case namedBackReference(String, ignoreCase: Bool)
    case look(RegexNode, ahead: Bool, negated: Bool)
    case atomic(RegexNode)
}

/// Reads a pattern. Group numbers follow Ruby: when a pattern has named groups, its plain
/// parentheses do not capture.
struct RegexParser {
    struct Options {
        var ignoreCase = false
        var dotAll = false
        var extended = false
    }

    let scalars: [UInt32]
    var position = 0
    var options: Options
    var captureCount = 0
    var names: [(String, Int)] = []
    let namedGroupsCapture: Bool

    init(_ pattern: String, options: Options) {
        scalars = pattern.unicodeScalars.map(\.value)
        self.options = options
        namedGroupsCapture = RegexParser.hasNamedGroups(scalars)
    }

    /// Whether a `(?<name>` or `(?'name'` appears outside a class and not escaped.
    static func hasNamedGroups(_ s: [UInt32]) -> Bool {
        var i = 0, inClass = 0
        while i < s.count {
            let c = s[i]
            if c == 0x5C { i += 2; continue }
            if c == 0x5B { inClass += 1 } else if c == 0x5D && inClass > 0 { inClass -= 1 }
            if inClass == 0 && c == 0x28 && i + 3 < s.count && s[i + 1] == 0x3F {
                if s[i + 2] == 0x3C && s[i + 3] != 0x3D && s[i + 3] != 0x21 { return true }
                if s[i + 2] == 0x27 { return true }
            }
            i += 1
        }
        return false
    }

    mutating func parse() throws -> RegexNode {
        let node = try parseAlternation()
        if position < scalars.count {
            throw RegexSyntaxError(description: scalars[position] == 0x29 ? "unmatched close parenthesis" : "premature end of regular expression")
        }
        return node
    }

    var atEnd: Bool { position >= scalars.count }
    func peek(_ offset: Int = 0) -> UInt32? { position + offset < scalars.count ? scalars[position + offset] : nil }

    mutating func parseAlternation() throws -> RegexNode {
        var branches = [try parseSequence()]
        while peek() == 0x7C {
            position += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func skipExtendedSpace() {
        guard options.extended else { return }
        while let c = peek() {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == 0x0B {
                position += 1
            } else if c == 0x23 {
                while let d = peek(), d != 0x0A { position += 1 }
            } else {
                return
            }
        }
    }

    mutating func parseSequence() throws -> RegexNode {
        var items: [RegexNode] = []
        while true {
            skipExtendedSpace()
            guard let c = peek(), c != 0x7C, c != 0x29 else { break }
            // (?imx) without a colon changes the options of the rest of this group.
            if c == 0x28, peek(1) == 0x3F, let change = inlineOptionsOnly() {
                position = change.end
                options = change.options
                continue
            }
            var atom = try parseAtom()
            atom = try parseQuantifiers(atom)
            items.append(atom)
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    /// `(?i-m)` standing alone: the options it sets and where it ends.
    func inlineOptionsOnly() -> (options: Options, end: Int)? {
        var i = position + 2
        var new = options
        var on = true
        while i < scalars.count {
            switch scalars[i] {
            case 0x69: new.ignoreCase = on
            case 0x6D: new.dotAll = on
            case 0x78: new.extended = on
            case 0x2D: on = false
            case 0x29: return i > position + 2 ? (new, i + 1) : nil
            default: return nil
            }
            i += 1
        }
        return nil
    }

    mutating func parseQuantifiers(_ atom: RegexNode) throws -> RegexNode {
        var node = atom
        while true {
            skipExtendedSpace()
            guard let c = peek() else { return node }
            var bounds: (Int, Int?)?
            switch c {
            case 0x2A: bounds = (0, nil); position += 1
            case 0x2B: bounds = (1, nil); position += 1
            case 0x3F: bounds = (0, 1); position += 1
            case 0x7B:
                if let parsed = interval() { bounds = (parsed.min, parsed.max); position = parsed.end }
            default: break
            }
            guard let (min, max) = bounds else { return node }
            if case .anchor = node { throw RegexSyntaxError(description: "target of repeat operator is invalid") }
            if case .empty = node { throw RegexSyntaxError(description: "target of repeat operator is not specified") }
            var greedy = true, possessive = false
            if peek() == 0x3F { greedy = false; position += 1 } else if peek() == 0x2B && c != 0x7B { possessive = true; position += 1 }
            if let max, max < min { throw RegexSyntaxError(description: "upper bound must be greater than lower bound") }
            if min > 100_000 || (max ?? 0) > 100_000 { throw RegexSyntaxError(description: "too big number for repeat range") }
            node = .repetition(node, min: min, max: max, greedy: greedy, possessive: possessive)
        }
    }

    /// `{n}`, `{n,}`, `{,m}`, `{n,m}`; nil when the brace is a literal.
    func interval() -> (min: Int, max: Int?, end: Int)? {
        var i = position + 1
        func number() -> Int? {
            var value: Int?
            while i < scalars.count, scalars[i] >= 0x30, scalars[i] <= 0x39 {
                value = (value ?? 0) * 10 + Int(scalars[i] - 0x30)
                if value! > 1_000_000 { return value }
                i += 1
            }
            return value
        }
        let low = number()
        if i < scalars.count && scalars[i] == 0x7D {
            guard let low else { return nil }
            return (low, low, i + 1)
        }
        guard i < scalars.count, scalars[i] == 0x2C else { return nil }
        i += 1
        let high = number()
        guard i < scalars.count, scalars[i] == 0x7D, low != nil || high != nil else { return nil }
        return (low ?? 0, high, i + 1)
    }

    mutating func parseAtom() throws -> RegexNode {
        let c = scalars[position]
        position += 1
        switch c {
        case 0x2E: return .any(dotAll: options.dotAll)
        case 0x5E: return .anchor(.lineStart)
        case 0x24: return .anchor(.lineEnd)
        case 0x5B: return .set(try parseClass())
        case 0x28: return try parseGroup()
        case 0x5C: return try parseEscape()
        case 0x2A, 0x2B, 0x3F: throw RegexSyntaxError(description: "target of repeat operator is not specified")
        default: return .literal(c, ignoreCase: options.ignoreCase)
        }
    }

    mutating func parseGroup() throws -> RegexNode {
        guard peek() == 0x3F else {
            if namedGroupsCapture { return try closeGroup(.group(try parseAlternation(), capture: nil)) }
            captureCount += 1
            let number = captureCount
            return try closeGroup(.group(try parseAlternation(), capture: number))
        }
        position += 1
        guard let kind = peek() else { throw RegexSyntaxError(description: "end pattern in group") }
        switch kind {
        case 0x3A:
            position += 1
            return try closeGroup(.group(try parseAlternation(), capture: nil))
        case 0x3D, 0x21:
            position += 1
            return try closeGroup(.look(try parseAlternation(), ahead: true, negated: kind == 0x21))
        case 0x3E:
            position += 1
            return try closeGroup(.atomic(try parseAlternation()))
        case 0x23:
            while let d = peek(), d != 0x29 { position += 1 }
            position += 1
            return .empty
        case 0x3C where peek(1) == 0x3D || peek(1) == 0x21:
            let negated = peek(1) == 0x21
            position += 2
            return try closeGroup(.look(try parseAlternation(), ahead: false, negated: negated))
        case 0x3C, 0x27:
            position += 1
            let close: UInt32 = kind == 0x3C ? 0x3E : 0x27
            var name = String.UnicodeScalarView()
            while let d = peek(), d != close { name.append(Unicode.Scalar(d)!); position += 1 }
            guard peek() == close, !name.isEmpty else { throw RegexSyntaxError(description: "invalid group name <\(String(name))>") }
            position += 1
            captureCount += 1
            let number = captureCount
            names.append((String(name), number))
            return try closeGroup(.group(try parseAlternation(), capture: number))
        default:
            // (?imx-imx:...): options for this group only.
            var new = options
            var on = true
            while let d = peek(), d != 0x3A {
                switch d {
                case 0x69: new.ignoreCase = on
                case 0x6D: new.dotAll = on
                case 0x78: new.extended = on
                case 0x2D: on = false
                default: throw RegexSyntaxError(description: "undefined group option")
                }
                position += 1
            }
            guard peek() == 0x3A else { throw RegexSyntaxError(description: "end pattern in group") }
            position += 1
            let saved = options
            options = new
            defer { options = saved }
            return try closeGroup(.group(try parseAlternation(), capture: nil))
        }
    }

    mutating func closeGroup(_ node: RegexNode) throws -> RegexNode {
        guard peek() == 0x29 else { throw RegexSyntaxError(description: "end pattern with unmatched parenthesis") }
        position += 1
        return node
    }

    mutating func parseEscape() throws -> RegexNode {
        guard let c = peek() else { throw RegexSyntaxError(description: "too short escape sequence") }
        position += 1
        switch c {
        case 0x64: return .set(CharacterSet(items: [.predicate(.digit, negated: false)]))          // \d
        case 0x44: return .set(CharacterSet(items: [.predicate(.digit, negated: true)]))           // \D
        case 0x77: return .set(CharacterSet(items: [.predicate(.word, negated: false)]))           // \w
        case 0x57: return .set(CharacterSet(items: [.predicate(.word, negated: true)]))            // \W
        case 0x73: return .set(CharacterSet(items: [.predicate(.space, negated: false)]))          // \s
        case 0x53: return .set(CharacterSet(items: [.predicate(.space, negated: true)]))           // \S
        case 0x68: return .set(CharacterSet(items: [.predicate(.hex, negated: false)]))            // \h
        case 0x48: return .set(CharacterSet(items: [.predicate(.hex, negated: true)]))             // \H
        case 0x41: return .anchor(.textStart)                                                       // \A
        case 0x7A: return .anchor(.textEnd)                                                         // \z
        case 0x5A: return .anchor(.textEndBeforeNewline)                                            // \Z
        case 0x62: return .anchor(.wordBoundary)                                                    // \b
        case 0x42: return .anchor(.notWordBoundary)                                                 // \B
        case 0x47: return .anchor(.searchStart)                                                     // \G
        case 0x52:                                                                                  // \R
            return .alternation([.sequence([.literal(0x0D, ignoreCase: false), .literal(0x0A, ignoreCase: false)]),
                                 .set(CharacterSet(items: [.range(0x0A, 0x0D), .scalar(0x85), .range(0x2028, 0x2029)]))])
        case 0x70, 0x50:                                                                            // \p{...}, \P{...}
            return .set(CharacterSet(items: [.predicate(try propertyName(), negated: c == 0x50)]))
        case 0x6B where peek() == 0x3C:                                                             // \k<name>
            position += 1
            var name = String.UnicodeScalarView()
            while let d = peek(), d != 0x3E { name.append(Unicode.Scalar(d)!); position += 1 }
            position += 1
            let text = String(name)
            if let number = Int(text) { return .backReference(number, ignoreCase: options.ignoreCase) }
            return .namedBackReference(text, ignoreCase: options.ignoreCase)
        case 0x31...0x39:
            var number = Int(c - 0x30)
            while let d = peek(), d >= 0x30, d <= 0x39, number * 10 + Int(d - 0x30) <= captureCountUpperBound {
                number = number * 10 + Int(d - 0x30)
                position += 1
            }
            return .backReference(number, ignoreCase: options.ignoreCase)
        default:
            return .literal(try escapedScalar(c), ignoreCase: options.ignoreCase)
        }
    }

    /// How many groups the pattern could have (for `\12` versus `\1` then `2`).
    var captureCountUpperBound: Int { scalars.filter { $0 == 0x28 }.count }

    mutating func propertyName() throws -> CharacterPredicate {
        guard peek() == 0x7B else { throw RegexSyntaxError(description: "invalid character property name {") }
        position += 1
        var name = String.UnicodeScalarView()
        var negated = false
        if peek() == 0x5E { negated = true; position += 1 }
        while let d = peek(), d != 0x7D { name.append(Unicode.Scalar(d)!); position += 1 }
        position += 1
        guard let predicate = CharacterPredicate.named(String(name)), !negated else {
            throw RegexSyntaxError(description: "invalid character property name {\(String(name))}")
        }
        return predicate
    }

    /// The character an escape outside a class stands for (`\n`, `\x41`, `\.`).
    mutating func escapedScalar(_ c: UInt32) throws -> UInt32 {
        switch c {
        case 0x6E: return 0x0A
        case 0x74: return 0x09
        case 0x72: return 0x0D
        case 0x66: return 0x0C
        case 0x76: return 0x0B
        case 0x61: return 0x07
        case 0x65: return 0x1B
        case 0x30:
            var value: UInt32 = 0, digits = 0
            while digits < 2, let d = peek(), d >= 0x30, d <= 0x37 { value = value * 8 + (d - 0x30); position += 1; digits += 1 }
            return value
        case 0x78:
            var value: UInt32 = 0, digits = 0
            while digits < 2, let d = peek(), let h = hexValue(d) { value = value * 16 + h; position += 1; digits += 1 }
            guard digits > 0 else { throw RegexSyntaxError(description: "invalid hex escape") }
            return value
        case 0x75:
            var value: UInt32 = 0
            if peek() == 0x7B {
                position += 1
                while let d = peek(), let h = hexValue(d) { value = value * 16 + h; position += 1 }
                guard peek() == 0x7D else { throw RegexSyntaxError(description: "invalid Unicode escape") }
                position += 1
                return value
            }
            for _ in 0..<4 {
                guard let d = peek(), let h = hexValue(d) else { throw RegexSyntaxError(description: "invalid Unicode escape") }
                value = value * 16 + h
                position += 1
            }
            return value
        case 0x63:
            guard let d = peek() else { throw RegexSyntaxError(description: "end pattern at control") }
            position += 1
            return d & 0x1F
        default:
            return c
        }
    }

    func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// A bracketed class, after its `[`.
    mutating func parseClass() throws -> CharacterSet {
        var set = CharacterSet()
        set.ignoreCase = options.ignoreCase
        if peek() == 0x5E { set.negated = true; position += 1 }
        var first = true
        while true {
            guard let c = peek() else { throw RegexSyntaxError(description: "premature end of char-class") }
            if c == 0x5D && !first { position += 1; break }
            first = false
            if c == 0x26 && peek(1) == 0x26 {
                position += 2
                var rest = try parseClassRest()
                rest.ignoreCase = options.ignoreCase
                set.intersections.append(rest)
                break
            }
            if c == 0x5B {
                if peek(1) == 0x3A, let (predicate, negated, end) = posixClass() {
                    set.items.append(.predicate(predicate, negated: negated))
                    position = end
                    continue
                }
                position += 1
                set.items.append(.nested(try parseClass()))
                continue
            }
            var low: UInt32
            position += 1
            if c == 0x5C {
                guard let e = peek() else { throw RegexSyntaxError(description: "premature end of char-class") }
                position += 1
                switch e {
                case 0x64: set.items.append(.predicate(.digit, negated: false)); continue
                case 0x44: set.items.append(.predicate(.digit, negated: true)); continue
                case 0x77: set.items.append(.predicate(.word, negated: false)); continue
                case 0x57: set.items.append(.predicate(.word, negated: true)); continue
                case 0x73: set.items.append(.predicate(.space, negated: false)); continue
                case 0x53: set.items.append(.predicate(.space, negated: true)); continue
                case 0x68: set.items.append(.predicate(.hex, negated: false)); continue
                case 0x48: set.items.append(.predicate(.hex, negated: true)); continue
                case 0x70, 0x50: set.items.append(.predicate(try propertyName(), negated: e == 0x50)); continue
                case 0x62: low = 0x08
                default: low = try escapedScalar(e)
                }
            } else {
                low = c
            }
            // A range, unless the `-` is last in the class.
            if peek() == 0x2D, let next = peek(1), next != 0x5D {
                position += 1
                var high = next
                position += 1
                if next == 0x5C, let e = peek() {
                    position += 1
                    high = try escapedScalar(e)
                }
                guard high >= low else { throw RegexSyntaxError(description: "empty range in char class") }
                set.items.append(.range(low, high))
            } else {
                set.items.append(.scalar(low))
            }
        }
        return set
    }

    /// What follows `&&` up to the class's `]`, as a class of its own.
    mutating func parseClassRest() throws -> CharacterSet {
        let start = position
        var depth = 0
        var end = position
        while end < scalars.count {
            if scalars[end] == 0x5C { end += 2; continue }
            if scalars[end] == 0x5B { depth += 1 } else if scalars[end] == 0x5D {
                if depth == 0 { break }
                depth -= 1
            }
            end += 1
        }
        guard end < scalars.count else { throw RegexSyntaxError(description: "premature end of char-class") }
        var inner = RegexParser(String(String.UnicodeScalarView(scalars[start..<end].map { Unicode.Scalar($0)! })), options: options)
        inner.position = 0
        var set = CharacterSet()
        if inner.scalars.first == 0x5B && inner.scalars.count >= 2 {
            inner.position = 1
            set = try inner.parseClass()
        } else {
            let wrapped = "[" + String(String.UnicodeScalarView(inner.scalars.map { Unicode.Scalar($0)! })) + "]"
            var again = RegexParser(wrapped, options: options)
            again.position = 1
            set = try again.parseClass()
        }
        position = end + 1
        return set
    }

    /// `[:alpha:]` (or `[:^alpha:]`) at the current `[`.
    func posixClass() -> (CharacterPredicate, Bool, Int)? {
        var i = position + 2
        var negated = false
        if i < scalars.count && scalars[i] == 0x5E { negated = true; i += 1 }
        var name = ""
        while i < scalars.count, let unicode = Unicode.Scalar(scalars[i]), unicode.properties.isAlphabetic {
            name.unicodeScalars.append(unicode)
            i += 1
        }
        guard i + 1 < scalars.count, scalars[i] == 0x3A, scalars[i + 1] == 0x5D else { return nil }
        let predicate: CharacterPredicate?
        switch name {
        case "digit": predicate = .digit
        case "alpha", "alnum", "upper", "lower", "punct", "cntrl", "graph", "print", "blank", "xdigit", "ascii", "word", "space":
            predicate = CharacterPredicate.named(name)
        default: predicate = nil
        }
        guard let predicate else { return nil }
        return (predicate, negated, i + 2)
    }
}
