/// Array: what Enumerable does not already give, and the mutating methods.
extension Interpreter {
    func arr(_ value: Value) -> RArray { value.asObject as! RArray }

    func mutateArray(_ value: Value, _ change: (RArray) throws -> Void) throws {
        let array = arr(value)
        if array.frozen { throw frozenError(value) }
        try change(array)
    }

    func inspectArray(_ array: RArray, seen: inout [ObjectIdentifier]) throws -> String {
        if seen.contains(ObjectIdentifier(array)) { return "[...]" }
        seen.append(ObjectIdentifier(array))
        defer { seen.removeLast() }
        var parts: [String] = []
        for item in array.items {
            if let inner = item.asArray, inner.klass === classes.array { parts.append(try inspectArray(inner, seen: &seen)) }
            else { parts.append(try inspect(item)) }
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    func flatten(_ items: [Value], depth: Int, seen: inout [ObjectIdentifier]) throws -> [Value] {
        var out: [Value] = []
        for item in items {
            if let inner = item.asArray, depth != 0 {
                if seen.contains(ObjectIdentifier(inner)) { throw argumentError("tried to flatten recursive array") }
                seen.append(ObjectIdentifier(inner))
                out.append(contentsOf: try flatten(inner.items, depth: depth - 1, seen: &seen))
                seen.removeLast()
            } else {
                out.append(item)
            }
        }
        return out
    }

    func join(_ items: [Value], _ separator: String, seen: inout [ObjectIdentifier]) throws -> String {
        var parts: [String] = []
        for item in items {
            if let inner = item.asArray {
                if seen.contains(ObjectIdentifier(inner)) { throw argumentError("recursive array join") }
                seen.append(ObjectIdentifier(inner))
                parts.append(try join(inner.items, separator, seen: &seen))
                seen.removeLast()
            } else {
                parts.append(try toS(item))
            }
        }
        return parts.joined(separator: separator)
    }

    func installArray() {
        let array = classes.array!
        defineSingleton(array, [
            .method("[]", arity: .checkedByBody) { interp, receiver, args in .object(RArray(args.values, klass: receiver.asModule!)) },
        ])
        define(array, [
            .method("initialize", arity: .checkedByBody, visibility: .private) { interp, receiver, args in
                let a = interp.arr(receiver)
                guard args.count > 0 else { return .null }
                if let other = args[0].asArray, args.count == 1 {
                    a.items = other.items
                    return .null
                }
                let size = try interp.toInteger(args[0])
                if size < 0 { throw interp.argumentError("negative array size") }
                if size > Interpreter.arrayMaxSize { throw interp.argumentError("array size too big") }
                try interp.reserveElements(size)
                if let block = args.block {
                    a.items = try (0..<size).map { try interp.callBlock(block, [.integer($0)]) }
                } else {
                    a.items = Array(repeating: args[1], count: size)
                }
                return .null
            },
            .method("inspect", "to_s", arity: .exactly(0)) { interp, receiver, _ in
                var seen: [ObjectIdentifier] = []
                return interp.makeString(try interp.inspectArray(interp.arr(receiver), seen: &seen))
            },
            .method("to_a", "entries", "to_ary", arity: .checkedByBody) { interp, receiver, _ in
                let a = interp.arr(receiver)
                return a.klass === interp.classes.array ? receiver : interp.makeArray(a.items)
            },
            .method("==", arity: .exactly(1)) { interp, receiver, args in
                guard args[0].asArray != nil else { return .false }
                return .bool(try interp.valuesEqual(receiver, args[0]))
            },
            .method("eql?", arity: .exactly(1)) { _, receiver, args in .bool(valuesEql(receiver, args[0])) },
            .method("hash", arity: .exactly(0)) { _, receiver, _ in
                var hasher = Hasher()
                rubyHash(receiver, into: &hasher)
                return .integer(hasher.finalize())
            },
            .method("<=>", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asArray else { return .null }
                let a = interp.arr(receiver).items
                for (x, y) in zip(a, other.items) {
                    let order = try interp.callMethod(x, "<=>", Args([y]))
                    if case .integer(let value) = order, value != 0 { return order }
                    if order.isNil { return .null }
                }
                return .integer(a.count < other.items.count ? -1 : (a.count > other.items.count ? 1 : 0))
            },
            .method("length", "size", arity: .exactly(0)) { interp, receiver, _ in .integer(interp.arr(receiver).count) },
            .method("empty?", arity: .exactly(0)) { interp, receiver, _ in .bool(interp.arr(receiver).count == 0) },
            .method("[]", "slice", arity: .checkedByBody) { interp, receiver, args in try interp.arraySlice(receiver, args) },
            .method("at", arity: .exactly(1)) { interp, receiver, args in try interp.arraySlice(receiver, Args([args[0]])) },
            .method("[]=", arity: .checkedByBody) { interp, receiver, args in
                try interp.checkArity(args, 2...3)
                try interp.mutateArray(receiver) { a in
                    let value = args[args.count - 1]
                    if args.count == 3 || args[0].asRange != nil {
                        var range: Range<Int>
                        if args.count == 3 {
                            var start = try interp.toInteger(args[0])
                            let length = try interp.toInteger(args[1])
                            if start < 0 { start += a.items.count }
                            if start < 0 { throw interp.makeError(interp.classes.indexError, "index \(start - a.items.count) too small for array") }
                            range = start..<(start + max(0, length))
                        } else {
                            let r = args[0].asRange!
                            var start = r.lower.isNil ? 0 : try interp.toInteger(r.lower)
                            var end = r.upper.isNil ? a.items.count : try interp.toInteger(r.upper)
                            if start < 0 { start += a.items.count }
                            if end < 0 { end += a.items.count }
                            if !r.exclusive && !r.upper.isNil { end += 1 }
                            range = start..<max(start, end)
                        }
                        if range.lowerBound > a.items.count {
                            if range.lowerBound >= Interpreter.arrayMaxSize {
                                throw interp.makeError(interp.classes.indexError, "index \(range.lowerBound) too big")
                            }
                            try interp.reserveElements(range.lowerBound)
                            a.items.append(contentsOf: repeatElement(.null, count: range.lowerBound - a.items.count))
                        }
                        let upper = min(range.upperBound, a.items.count)
                        let replacement = value.asArray?.items ?? [value]
                        a.items.replaceSubrange(range.lowerBound..<upper, with: replacement)
                        return
                    }
                    var index = try interp.toInteger(args[0])
                    if index < 0 { index += a.items.count }
                    if index < 0 {
                        throw interp.makeError(interp.classes.indexError,
                                               "index \(index - a.items.count) too small for array; minimum: -\(a.items.count)")
                    }
                    if index >= a.items.count {
                        if index >= Interpreter.arrayMaxSize { throw interp.makeError(interp.classes.indexError, "index \(index) too big") }
                        try interp.reserveElements(index + 1)
                        a.items.append(contentsOf: repeatElement(.null, count: index + 1 - a.items.count))
                    }
                    a.items[index] = value
                }
                return args[args.count - 1]
            },
            .method("fetch", arity: .checkedByBody) { interp, receiver, args in
                let items = interp.arr(receiver).items
                let original = try interp.toInteger(args[0])
                var index = original
                if index < 0 { index += items.count }
                if index >= 0 && index < items.count { return items[index] }
                if let block = args.block { return try interp.callBlock(block, [args[0]]) }
                if args.count > 1 { return args[1] }
                throw interp.makeError(interp.classes.indexError,
                                       "index \(original) outside of array bounds: \(-items.count)...\(items.count)")
            },
            .method("dig", arity: .checkedByBody) { interp, receiver, args in try interp.dig(receiver, args.values) },
            .method("first", arity: .checkedByBody) { interp, receiver, args in
                if args.count == 0 { return interp.arr(receiver).first ?? .null }
                let items = interp.arr(receiver).items
                let n = try interp.toInteger(args[0])
                if n < 0 { throw interp.argumentError("negative array size") }
                return interp.makeArray(Array(items.prefix(n)))
            },
            .method("last", arity: .checkedByBody) { interp, receiver, args in
                let items = interp.arr(receiver).items
                if args.count == 0 { return items.last ?? .null }
                let n = try interp.toInteger(args[0])
                if n < 0 { throw interp.argumentError("negative array size") }
                return interp.makeArray(Array(items.suffix(n)))
            },
            .method("push", "append", arity: .checkedByBody) { interp, receiver, args in
                try interp.mutateArray(receiver) { $0.items.append(contentsOf: args.values) }
                return receiver
            },
            .method("<<", arity: .exactly(1)) { interp, receiver, args in
                try interp.mutateArray(receiver) { $0.items.append(args[0]) }
                return receiver
            },
            .method("pop", arity: .checkedByBody) { interp, receiver, args in
                var result: Value = .null
                try interp.mutateArray(receiver) { a in
                    if args.count > 0 {
                        let n = min(try interp.toInteger(args[0]), a.items.count)
                        result = interp.makeArray(Array(a.items.suffix(n)))
                        a.items.removeLast(n)
                    } else if !a.items.isEmpty {
                        result = a.items.removeLast()
                    }
                }
                return result
            },
            .method("shift", arity: .checkedByBody) { interp, receiver, args in
                var result: Value = .null
                try interp.mutateArray(receiver) { a in
                    if args.count > 0 {
                        let n = try interp.toInteger(args[0])
                        if n < 0 { throw interp.argumentError("negative array size") }
                        var taken: [Value] = []
                        while taken.count < n, let value = a.removeFirst() { taken.append(value) }
                        result = interp.makeArray(taken)
                    } else if let value = a.removeFirst() {
                        result = value
                    }
                }
                return result
            },
            .method("unshift", "prepend", arity: .checkedByBody) { interp, receiver, args in
                try interp.mutateArray(receiver) { $0.prepend(args.values) }
                return receiver
            },
            .method("insert", arity: .checkedByBody) { interp, receiver, args in
                try interp.mutateArray(receiver) { a in
                    var index = try interp.toInteger(args[0])
                    if index < 0 { index += a.items.count + 1 }
                    while a.items.count < index { a.items.append(.null) }
                    a.items.insert(contentsOf: args.values.dropFirst(), at: index)
                }
                return receiver
            },
            .method("concat", arity: .checkedByBody) { interp, receiver, args in
                let extra = try args.values.flatMap { try interp.toArray($0) }
                try interp.mutateArray(receiver) { $0.items.append(contentsOf: extra) }
                return receiver
            },
            .method("+", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asArray else { throw interp.typeError("no implicit conversion of \(interp.className(of: args[0])) into Array") }
                return interp.makeArray(interp.arr(receiver).items + other.items)
            },
            .method("-", "difference", arity: .checkedByBody) { interp, receiver, args in
                var remove = Set<HashKey>()
                for value in args.values { for item in try interp.toArray(value) { remove.insert(HashKey(item)) } }
                return interp.makeArray(interp.arr(receiver).items.filter { !remove.contains(HashKey($0)) })
            },
            .method("*", arity: .exactly(1)) { interp, receiver, args in
                if let separator = args[0].asString {
                    var seen: [ObjectIdentifier] = []
                    return interp.makeString(try interp.join(interp.arr(receiver).items, separator.value, seen: &seen))
                }
                let n = try interp.toInteger(args[0])
                if n < 0 { throw interp.argumentError("negative argument") }
                let items = interp.arr(receiver).items
                try interp.reserveElements(try interp.sizeProduct(items.count, n, limit: Interpreter.arrayMaxSize))
                return interp.makeArray(Array([[Value]](repeating: items, count: n).joined()))
            },
            .method("&", "intersection", arity: .checkedByBody) { interp, receiver, args in
                var result = try interp.unique(interp.arr(receiver).items, nil)
                for value in args.values {
                    let keep = Set(try interp.toArray(value).map { HashKey($0) })
                    result = result.filter { keep.contains(HashKey($0)) }
                }
                return interp.makeArray(result)
            },
            .method("intersect?", arity: .exactly(1)) { interp, receiver, args in
                let keep = Set(try interp.toArray(args[0]).map { HashKey($0) })
                return .bool(interp.arr(receiver).items.contains { keep.contains(HashKey($0)) })
            },
            .method("|", "union", arity: .checkedByBody) { interp, receiver, args in
                var all = interp.arr(receiver).items
                for value in args.values { all += try interp.toArray(value) }
                return interp.makeArray(try interp.unique(all, nil))
            },
            .method("each", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each") }
                let a = interp.arr(receiver)
                var i = 0
                while i < a.items.count {
                    _ = try interp.callBlock(block, [a.items[i]])
                    i += 1
                }
                return receiver
            },
            .method("each_index", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each_index") }
                let a = interp.arr(receiver)
                var i = 0
                while i < a.items.count {
                    _ = try interp.callBlock(block, [.integer(i)])
                    i += 1
                }
                return receiver
            },
            .method("index", "find_index", arity: .checkedByBody) { interp, receiver, args in
                for (i, item) in interp.arr(receiver).items.enumerated() {
                    let hit = args.block != nil ? try interp.callBlock(args.block!, [item]).isTruthy : try interp.valuesEqual(item, args[0])
                    if hit { return .integer(i) }
                }
                return .null
            },
            .method("rindex", arity: .checkedByBody) { interp, receiver, args in
                for (i, item) in interp.arr(receiver).items.enumerated().reversed() {
                    let hit = args.block != nil ? try interp.callBlock(args.block!, [item]).isTruthy : try interp.valuesEqual(item, args[0])
                    if hit { return .integer(i) }
                }
                return .null
            },
            .method("join", arity: .checkedByBody) { interp, receiver, args in
                let separator = args.count > 0 && !args[0].isNil ? try interp.toStr(args[0]) : ""
                var seen: [ObjectIdentifier] = [ObjectIdentifier(interp.arr(receiver))]
                return interp.makeString(try interp.join(interp.arr(receiver).items, separator, seen: &seen))
            },
            .method("reverse", arity: .exactly(0)) { interp, receiver, _ in interp.makeArray(interp.arr(receiver).items.reversed()) },
            .method("rotate", arity: .checkedByBody) { interp, receiver, args in
                let items = interp.arr(receiver).items
                guard !items.isEmpty else { return interp.makeArray([]) }
                let n = args.count > 0 ? try interp.toInteger(args[0]) : 1
                let shift = Self.floorModulo(n, items.count)
                return interp.makeArray(Array(items[shift...] + items[..<shift]))
            },
            .method("compact", arity: .exactly(0)) { interp, receiver, _ in interp.makeArray(interp.arr(receiver).items.filter { !$0.isNil }) },
            .method("flatten", arity: .checkedByBody) { interp, receiver, args in
                var seen: [ObjectIdentifier] = [ObjectIdentifier(interp.arr(receiver))]
                let depth = args.count > 0 && !args[0].isNil ? try interp.toInteger(args[0]) : -1
                return interp.makeArray(try interp.flatten(interp.arr(receiver).items, depth: depth, seen: &seen))
            },
            .method("uniq", arity: .exactly(0)) { interp, receiver, args in interp.makeArray(try interp.unique(interp.arr(receiver).items, args.block)) },
            .method("sort", arity: .exactly(0)) { interp, receiver, args in interp.makeArray(try interp.sortValues(interp.arr(receiver).items, block: args.block)) },
        ])

        // Mutating forms: return nil when nothing changed, as Ruby does for the ! methods.
        let inPlace: [(String, Bool, (Interpreter, Value, Args) throws -> Value)] = [
            ("reverse!", false, { i, r, a in try i.callMethod(r, "reverse", a) }),
            ("rotate!", false, { i, r, a in try i.callMethod(r, "rotate", a) }),
            ("sort!", false, { i, r, a in try i.callMethod(r, "sort", a) }),
            ("sort_by!", false, { i, r, a in try i.callMethod(r, "sort_by", a) }),
            ("shuffle!", false, { i, r, a in try i.callMethod(r, "shuffle", a) }),
            ("map!", false, { i, r, a in try i.callMethod(r, "map", a) }),
            ("collect!", false, { i, r, a in try i.callMethod(r, "map", a) }),
            ("keep_if", false, { i, r, a in try i.callMethod(r, "select", a) }),
            ("delete_if", false, { i, r, a in try i.callMethod(r, "reject", a) }),
            ("uniq!", true, { i, r, a in try i.callMethod(r, "uniq", a) }),
            ("compact!", true, { i, r, a in try i.callMethod(r, "compact", a) }),
            ("flatten!", true, { i, r, a in try i.callMethod(r, "flatten", a) }),
            ("select!", true, { i, r, a in try i.callMethod(r, "select", a) }),
            ("filter!", true, { i, r, a in try i.callMethod(r, "select", a) }),
            ("reject!", true, { i, r, a in try i.callMethod(r, "reject", a) }),
        ]
        for (name, nilWhenUnchanged, make) in inPlace {
            define(array, name) { interp, receiver, args in
                if args.block == nil && ["map!", "collect!", "select!", "filter!", "reject!", "keep_if", "delete_if", "sort_by!"].contains(name) {
                    return interp.enumeratorFor(receiver, name)
                }
                let before = interp.arr(receiver).items
                let result = try make(interp, receiver, args)
                guard let after = result.asArray?.items else { return result }
                try interp.mutateArray(receiver) { $0.items = after }
                if nilWhenUnchanged && after.count == before.count && name != "flatten!" { return .null }
                if name == "flatten!" && !before.contains(where: { $0.asArray != nil }) { return .null }
                return receiver
            }
        }
        define(array, [
            .method("delete", arity: .exactly(1)) { interp, receiver, args in
                var found: Value = .null
                try interp.mutateArray(receiver) { a in
                    var kept: [Value] = []
                    for item in a.items {
                        if try interp.valuesEqual(item, args[0]) { found = item } else { kept.append(item) }
                    }
                    a.items = kept
                }
                if found.isNil, let block = args.block { return try interp.callBlock(block, [args[0]]) }
                return found
            },
            .method("delete_at", arity: .exactly(1)) { interp, receiver, args in
                var result: Value = .null
                try interp.mutateArray(receiver) { a in
                    var index = try interp.toInteger(args[0])
                    if index < 0 { index += a.items.count }
                    if index >= 0 && index < a.items.count { result = a.items.remove(at: index) }
                }
                return result
            },
            .method("slice!", arity: .checkedByBody) { interp, receiver, args in
                let result = try interp.arraySlice(receiver, args)
                try interp.mutateArray(receiver) { a in
                    if args.count == 2 || args[0].asRange != nil {
                        let count = a.items.count
                        var range: Range<Int>?
                        if args.count == 2 {
                            var start = try interp.toInteger(args[0])
                            if start < 0 { start += count }
                            let length = try interp.toInteger(args[1])
                            if start >= 0 && start <= count && length >= 0 { range = start..<min(count, start + length) }
                        } else {
                            range = try interp.rangeBounds(args[0].asRange!, count: count)
                        }
                        if let range { a.items.removeSubrange(range) }
                    } else {
                        var index = try interp.toInteger(args[0])
                        if index < 0 { index += a.items.count }
                        if index >= 0 && index < a.items.count { a.items.remove(at: index) }
                    }
                }
                return result
            },
            .method("clear", arity: .exactly(0)) { interp, receiver, _ in
                try interp.mutateArray(receiver) { $0.items.removeAll() }
                return receiver
            },
            .method("replace", arity: .exactly(1)) { interp, receiver, args in
                let items = try interp.toArray(args[0])
                try interp.mutateArray(receiver) { $0.items = items }
                return receiver
            },
            .method("fill", arity: .checkedByBody) { interp, receiver, args in
                try interp.mutateArray(receiver) { a in
                    if let block = args.block {
                        for i in 0..<a.items.count { a.items[i] = try interp.callBlock(block, [.integer(i)]) }
                    } else {
                        let start = args.count > 1 ? try interp.toInteger(args[1]) : 0
                        let length = args.count > 2 ? try interp.toInteger(args[2]) : a.items.count - start
                        let (end, overflow) = start.addingReportingOverflow(length)
                        if overflow || end >= Interpreter.arrayMaxSize { throw interp.argumentError("argument too big") }
                        if end > a.items.count {
                            try interp.reserveElements(end)
                            a.items.append(contentsOf: repeatElement(.null, count: end - a.items.count))
                        }
                        for i in start..<(start + length) { a.items[i] = args[0] }
                    }
                }
                return receiver
            },
            .method("values_at", arity: .checkedByBody) { interp, receiver, args in
                let items = interp.arr(receiver).items
                var out: [Value] = []
                for value in args.values {
                    if let range = value.asRange, let bounds = try interp.rangeBounds(range, count: items.count) {
                        out.append(contentsOf: items[bounds])
                    } else {
                        var index = try interp.toInteger(value)
                        if index < 0 { index += items.count }
                        out.append(index >= 0 && index < items.count ? items[index] : .null)
                    }
                }
                return interp.makeArray(out)
            },
            .method("assoc", arity: .exactly(1)) { interp, receiver, args in
                for item in interp.arr(receiver).items {
                    if let pair = item.asArray, let first = pair.items.first, try interp.valuesEqual(first, args[0]) { return item }
                }
                return .null
            },
            .method("rassoc", arity: .exactly(1)) { interp, receiver, args in
                for item in interp.arr(receiver).items {
                    if let pair = item.asArray, pair.items.count > 1, try interp.valuesEqual(pair.items[1], args[0]) { return item }
                }
                return .null
            },
            .method("transpose", arity: .exactly(0)) { interp, receiver, _ in
                let rows = try interp.arr(receiver).items.map { try interp.toArray($0) }
                guard let width = rows.first?.count else { return interp.makeArray([]) }
                for row in rows where row.count != width {
                    throw interp.makeError(interp.classes.indexError, "element size differs (\(row.count) should be \(width))")
                }
                return interp.makeArray((0..<width).map { column in interp.makeArray(rows.map { $0[column] }) })
            },
            .method("product", arity: .checkedByBody) { interp, receiver, args in
                var result: [[Value]] = interp.arr(receiver).items.map { [$0] }
                for value in args.values {
                    let other = try interp.toArray(value)
                    result = result.flatMap { prefix in other.map { prefix + [$0] } }
                }
                return interp.makeArray(result.map { interp.makeArray($0) })
            },
            .method("combination", arity: .exactly(1)) { interp, receiver, args in
                let items = interp.arr(receiver).items
                let k = try interp.toInteger(args[0])
                var combos: [[Value]] = []
                func build(_ start: Int, _ current: [Value]) {
                    if current.count == k {
                        combos.append(current)
                        return
                    }
                    guard start < items.count else { return }
                    for i in start..<items.count { build(i + 1, current + [items[i]]) }
                }
                if k >= 0 && k <= items.count { build(0, []) }
                let values = combos.map { interp.makeArray($0) }
                guard let block = args.block else { return interp.enumeratorFor(interp.makeArray(values), "each") }
                for combo in values { _ = try interp.callBlock(block, [combo]) }
                return receiver
            },
            .method("permutation", arity: .checkedByBody) { interp, receiver, args in
                let items = interp.arr(receiver).items
                let k = args.count > 0 ? try interp.toInteger(args[0]) : items.count
                var perms: [[Value]] = []
                func build(_ current: [Value], _ used: [Bool]) {
                    if current.count == k {
                        perms.append(current)
                        return
                    }
                    for i in 0..<items.count where !used[i] {
                        var nowUsed = used
                        nowUsed[i] = true
                        build(current + [items[i]], nowUsed)
                    }
                }
                if k >= 0 && k <= items.count { build([], Array(repeating: false, count: items.count)) }
                let values = perms.map { interp.makeArray($0) }
                guard let block = args.block else { return interp.enumeratorFor(interp.makeArray(values), "each") }
                for perm in values { _ = try interp.callBlock(block, [perm]) }
                return receiver
            },
            .method("bsearch", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "bsearch") }
                let items = interp.arr(receiver).items
                var low = 0
                var high = items.count
                while low < high {
                    let mid = (low + high) / 2
                    let result = try interp.callBlock(block, [items[mid]])
                    if case .integer(let order) = result {
                        if order == 0 { return items[mid] }
                        if order < 0 { high = mid } else { low = mid + 1 }
                    } else if result.isTruthy {
                        high = mid
                    } else {
                        low = mid + 1
                    }
                }
                if low < items.count, try interp.callBlock(block, [items[low]]).isTruthy { return items[low] }
                return .null
            },
            .method("sample", arity: .checkedByBody) { interp, receiver, _ in interp.arr(receiver).items.randomElement() ?? .null },
            .method("shuffle", arity: .checkedByBody) { interp, receiver, _ in interp.makeArray(interp.arr(receiver).items.shuffled()) },
            .method("pack", arity: .atLeast(1)) { interp, _, _ in
                throw interp.makeError(interp.classes.notImplementedError, "Array#pack is not supported by sous")
            },
        ])
    }

    func arraySlice(_ receiver: Value, _ args: Args) throws -> Value {
        try checkArity(args, 1...2)
        let items = arr(receiver).items
        if args.count == 1, args[0].asRange == nil {
            var index = try toInteger(args[0])
            if index < 0 { index += items.count }
            return index >= 0 && index < items.count ? items[index] : .null
        }
        guard let range = try substringRange(count: items.count, args.values) else { return .null }
        return makeArray(Array(items[range]))
    }

    /// `dig` through hashes, arrays and structs.
    func dig(_ receiver: Value, _ keys: [Value]) throws -> Value {
        var current = receiver
        for key in keys {
            if current.isNil { return .null }
            current = try callMethod(current, "[]", Args([key]))
        }
        return current
    }
}
