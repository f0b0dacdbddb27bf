/// Enumerable, once for every collection: arrays, hashes (as `[key, value]` pairs), ranges,
/// enumerators, structs and user classes that define `each`.
struct EnumerationStop: Error {}

extension Interpreter {
    /// Calls `body` with each element; `body` may throw `EnumerationStop` to end early.
    func iterate(_ value: Value, _ body: (Value) throws -> Void) throws {
        do {
            try iterateUnchecked(value, body)
        } catch is EnumerationStop {
        }
    }

    private func iterateUnchecked(_ value: Value, _ body: (Value) throws -> Void) throws {
        switch value.asObject {
        case let array as RArray:
            var i = 0
            while i < array.items.count {
                try body(array.items[i])
                i += 1
            }
        case let hash as RHash:
            for (k, v) in hash.pairs { try body(makeArray([k, v])) }
        case let range as RRange:
            try iterateRange(range, body)
        case let s as RStructInstance:
            for item in s.values { try body(item) }
        default:
            // Any object with `each`: the block packs several yielded values into an array.
            try withoutActuallyEscaping(body) { escapingBody in
                let proc = makeNativeProc { _, args in
                    try escapingBody(args.count == 1 ? args[0] : self.makeArray(args.values))
                    return .null
                }
                if let enumerator = value.asObject as? REnumerator {
                    _ = try callMethod(enumerator.receiver, enumerator.method, Args(enumerator.arguments, block: proc))
                } else {
                    _ = try callMethod(value, "each", Args([], block: proc))
                }
            }
        }
    }

    func iterateRange(_ range: RRange, _ body: (Value) throws -> Void) throws {
        switch (range.lower, range.upper) {
        case (.integer(let low), .integer(let high)):
            var i = low
            let last = range.exclusive ? high - 1 : high
            while i <= last {
                try body(.integer(i))
                i += 1
            }
        case (.integer(let low), .null):
            var i = low
            while true {
                try body(.integer(i))
                i += 1
            }
        case (.integer(let low), .float(let high)):
            var i = low
            while Double(i) < high || (!range.exclusive && Double(i) == high) {
                try body(.integer(i))
                i += 1
            }
        default:
            if let low = range.lower.asString {
                guard let high = range.upper.asString?.value else {
                    var current = low.value
                    while true {
                        try body(makeString(current))
                        current = Self.successor(current)
                    }
                }
                var current = low.value
                if current.unicodeScalars.count > high.unicodeScalars.count { return }
                while true {
                    if range.exclusive && current == high { return }
                    try body(makeString(current))
                    if current == high || current.unicodeScalars.count > high.unicodeScalars.count { return }
                    current = Self.successor(current)
                }
            }
            if case .float = range.lower {
                throw typeError("can't iterate from Float")
            }
            if case .null = range.lower { throw typeError("can't iterate from NilClass") }
            // Objects with `succ` and `<=>`.
            var current = range.lower
            while true {
                let order = try compare(current, range.upper)
                if order > 0 || (range.exclusive && order == 0) { return }
                try body(current)
                current = try callMethod(current, "succ", Args())
            }
        }
    }

    func elements(_ value: Value) throws -> [Value] {
        if let array = value.asArray { return array.items }
        var out: [Value] = []
        try iterate(value) { out.append($0) }
        return out
    }

    func yieldElement(_ block: RProc, _ element: Value) throws -> Value {
        try callBlock(block, [element])
    }

    /// The block, or for `&:sym`-less calls without one, an enumerator.
    func blockOrEnumerator(_ args: Args, _ receiver: Value, _ name: String, _ body: (RProc) throws -> Value) throws -> Value {
        guard let block = args.block else { return enumeratorFor(receiver, name, args.values) }
        return try body(block)
    }

