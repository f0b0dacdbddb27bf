/// Hash: insertion-ordered, with default values and default procs.
extension Interpreter {
    func hsh(_ value: Value) -> RHash { value.asObject as! RHash }

    func mutateHash(_ value: Value, _ change: (RHash) throws -> Void) throws {
        let hash = hsh(value)
        if hash.frozen { throw frozenError(value) }
        try change(hash)
    }

    /// `hash[key] = value`: a string key not yet in the hash is stored as a frozen copy.
    func hashStore(_ receiver: Value, _ key: Value, _ value: Value) throws {
        try mutateHash(receiver) { h in
            var key = key
            if let s = key.asString, !s.frozen, h.get(key) == nil {
                let copy = RString(s.value, klass: s.klass)
                copy.frozen = true
                key = .object(copy)
            }
            h.set(key, value)
        }
    }

    /// `hash[key]`: the value, or the default (the default proc may store it).
    public func hashLookup(_ hash: RHash, _ key: Value) throws -> Value {
        if let value = hash.get(key) { return value }
        if let proc = hash.defaultProc { return try callBlock(proc, [.object(hash), key]) }
        return hash.defaultValue
    }

    func inspectHash(_ hash: RHash, seen: inout [ObjectIdentifier]) throws -> String {
        if hash.count == 0 { return "{}" }
        if seen.contains(ObjectIdentifier(hash)) { return "{...}" }
        seen.append(ObjectIdentifier(hash))
        defer { seen.removeLast() }
        var parts: [String] = []
        for (key, value) in hash.pairs {
            let valueText: String
            if let inner = value.asHash, inner.klass === classes.hash { valueText = try inspectHash(inner, seen: &seen) }
            else if let inner = value.asArray, inner.klass === classes.array { valueText = try inspectArray(inner, seen: &seen) }
            else { valueText = try inspect(value) }
            parts.append(try inspect(key) + "=>" + valueText)
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    func keyError(_ key: Value, receiver: Value) throws -> RubyError {
        let error = makeError(classes.keyError, "key not found: \(try inspect(key))")
        error.exception.setInstanceVariable("@key", key)
        error.exception.setInstanceVariable("@receiver", receiver)
        return error
    }

    func installHash() {
        let hash = classes.hash!
        defineSingleton(hash, [
            .method("[]", arity: .checkedByBody) { interp, receiver, args in
                let made = RHash(klass: receiver.asModule!)
                if args.count == 1, let other = args[0].asHash {
                    for (k, v) in other.pairs { made.set(k, v) }
                } else if args.count == 1, let pairs = args[0].asArray {
                    for pair in pairs.items {
                        let items = try interp.toArray(pair)
                        made.set(items.first ?? .null, items.count > 1 ? items[1] : .null)
                    }
                } else {
                    if args.count % 2 != 0 { throw interp.argumentError("odd number of arguments for Hash") }
                    for i in stride(from: 0, to: args.count, by: 2) { made.set(args[i], args[i + 1]) }
                }
                return .object(made)
            },
        ])
        define(hash, [
            .method("initialize", arity: .checkedByBody, visibility: .private) { interp, receiver, args in
                let h = interp.hsh(receiver)
                if let block = args.block { h.defaultProc = block } else if args.positional.count > 0 { h.defaultValue = args.positional[0] }
                return .null
            },
            .method("inspect", "to_s", arity: .exactly(0)) { interp, receiver, _ in
                var seen: [ObjectIdentifier] = []
                return interp.makeString(try interp.inspectHash(interp.hsh(receiver), seen: &seen))
            },
            .method("to_h", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else {
                    let h = interp.hsh(receiver)
                    if h.klass === interp.classes.hash { return receiver }
                    let copy = interp.makeHashObject()
                    for (k, v) in h.pairs { copy.set(k, v) }
                    return .object(copy)
                }
                let result = interp.makeHashObject()
                for (k, v) in interp.hsh(receiver).pairs {
                    let pair = try interp.toArray(try interp.callBlock(block, [k, v]))
                    result.set(pair.first ?? .null, pair.count > 1 ? pair[1] : .null)
                }
                return .object(result)
            },
            .method("to_hash", arity: .exactly(0)) { _, receiver, _ in receiver },
            .method("to_a", "entries", arity: .checkedByBody) { interp, receiver, _ in
                interp.makeArray(interp.hsh(receiver).pairs.map { interp.makeArray([$0.0, $0.1]) })
            },
            .method("==", arity: .exactly(1)) { interp, receiver, args in
                guard args[0].asHash != nil else { return .false }
                return .bool(try interp.valuesEqual(receiver, args[0]))
            },
            .method("eql?", arity: .exactly(1)) { _, receiver, args in .bool(valuesEql(receiver, args[0])) },
        ])
        // Subset and superset: every pair of the smaller hash is in the larger one.
        for (name, strict, receiverIsSmaller) in [("<", true, true), ("<=", false, true), (">", true, false), (">=", false, false)] {
            define(hash, name, arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asHash else {
                    throw interp.typeError("no implicit conversion of \(interp.className(of: args[0])) into Hash")
                }
                let me = interp.hsh(receiver)
                let (small, large) = receiverIsSmaller ? (me, other) : (other, me)
                if strict && small.count >= large.count { return .false }
                for (key, value) in small.pairs {
                    guard let found = large.get(key), try interp.valuesEqual(found, value) else { return .false }
                }
                return .true
            }
        }
        define(hash, [
            .method("hash", arity: .exactly(0)) { _, receiver, _ in
                var hasher = Hasher()
                rubyHash(receiver, into: &hasher)
                return .integer(hasher.finalize())
            },
            .method("[]", arity: .exactly(1)) { interp, receiver, args in try interp.hashLookup(interp.hsh(receiver), args[0]) },
            .method("[]=", "store", arity: .exactly(2)) { interp, receiver, args in
                try interp.hashStore(receiver, args[0], args[1])
                return args[1]
            },
        ])
        coreHashIndex = hash.methods["[]"]
        coreHashStore = hash.methods["[]="]
        define(hash, [
            .method("fetch", arity: .checkedByBody) { interp, receiver, args in
                if let value = interp.hsh(receiver).get(args[0]) { return value }
                if let block = args.block { return try interp.callBlock(block, [args[0]]) }
                if args.count > 1 { return args[1] }
                throw try interp.keyError(args[0], receiver: receiver)
            },
            .method("fetch_values", arity: .checkedByBody) { interp, receiver, args in
                interp.makeArray(try args.values.map { key in
                    if let value = interp.hsh(receiver).get(key) { return value }
                    if let block = args.block { return try interp.callBlock(block, [key]) }
                    throw try interp.keyError(key, receiver: receiver)
                })
            },
            .method("dig", arity: .checkedByBody) { interp, receiver, args in try interp.dig(receiver, args.values) },
            .method("key?", "has_key?", "include?", "member?", arity: .exactly(1)) { interp, receiver, args in .bool(interp.hsh(receiver).get(args[0]) != nil) },
            .method("value?", "has_value?", arity: .exactly(1)) { interp, receiver, args in
                for value in interp.hsh(receiver).valueList where try interp.valuesEqual(value, args[0]) { return .true }
                return .false
            },
            .method("key", arity: .exactly(1)) { interp, receiver, args in
                for (k, v) in interp.hsh(receiver).pairs where try interp.valuesEqual(v, args[0]) { return k }
                return .null
            },
            .method("keys", arity: .exactly(0)) { interp, receiver, _ in interp.makeArray(interp.hsh(receiver).keyList) },
            .method("values", arity: .exactly(0)) { interp, receiver, _ in interp.makeArray(interp.hsh(receiver).valueList) },
            .method("values_at", arity: .checkedByBody) { interp, receiver, args in
                interp.makeArray(try args.values.map { try interp.hashLookup(interp.hsh(receiver), $0) })
            },
            .method("length", "size", arity: .exactly(0)) { interp, receiver, _ in .integer(interp.hsh(receiver).count) },
            .method("empty?", arity: .exactly(0)) { interp, receiver, _ in .bool(interp.hsh(receiver).count == 0) },
            .method("each", "each_pair", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each") }
                for (k, v) in interp.hsh(receiver).pairs { _ = try interp.callBlock(block, [interp.makeArray([k, v])]) }
                return receiver
            },
            .method("each_key", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each_key") }
                for k in interp.hsh(receiver).keyList { _ = try interp.callBlock(block, [k]) }
                return receiver
            },
            .method("each_value", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each_value") }
                for v in interp.hsh(receiver).valueList { _ = try interp.callBlock(block, [v]) }
                return receiver
            },
        ])
        for (name, keep) in [("select", true), ("filter", true), ("reject", false)] {
            define(hash, name, arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, name) }
                let result = interp.makeHashObject()
                for (k, v) in interp.hsh(receiver).pairs where try interp.callBlock(block, [k, v]).isTruthy == keep {
                    result.set(k, v)
                }
                return .object(result)
            }
        }
        for (name, keep, nilWhenUnchanged) in [("select!", true, true), ("filter!", true, true), ("keep_if", true, false),
                                               ("reject!", false, true), ("delete_if", false, false)] {
            define(hash, name, arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, name) }
                let h = interp.hsh(receiver)
                let before = h.count
                let kept = try h.pairs.filter { try interp.callBlock(block, [$0.0, $0.1]).isTruthy == keep }
                try interp.mutateHash(receiver) { $0.replace(with: kept) }
                return nilWhenUnchanged && kept.count == before ? .null : receiver
            }
        }
        define(hash, [
            .method("merge", "merge!", "update", arity: .checkedByBody) { _, _, _ in .null },
        ])
        for name in ["merge", "merge!", "update"] {
            define(hash, name) { interp, receiver, args in
                let target: RHash
                if name == "merge" {
                    target = RHash(klass: interp.classes.hash)
                    let source = interp.hsh(receiver)
                    for (k, v) in source.pairs { target.set(k, v) }
                    target.defaultValue = source.defaultValue
                    target.defaultProc = source.defaultProc
                } else {
                    if interp.hsh(receiver).frozen { throw interp.frozenError(receiver) }
                    target = interp.hsh(receiver)
                }
                for value in args.values {
                    let other = try interp.toHash(value)
                    for (k, v) in other.pairs {
                        if let block = args.block, let existing = target.get(k) {
                            target.set(k, try interp.callBlock(block, [k, existing, v]))
                        } else {
                            target.set(k, v)
                        }
                    }
                }
                return .object(target)
            }
        }
        define(hash, [
            .method("delete", arity: .exactly(1)) { interp, receiver, args in
                var removed: Value?
                try interp.mutateHash(receiver) { removed = $0.remove(args[0]) }
                if let removed { return removed }
                if let block = args.block { return try interp.callBlock(block, [args[0]]) }
                return .null
            },
            .method("clear", arity: .exactly(0)) { interp, receiver, _ in
                try interp.mutateHash(receiver) { $0.removeAll() }
                return receiver
            },
            .method("replace", arity: .exactly(1)) { interp, receiver, args in
                let other = try interp.toHash(args[0])
                try interp.mutateHash(receiver) { $0.replace(with: other.pairs) }
                return receiver
            },
            .method("shift", arity: .exactly(0)) { interp, receiver, _ in
                guard let first = interp.hsh(receiver).pairs.first else { return .null }
                try interp.mutateHash(receiver) { $0.remove(first.0) }
                return interp.makeArray([first.0, first.1])
            },
            .method("transform_values", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "transform_values") }
                let result = interp.makeHashObject()
                for (k, v) in interp.hsh(receiver).pairs { result.set(k, try interp.callBlock(block, [v])) }
                return .object(result)
            },
            .method("transform_values!", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "transform_values!") }
                let pairs = try interp.hsh(receiver).pairs.map { ($0.0, try interp.callBlock(block, [$0.1])) }
                try interp.mutateHash(receiver) { $0.replace(with: pairs) }
                return receiver
            },
            .method("transform_keys", arity: .checkedByBody) { interp, receiver, args in
                let result = interp.makeHashObject()
                let mapping = args.count > 0 ? args[0].asHash : nil
                for (k, v) in interp.hsh(receiver).pairs {
                    if let mapping, let mapped = mapping.get(k) { result.set(mapped, v) }
                    else if let block = args.block { result.set(try interp.callBlock(block, [k]), v) }
                    else { result.set(k, v) }
                }
                return .object(result)
            },
            .method("transform_keys!", arity: .checkedByBody) { interp, receiver, args in
                let transformed = try interp.callMethod(receiver, "transform_keys", args)
                try interp.mutateHash(receiver) { $0.replace(with: interp.hsh(transformed).pairs) }
                return receiver
            },
            .method("invert", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeHash(interp.hsh(receiver).pairs.map { ($0.1, $0.0) })
            },
            .method("slice", arity: .checkedByBody) { interp, receiver, args in
                let h = interp.hsh(receiver)
                let result = interp.makeHashObject()
                for key in args.values { if let value = h.get(key) { result.set(key, value) } }
                return .object(result)
            },
            .method("except", arity: .checkedByBody) { interp, receiver, args in
                let result = interp.makeHashObject()
                let remove = Set(args.values.map { HashKey($0) })
                for (k, v) in interp.hsh(receiver).pairs where !remove.contains(HashKey(k)) { result.set(k, v) }
                return .object(result)
            },
            .method("compact", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeHash(interp.hsh(receiver).pairs.filter { !$0.1.isNil })
            },
            .method("compact!", arity: .exactly(0)) { interp, receiver, _ in
                let h = interp.hsh(receiver)
                let kept = h.pairs.filter { !$0.1.isNil }
                if kept.count == h.count { return .null }
                try interp.mutateHash(receiver) { $0.replace(with: kept) }
                return receiver
            },
            .method("default", arity: .checkedByBody) { interp, receiver, args in
                let h = interp.hsh(receiver)
                if args.count > 0, let proc = h.defaultProc { return try interp.callBlock(proc, [receiver, args[0]]) }
                return h.defaultValue
            },
            .method("default=", arity: .exactly(1)) { interp, receiver, args in
                try interp.mutateHash(receiver) {
                    $0.defaultValue = args[0]
                    $0.defaultProc = nil
                }
                return args[0]
            },
            .method("default_proc", arity: .exactly(0)) { interp, receiver, _ in interp.hsh(receiver).defaultProc.map { .object($0) } ?? .null },
            .method("any?", arity: .checkedByBody) { interp, receiver, args in
                let h = interp.hsh(receiver)
                guard let block = args.block else { return .bool(h.count > 0) }
                for (k, v) in h.pairs where try interp.callBlock(block, [k, v]).isTruthy { return .true }
                return .false
            },
            .method("count", arity: .checkedByBody) { interp, receiver, args in
                let h = interp.hsh(receiver)
                guard let block = args.block else { return .integer(h.count) }
                var count = 0
                for (k, v) in h.pairs where try interp.callBlock(block, [k, v]).isTruthy { count += 1 }
                return .integer(count)
            },
            .method("sort", arity: .exactly(0)) { interp, receiver, args in
                let pairs = interp.hsh(receiver).pairs.map { interp.makeArray([$0.0, $0.1]) }
                return interp.makeArray(try interp.sortValues(pairs, block: args.block))
            },
            .method("filter_map", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "filter_map") }
                var out: [Value] = []
                for (k, v) in interp.hsh(receiver).pairs {
                    let result = try interp.callBlock(block, [k, v])
                    if result.isTruthy { out.append(result) }
                }
                return interp.makeArray(out)
            },
            .method("map", "collect", "flat_map", arity: .exactly(0)) { _, _, _ in .null },
        ])
        hash.methods.removeValue(forKey: "map")
        hash.methods.removeValue(forKey: "collect")
        hash.methods.removeValue(forKey: "flat_map")
        define(hash, [
            .method("compare_by_identity", arity: .exactly(0)) { _, receiver, _ in receiver },
            .method("rehash", arity: .exactly(0)) { interp, receiver, _ in
                interp.hsh(receiver).rehash()
                return receiver
            },
        ])
    }
}
