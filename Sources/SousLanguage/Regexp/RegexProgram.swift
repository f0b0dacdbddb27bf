/// A compiled regular expression: a program for a backtracking machine over Unicode scalars,
/// as Onigmo runs Ruby's. Searches return capture slots as scalar offsets, so a match
/// costs nothing beyond the text it looks at (no copies, no recounting from the start).
public final class RegexProgram {
    enum Instruction {
        case scalar(UInt32)
        case scalarFolded(UInt32)
        case any(dotAll: Bool)
        case set(Int)
        /// Try `first`, then (on failure) `second`.
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case anchor(RegexNode.Anchor)
        case backReference(Int, folded: Bool)
        /// A sub-program (look-around or atomic group), run to its end without backtracking
        /// into it; for look-behind, `lengths` are the sub-pattern's possible lengths.
        case look(Int, ahead: Bool, negated: Bool, lengths: [Int])
        case atomic(Int)
        /// Around the body of a loop that may match empty: the loop ends when an iteration
        /// did not move.
        case loopMark(Int)
        case loopCheck(Int, exit: Int)
        case match
    }

    /// The main program is 0; look-arounds and atomic groups are the others.
    var programs: [[Instruction]] = []
    var sets: [CharacterSet] = []
    public let groupCount: Int
    /// Named groups and their numbers.
    public let names: [(String, Int)]
    var loopMarks = 0
    /// What a match must start with, when the pattern says (for skipping ahead).
    var firstScalar: UInt32?
    var anchoredAtStart = false

    public init(pattern: String, ignoreCase: Bool, multiline: Bool, extended: Bool) throws {
        var parser = RegexParser(pattern, options: .init(ignoreCase: ignoreCase, dotAll: multiline, extended: extended))
        let tree = try parser.parse()
        groupCount = parser.captureCount
        names = parser.names
        programs = [[]]
        var main: [Instruction] = [.save(0)]
        try compile(tree, into: &main)
        main += [.save(1), .match]
        programs[0] = main
        analyzeStart(tree)
    }

    // MARK: Compiling