    func installEnumerable() {
        let enumerable = classes.enumerable!
        let interp = self

        define(enumerable, [
            .method("to_a", "entries", arity: .checkedByBody) { interp, receiver, _ in interp.makeArray(try interp.elements(receiver)) },
            .method("map", "collect", arity: .exactly(0)) { interp, receiver, args in
                try interp.blockOrEnumerator(args, receiver, "map") { block in
                    var out: [Value] = []
                    try interp.iterate(receiver) { out.append(try interp.yieldElement(block, $0)) }
                    return interp.makeArray(out)
                }
            },
            .method("flat_map", "collect_concat", arity: .exactly(0)) { interp, receiver, args in
                try interp.blockOrEnumerator(args, receiver, "flat_map") { block in
                    var out: [Value] = []
                    try interp.iterate(receiver) {
                        let result = try interp.yieldElement(block, $0)
                        if let array = result.asArray { out.append(contentsOf: array.items) } else { out.append(result) }
                    }
                    return interp.makeArray(out)
                }
            },
            .method("select", "filter", "find_all", arity: .exactly(0)) { interp, receiver, args in
                try interp.blockOrEnumerator(args, receiver, "select") { block in
                    var out: [Value] = []
                    try interp.iterate(receiver) { if try interp.yieldElement(block, $0).isTruthy { out.append($0) } }
                    return interp.makeArray(out)
                }
            },
        ])
        for (name, keepMatches) in [("grep", true), ("grep_v", false)] {
            define(enumerable, name, arity: .exactly(1)) { interp, receiver, args in
                var out: [Value] = []
                try interp.iterate(receiver) { element in
                    guard try interp.caseEquals(args[0], element) == keepMatches else { return }
                    out.append(try args.block.map { try interp.yieldElement($0, element) } ?? element)
                }
                return interp.makeArray(out)
            }
        }
        define(enumerable, [
            .method("reject", arity: .exactly(0)) { interp, receiver, args in
                try interp.blockOrEnumerator(args, receiver, "reject") { block in
                    var out: [Value] = []
                    try interp.iterate(receiver) { if !(try interp.yieldElement(block, $0).isTruthy) { out.append($0) } }
                    return interp.makeArray(out)
                }
            },
            .method("filter_map", arity: .exactly(0)) { interp, receiver, args in
                try interp.blockOrEnumerator(args, receiver, "filter_map") { block in
                    var out: [Value] = []
                    try interp.iterate(receiver) {
                        let result = try interp.yieldElement(block, $0)
                        if result.isTruthy { out.append(result) }
                    }
                    return interp.makeArray(out)
                }
            },
            .method("find", "detect", arity: .checkedByBody) { interp, receiver, args in
                try interp.blockOrEnumerator(args, receiver, "find") { block in
                    var found: Value = .null
                    try interp.iterate(receiver) {
                        if try interp.yieldElement(block, $0).isTruthy {
                            found = $0
                            throw EnumerationStop()
                        }
                    }
                    return found
                }
            },
            .method("find_index", arity: .checkedByBody) { interp, receiver, args in
                var index = 0
                var found: Value = .null
                try interp.iterate(receiver) { element in
                    let hit = args.block != nil ? try interp.yieldElement(args.block!, element).isTruthy : try interp.valuesEqual(element, args[0])
                    if hit {
                        found = .integer(index)
                        throw EnumerationStop()
                    }
                    index += 1
                }
                return found
            },
            .method("each_with_index", arity: .checkedByBody) { interp, receiver, args in
                try interp.blockOrEnumerator(args, receiver, "each_with_index") { block in
                    var index = 0
                    try interp.iterate(receiver) {
                        _ = try interp.callBlock(block, [$0, .integer(index)])
                        index += 1
                    }
                    return receiver
                }
            },
            .method("each_with_object", arity: .exactly(1)) { interp, receiver, args in
                try interp.blockOrEnumerator(args, receiver, "each_with_object") { block in
                    try interp.iterate(receiver) { _ = try interp.callBlock(block, [$0, args[0]]) }
                    return args[0]
                }
            },
            .method("each_entry", arity: .checkedByBody) { interp, receiver, args in
                try interp.blockOrEnumerator(args, receiver, "each_entry") { block in
                    try interp.iterate(receiver) { _ = try interp.callBlock(block, [$0]) }
                    return receiver
                }
            },
            .method("inject", "reduce", arity: .checkedByBody) { interp, receiver, args in try interp.inject(receiver, args) },
            .method("sum", arity: .checkedByBody) { interp, receiver, args in
                var total: Value = args.count > 0 ? args[0] : .integer(0)
                var compensation = 0.0
                var usingFloat = false
                try interp.iterate(receiver) { element in
                    let value = args.block != nil ? try interp.yieldElement(args.block!, element) : element
                    if case .float(let f) = total, case .float(let x) = value {
                        // Kahan-Babuska summation, as Ruby uses for floats.
                        usingFloat = true
                        let t = f + x
                        if abs(f) >= abs(x) { compensation += (f - t) + x } else { compensation += (x - t) + f }
                        total = .float(t)
                    } else if case .float(let f) = total, case .integer(let x) = value {
                        usingFloat = true
                        let xd = Double(x)
                        let t = f + xd
                        if abs(f) >= abs(xd) { compensation += (f - t) + xd } else { compensation += (xd - t) + f }
                        total = .float(t)
                    } else {
                        total = try interp.binaryOperation(total, "+", value)
                    }
                }
                if usingFloat, case .float(let f) = total { return .float(f + compensation) }
                return total
            },
            .method("count", arity: .checkedByBody) { interp, receiver, args in
                var count = 0
                try interp.iterate(receiver) { element in
                    if let block = args.block {
                        if try interp.yieldElement(block, element).isTruthy { count += 1 }
                    } else if args.count > 0 {
                        if try interp.valuesEqual(element, args[0]) { count += 1 }
                    } else {
                        count += 1
                    }
                }
                return .integer(count)
            },
            .method("min", "max", arity: .checkedByBody) { _, _, _ in .null },
        ])
        for (name, wantsMax) in [("min", false), ("max", true)] {
            define(enumerable, name) { interp, receiver, args in
                let items = try interp.elements(receiver)
                let ordered = try interp.sortValues(items, block: args.block)
                let list = wantsMax ? Array(ordered.reversed()) : ordered
                if args.count > 0 { return interp.makeArray(Array(list.prefix(try interp.toInteger(args[0])))) }
                return list.first ?? .null
            }
            define(enumerable, name + "_by") { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, name + "_by") }
                let items = try interp.elements(receiver)
                let keyed = try items.map { ($0, try interp.yieldElement(block, $0)) }
                var sorted = try interp.stableSort(keyed) { try interp.compare($0.1, $1.1) }
                if wantsMax { sorted = try interp.stableSort(keyed) { try interp.compare($1.1, $0.1) } }
                if args.count > 0 { return interp.makeArray(sorted.prefix(try interp.toInteger(args[0])).map { $0.0 }) }
                return sorted.first?.0 ?? .null
            }
        }
        define(enumerable, [
            .method("minmax", arity: .exactly(0)) { interp, receiver, args in
                let ordered = try interp.sortValues(try interp.elements(receiver), block: args.block)
                return interp.makeArray([ordered.first ?? .null, ordered.last ?? .null])
            },
            .method("minmax_by", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "minmax_by") }
                let keyed = try interp.elements(receiver).map { ($0, try interp.yieldElement(block, $0)) }
                let sorted = try interp.stableSort(keyed) { try interp.compare($0.1, $1.1) }
                let maxSorted = try interp.stableSort(keyed) { try interp.compare($1.1, $0.1) }
                return interp.makeArray([sorted.first?.0 ?? .null, maxSorted.first?.0 ?? .null])
            },
            .method("sort", arity: .exactly(0)) { interp, receiver, args in
                interp.makeArray(try interp.sortValues(try interp.elements(receiver), block: args.block))
            },
            .method("sort_by", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "sort_by") }
                let keyed = try interp.elements(receiver).map { ($0, try interp.yieldElement(block, $0)) }
                return interp.makeArray(try interp.stableSort(keyed) { try interp.compare($0.1, $1.1) }.map { $0.0 })
            },
            .method("group_by", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "group_by") }
                let groups = interp.makeHashObject()
                try interp.iterate(receiver) { element in
                    let key = try interp.yieldElement(block, element)
                    if let existing = groups.get(key)?.asArray { existing.items.append(element) }
                    else { groups.set(key, interp.makeArray([element])) }
                }
                return .object(groups)
            },
            .method("partition", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "partition") }
                var yes: [Value] = []
                var no: [Value] = []
                try interp.iterate(receiver) { if try interp.yieldElement(block, $0).isTruthy { yes.append($0) } else { no.append($0) } }
                return interp.makeArray([interp.makeArray(yes), interp.makeArray(no)])
            },
            .method("tally", arity: .checkedByBody) { interp, receiver, _ in
                let counts = interp.makeHashObject()
                try interp.iterate(receiver) { element in
                    if case .integer(let n) = counts.get(element) ?? .integer(0) { counts.set(element, .integer(n + 1)) }
                }
                return .object(counts)
            },
            .method("include?", "member?", arity: .exactly(1)) { interp, receiver, args in
                var found = false
                try interp.iterate(receiver) {
                    if try interp.valuesEqual($0, args[0]) {
                        found = true
                        throw EnumerationStop()
                    }
                }
                return .bool(found)
            },
            .method("first", arity: .checkedByBody) { interp, receiver, args in
                if args.count == 0 {
                    var first: Value = .null
                    try interp.iterate(receiver) {
                        first = $0
                        throw EnumerationStop()
                    }
                    return first
                }
                return try takeFirst(interp, receiver, args[0])
            },
            .method("take", arity: .exactly(1)) { interp, receiver, args in
                try takeFirst(interp, receiver, args[0])
            },
            .method("take_while", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "take_while") }
                var out: [Value] = []
                try interp.iterate(receiver) {
                    if !(try interp.yieldElement(block, $0).isTruthy) { throw EnumerationStop() }
                    out.append($0)
                }
                return interp.makeArray(out)
            },
            .method("drop", arity: .exactly(1)) { interp, receiver, args in
                let n = try interp.toInteger(args[0])
                if n < 0 { throw interp.argumentError("attempt to drop negative size") }
                return interp.makeArray(Array(try interp.elements(receiver).dropFirst(n)))
            },
            .method("drop_while", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "drop_while") }
                var out: [Value] = []
                var dropping = true
                try interp.iterate(receiver) {
                    if dropping, try interp.yieldElement(block, $0).isTruthy { return }
                    dropping = false
                    out.append($0)
                }
                return interp.makeArray(out)
            },
        ])
        for (name, kind) in [("any?", 0), ("all?", 1), ("none?", 2), ("one?", 3)] {
            define(enumerable, name) { interp, receiver, args in
                var hits = 0
                var misses = 0
                try interp.iterate(receiver) { element in
                    let test: Bool
                    if args.count > 0 { test = try interp.caseEquals(args[0], element) }
                    else if let block = args.block { test = try interp.yieldElement(block, element).isTruthy }
                    else { test = element.isTruthy }
                    if test { hits += 1 } else { misses += 1 }
                    if (kind == 0 && hits > 0) || (kind == 1 && misses > 0) || (kind == 2 && hits > 0) || (kind == 3 && hits > 1) {
                        throw EnumerationStop()
                    }
                }
                switch kind {
                case 0: return .bool(hits > 0)
                case 1: return .bool(misses == 0)
                case 2: return .bool(hits == 0)
                default: return .bool(hits == 1)
                }
            }
        }
        define(enumerable, [
            .method("each_slice", arity: .exactly(1)) { interp, receiver, args in
                let size = try interp.toInteger(args[0])
                if size <= 0 { throw interp.argumentError("invalid slice size") }
                let items = try interp.elements(receiver)
                let slices = stride(from: 0, to: items.count, by: size).map { interp.makeArray(Array(items[$0..<min(items.count, $0 + size)])) }
                guard let block = args.block else { return interp.enumeratorFor(interp.makeArray(slices), "each") }
                for slice in slices { _ = try interp.callBlock(block, [slice]) }
                return receiver
            },
            .method("each_cons", arity: .exactly(1)) { interp, receiver, args in
                let size = try interp.toInteger(args[0])
                if size <= 0 { throw interp.argumentError("invalid size") }
                let items = try interp.elements(receiver)
                let windows = items.count < size ? [] : (0...(items.count - size)).map { interp.makeArray(Array(items[$0..<($0 + size)])) }
                guard let block = args.block else { return interp.enumeratorFor(interp.makeArray(windows), "each") }
                for window in windows { _ = try interp.callBlock(block, [window]) }
                return receiver
            },
            .method("chunk_while", arity: .exactly(0)) { interp, receiver, args in
                try interp.chunk(receiver, args, splitWhen: false)
            },
            .method("slice_when", arity: .exactly(0)) { interp, receiver, args in
                try interp.chunk(receiver, args, splitWhen: true)
            },
            .method("zip", arity: .checkedByBody) { interp, receiver, args in
                let items = try interp.elements(receiver)
                let others = try args.values.map { try interp.elements($0) }
                let rows = items.enumerated().map { (i, item) in
                    interp.makeArray([item] + others.map { i < $0.count ? $0[i] : .null })
                }
                if let block = args.block {
                    for row in rows { _ = try interp.callBlock(block, [row]) }
                    return .null
                }
                return interp.makeArray(rows)
            },
            .method("uniq", arity: .exactly(0)) { interp, receiver, args in
                interp.makeArray(try interp.unique(try interp.elements(receiver), args.block))
            },
            .method("to_h", arity: .checkedByBody) { interp, receiver, args in
                let hash = interp.makeHashObject()
                try interp.iterate(receiver) { element in
                    let pair = args.block != nil ? try interp.yieldElement(args.block!, element) : element
                    guard let items = pair.asArray?.items, items.count == 2 else {
                        throw interp.typeError("wrong element type \(interp.className(of: pair)) (expected array)")
                    }
                    hash.set(items[0], items[1])
                }
                return .object(hash)
            },
            .method("reverse_each", arity: .checkedByBody) { interp, receiver, args in
                let items = try interp.elements(receiver)
                guard let block = args.block else { return interp.enumeratorFor(interp.makeArray(items.reversed()), "each") }
                for item in items.reversed() { _ = try interp.callBlock(block, [item]) }
                return receiver
            },
            .method("cycle", arity: .checkedByBody) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "cycle", args.values) }
                let items = try interp.elements(receiver)
                if items.isEmpty { return .null }
                if args.count > 0 && !args[0].isNil {
                    for _ in 0..<max(0, try interp.toInteger(args[0])) {
                        for item in items { _ = try interp.callBlock(block, [item]) }
                    }
                    return .null
                }
                while true { for item in items { _ = try interp.callBlock(block, [item]) } }
            },
        ])
        _ = interp
    }

    func inject(_ receiver: Value, _ args: Args) throws -> Value {
        var memo: Value?
        var operation: String?
        if args.count == 2 {
            memo = args[0]
            operation = try toName(args[1])
        } else if args.count == 1 {
            if args.block == nil { operation = try toName(args[0]) } else { memo = args[0] }
        }
        try iterate(receiver) { element in
            guard let current = memo else {
                memo = element
                return
            }
            if let operation {
                memo = try binaryOperation(current, operation, element)
            } else if let block = args.block {
                memo = try callBlock(block, [current, element])
            }
        }
        return memo ?? .null
    }

    func chunk(_ receiver: Value, _ args: Args, splitWhen: Bool) throws -> Value {
        guard let block = args.block else { throw argumentError("no block given") }
        let items = try elements(receiver)
        var groups: [[Value]] = []
        for item in items {
            if let last = groups.last?.last {
                let result = try callBlock(block, [last, item]).isTruthy
                if result != splitWhen {
                    groups[groups.count - 1].append(item)
                    continue
                }
            }
            groups.append([item])
        }
        return enumeratorFor(makeArray(groups.map { makeArray($0) }), "each")
    }

    func unique(_ items: [Value], _ block: RProc?) throws -> [Value] {
        var seen = Set<HashKey>()
        var out: [Value] = []
        for item in items {
            let key = try block.map { try callBlock($0, [item]) } ?? item
            if seen.insert(HashKey(key)).inserted { out.append(item) }
        }
        return out
    }

    /// A stable merge sort whose comparator may throw (Ruby's sort is not stable, but
    /// stable results are a valid Ruby result and keep output deterministic).
    func stableSort<T>(_ items: [T], _ compare: (T, T) throws -> Int) throws -> [T] {
        if items.count < 2 { return items }
        var source = items
        var buffer = items
        var width = 1
        while width < source.count {
            var start = 0
            while start < source.count {
                let mid = min(start + width, source.count)
                let end = min(start + 2 * width, source.count)
                var i = start, j = mid, k = start
                while i < mid && j < end {
                    if try compare(source[j], source[i]) < 0 {
                        buffer[k] = source[j]
                        j += 1
                    } else {
                        buffer[k] = source[i]
                        i += 1
                    }
                    k += 1
                }
                while i < mid { buffer[k] = source[i]; i += 1; k += 1 }
                while j < end { buffer[k] = source[j]; j += 1; k += 1 }
                start += 2 * width
            }
            swap(&source, &buffer)
            width *= 2
        }
        return source
    }

    func sortValues(_ items: [Value], block: RProc?) throws -> [Value] {
        if let block {
            return try stableSort(items) { a, b in
                let result = try callBlock(block, [a, b])
                guard case .integer(let order) = result else {
                    throw argumentError("comparison of \(className(of: a)) with \(className(of: b)) failed")
                }
                return order
            }
        }
        return try stableSort(items) { try compare($0, $1) }
    }
}

/// `first(n)` and `take(n)`: the first `n` elements, stopping the iteration early.
private func takeFirst(_ interp: Interpreter, _ receiver: Value, _ count: Value) throws -> Value {
    let n = try interp.toInteger(count)
    if n < 0 { throw interp.argumentError("attempt to take negative size") }
    // Ruby makes room for n elements first.
    try interp.reserveElements(n)
    var out: [Value] = []
    if n == 0 { return interp.makeArray([]) }
    try interp.iterate(receiver) {
        out.append($0)
        if out.count >= n { throw EnumerationStop() }
    }
    return interp.makeArray(out)
}