    func compile(_ node: RegexNode, into code: inout [Instruction]) throws {
        switch node {
        case .empty:
            break
        case .literal(let scalar, let ignoreCase):
            if ignoreCase && RegexCase.fold(scalar) != RegexCase.upper(scalar) {
                code.append(.scalarFolded(RegexCase.fold(scalar)))
            } else {
                code.append(.scalar(scalar))
            }
        case .any(let dotAll):
            code.append(.any(dotAll: dotAll))
        case .set(let set):
            sets.append(set)
            code.append(.set(sets.count - 1))
        case .sequence(let items):
            for item in items { try compile(item, into: &code) }
        case .alternation(let branches):
            // split L1, next; L1: branch; jump end; next: split ...
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = code.count
                    code.append(.split(0, 0))
                    code[split] = .split(split + 1, 0)
                    try compile(branch, into: &code)
                    jumps.append(code.count)
                    code.append(.jump(0))
                    code[split] = .split(split + 1, code.count)
                } else {
                    try compile(branch, into: &code)
                }
            }
            for jump in jumps { code[jump] = .jump(code.count) }
        case .group(let inner, let capture):
            if let capture { code.append(.save(capture * 2)) }
            try compile(inner, into: &code)
            if let capture { code.append(.save(capture * 2 + 1)) }
        case .repetition(let inner, let min, let max, let greedy, let possessive):
            if possessive {
                let index = try subprogram(.repetition(inner, min: min, max: max, greedy: true, possessive: false))
                code.append(.atomic(index))
                return
            }
            for _ in 0..<min { try compile(inner, into: &code) }
            if let max {
                // Optional copies: split over each, all jumping out on failure.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(code.count)
                    code.append(.split(0, 0))
                    try compile(inner, into: &code)
                }
                for split in splits { code[split] = greedy ? .split(split + 1, code.count) : .split(code.count, split + 1) }
            } else {
                let canBeEmpty = Self.canMatchEmpty(inner)
                let mark = loopMarks
                if canBeEmpty { loopMarks += 1 }
                let loop = code.count
                code.append(.split(0, 0))
                if canBeEmpty { code.append(.loopMark(mark)) }
                try compile(inner, into: &code)
                if canBeEmpty {
                    code.append(.loopCheck(mark, exit: 0))
                }
                code.append(.jump(loop))
                let exit = code.count
                code[loop] = greedy ? .split(loop + 1, exit) : .split(exit, loop + 1)
                if canBeEmpty, case .loopCheck(let m, _) = code[exit - 2] { code[exit - 2] = .loopCheck(m, exit: exit) }
            }
        case .anchor(let anchor):
            code.append(.anchor(anchor))
        case .backReference(let number, let ignoreCase):
            guard number <= groupCount else { throw RegexSyntaxError(description: "invalid backref number/name") }
            code.append(.backReference(number, folded: ignoreCase))
        case .namedBackReference(let name, let ignoreCase):
            guard let number = names.last(where: { $0.0 == name })?.1 else { throw RegexSyntaxError(description: "undefined name <\(name)> reference") }
            code.append(.backReference(number, folded: ignoreCase))
        case .look(let inner, let ahead, let negated):
            var lengths: [Int] = []
            if !ahead {
                guard let possible = Self.lengths(of: inner), possible.count <= 64 else {
                    throw RegexSyntaxError(description: "invalid pattern in look-behind")
                }
                lengths = possible.sorted()
            }
            code.append(.look(try subprogram(inner), ahead: ahead, negated: negated, lengths: lengths))
        case .atomic(let inner):
            code.append(.atomic(try subprogram(inner)))
        }
    }

    /// Compiles `node` as a program of its own, ending in `match`; its index.
    func subprogram(_ node: RegexNode) throws -> Int {
        let index = programs.count
        programs.append([])
        var code: [Instruction] = []
        try compile(node, into: &code)
        code.append(.match)
        programs[index] = code
        return index
    }

    static func canMatchEmpty(_ node: RegexNode) -> Bool {
        switch node {
        case .empty, .anchor, .look: return true
        case .literal, .any, .set: return false
        case .backReference, .namedBackReference: return true
        case .sequence(let items): return items.allSatisfy(canMatchEmpty)
        case .alternation(let branches): return branches.contains(where: canMatchEmpty)
        case .group(let inner, _), .atomic(let inner): return canMatchEmpty(inner)
        case .repetition(let inner, let min, _, _, _): return min == 0 || canMatchEmpty(inner)
        }
    }

    /// Every length a look-behind's pattern can match (nil when unbounded or too many).
    static func lengths(of node: RegexNode) -> Set<Int>? {
        switch node {
        case .empty, .anchor, .look: return [0]
        case .literal, .any, .set: return [1]
        case .backReference, .namedBackReference: return nil
        case .group(let inner, _), .atomic(let inner): return lengths(of: inner)
        case .alternation(let branches):
            var all = Set<Int>()
            for branch in branches {
                guard let some = lengths(of: branch) else { return nil }
                all.formUnion(some)
            }
            return all
        case .sequence(let items):
            var all: Set<Int> = [0]
            for item in items {
                guard let some = lengths(of: item) else { return nil }
                all = Set(all.flatMap { a in some.map { a + $0 } })
                if all.count > 64 { return nil }
            }
            return all
        case .repetition(let inner, let min, let max, _, _):
            guard let max, let some = lengths(of: inner), max <= 64 else { return nil }
            var all = Set<Int>()
            for count in min...max {
                var sums: Set<Int> = [0]
                for _ in 0..<count { sums = Set(sums.flatMap { a in some.map { a + $0 } }) }
                all.formUnion(sums)
                if all.count > 64 { return nil }
            }
            return all
        }
    }

    func analyzeStart(_ node: RegexNode) {
        var first = node
        while true {
            switch first {
            case .sequence(let items) where !items.isEmpty: first = items[0]; continue
            case .group(let inner, _): first = inner; continue
            case .literal(let scalar, let ignoreCase) where !ignoreCase: firstScalar = scalar
            case .anchor(.textStart): anchoredAtStart = true
            case .repetition(let inner, let min, _, _, _) where min > 0: first = inner; continue
            default: break
            }
            return
        }
    }

    // MARK: Matching

    /// The first match starting at or after `start`: two slots per group (group 0 is the
    /// whole match), -1 for a group that did not take part.
    public func firstMatch(in text: [UInt32], from start: Int) -> [Int]? {
        guard start >= 0, start <= text.count else { return nil }
        var matcher = Matcher(program: self, text: text, searchStart: start)
        var position = start
        while position <= text.count {
            if anchoredAtStart && position > 0 { return nil }
            if let scalar = firstScalar {
                while position < text.count && text[position] != scalar { position += 1 }
                if position >= text.count { return nil }
            }
            if let slots = matcher.run(at: position) { return slots }
            position += 1
        }
        return nil
    }

    /// Every match, as `scan` and `gsub` find them: after an empty match the search moves on
    /// one character.
    public func allMatches(in text: [UInt32]) -> [[Int]] {
        var results: [[Int]] = []
        var position = 0
        while position <= text.count, let slots = firstMatch(in: text, from: position) {
            results.append(slots)
            position = slots[1] > slots[0] ? slots[1] : slots[1] + 1
        }
        return results
    }

    struct Matcher {
        let program: RegexProgram
        let text: [UInt32]
        let searchStart: Int
        var slots: [Int]
        var marks: [Int]
        /// Choices and undo records; each program run uses the part above where it began.
        var stack: [Entry] = []

        init(program: RegexProgram, text: [UInt32], searchStart: Int) {
            self.program = program
            self.text = text
            self.searchStart = searchStart
            slots = Array(repeating: -1, count: (program.groupCount + 1) * 2)
            marks = Array(repeating: -1, count: program.loopMarks)
            stack.reserveCapacity(64)
        }

        enum Entry {
            case branch(pc: Int, position: Int)
            case restoreSlot(Int, Int)
            case restoreMark(Int, Int)
        }

        mutating func run(at start: Int) -> [Int]? {
            for i in 0..<slots.count { slots[i] = -1 }
            for i in 0..<marks.count { marks[i] = -1 }
            guard execute(0, at: start, requiredEnd: nil) != nil else { return nil }
            return slots
        }

        /// Runs program `index` from `start`; where it ended, or nil. Captures it set stay
        /// set; its choices are not kept (a look-around or atomic group does not backtrack).
        mutating func execute(_ index: Int, at start: Int, requiredEnd: Int?) -> Int? {
            let code = program.programs[index]
            let base = stack.count
            defer { stack.removeSubrange(base...) }
            var pc = 0
            var position = start
            while true {
                var failed = false
                switch code[pc] {
                case .scalar(let scalar):
                    if position < text.count && text[position] == scalar { position += 1; pc += 1 } else { failed = true }
                case .scalarFolded(let scalar):
                    if position < text.count && RegexCase.fold(text[position]) == scalar { position += 1; pc += 1 } else { failed = true }
                case .any(let dotAll):
                    if position < text.count && (dotAll || text[position] != 0x0A) { position += 1; pc += 1 } else { failed = true }
                case .set(let set):
                    if position < text.count && program.sets[set].contains(text[position]) { position += 1; pc += 1 } else { failed = true }
                case .split(let first, let second):
                    stack.append(.branch(pc: second, position: position))
                    pc = first
                case .jump(let target):
                    pc = target
                case .save(let slot):
                    stack.append(.restoreSlot(slot, slots[slot]))
                    slots[slot] = position
                    pc += 1
                case .anchor(let anchor):
                    if holds(anchor, at: position) { pc += 1 } else { failed = true }
                case .backReference(let number, let folded):
                    let low = slots[number * 2], high = slots[number * 2 + 1]
                    if low < 0 || high < 0 {
                        failed = true
                    } else {
                        let length = high - low
                        if position + length <= text.count && (0..<length).allSatisfy({ offset in
                            folded ? RegexCase.fold(text[low + offset]) == RegexCase.fold(text[position + offset])
                                : text[low + offset] == text[position + offset]
                        }) {
                            position += length
                            pc += 1
                        } else {
                            failed = true
                        }
                    }
                case .look(let sub, let ahead, let negated, let lengths):
                    let saved = slots
                    var found = false
                    if ahead {
                        found = execute(sub, at: position, requiredEnd: nil) != nil
                    } else {
                        for length in lengths where position - length >= 0 {
                            if execute(sub, at: position - length, requiredEnd: position) != nil { found = true; break }
                        }
                    }
                    if negated || !found { slots = saved }
                    if found != negated { pc += 1 } else { failed = true }
                case .atomic(let sub):
                    let saved = slots
                    if let end = execute(sub, at: position, requiredEnd: nil) {
                        // Its choices are gone; what it captured is undone if the rest fails.
                        for slot in 0..<slots.count where slots[slot] != saved[slot] { stack.append(.restoreSlot(slot, saved[slot])) }
                        position = end
                        pc += 1
                    } else {
                        slots = saved
                        failed = true
                    }
                case .loopMark(let mark):
                    stack.append(.restoreMark(mark, marks[mark]))
                    marks[mark] = position
                    pc += 1
                case .loopCheck(let mark, let exit):
                    // An iteration that did not move ends the loop (instead of looping for ever).
                    pc = marks[mark] == position ? exit : pc + 1
                case .match:
                    if let requiredEnd, position != requiredEnd { failed = true } else { return position }
                }
                if failed {
                    var resumed = false
                    while stack.count > base, let entry = stack.popLast() {
                        switch entry {
                        case .branch(let target, let at):
                            pc = target
                            position = at
                            resumed = true
                        case .restoreSlot(let slot, let value):
                            slots[slot] = value
                        case .restoreMark(let mark, let value):
                            marks[mark] = value
                        }
                        if resumed { break }
                    }
                    if !resumed { return nil }
                }
            }
        }

        func isWord(_ position: Int) -> Bool {
            position >= 0 && position < text.count && RegexCase.isASCIIWord(text[position])
        }

        func holds(_ anchor: RegexNode.Anchor, at position: Int) -> Bool {
            switch anchor {
            case .lineStart: return position == 0 || text[position - 1] == 0x0A
            case .lineEnd: return position == text.count || text[position] == 0x0A
            case .textStart: return position == 0
            case .textEnd: return position == text.count
            case .textEndBeforeNewline: return position == text.count || (position == text.count - 1 && text[position] == 0x0A)
            case .wordBoundary: return isWord(position - 1) != isWord(position)
            case .notWordBoundary: return isWord(position - 1) == isWord(position)
            case .searchStart: return position == searchStart
            }
        }
    }
}
