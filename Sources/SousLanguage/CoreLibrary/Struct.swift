/// Struct: classes of named fields made at run time.
extension Interpreter {
    func installStruct() {
        let structClass = classes.structClass!
        defineSingleton(structClass, [
            .method("new", arity: .checkedByBody) { interp, receiver, args in
                let base = receiver.asModule!
                if base !== interp.classes.structClass, base.structMembers != nil {
                    return try interp.newInstance(base, args)
                }
                var members: [String] = []
                var keywordInit = false
                for value in args.positional {
                    if let name = value.asString?.value, members.isEmpty, name.first?.isUppercase == true { continue }
                    members.append(try interp.toName(value))
                }
                if let options = args.keywords, let flag = options.get(.symbol("keyword_init")) { keywordInit = flag.isTruthy }
                let made = RModule(name: nil, isClass: true, superclass: interp.classes.structClass, klass: interp.classes.classClass)
                made.instanceKind = .structInstance
                made.structMembers = members
                made.structKeywordInit = keywordInit
                for (index, member) in members.enumerated() {
                    interp.define(made, member) { _, receiver, _ in (receiver.asObject as! RStructInstance).values[index] }
                    interp.define(made, member + "=") { interp, receiver, args in
                        let instance = receiver.asObject as! RStructInstance
                        if instance.frozen { throw interp.frozenError(receiver) }
                        instance.values[index] = args[0]
                        return args[0]
                    }
                }
                if let block = args.block {
                    _ = try interp.callBlock(block, [.object(made)], selfOverride: .object(made), definitionTarget: made)
                }
                return .object(made)
            },
            .method("members", arity: .checkedByBody) { interp, receiver, _ in
                interp.makeArray((receiver.asModule!.structMembers ?? []).map { .symbol($0) })
            },
        ])
        func instance(_ value: Value) -> RStructInstance { value.asObject as! RStructInstance }
        define(structClass, [
            .method("initialize", arity: .checkedByBody, visibility: .private) { interp, receiver, args in
                let me = instance(receiver)
                let members = me.klass.realClass.structMembers ?? []
                if args.positional.count > members.count { throw interp.argumentError("struct size differs") }
                me.values = Array(repeating: .null, count: members.count)
                if me.klass.realClass.structKeywordInit || (args.hasKeywords && args.count == 1) {
                    if let options = args.keywords ?? args[0].asHash {
                        for (key, value) in options.pairs {
                            let name = try interp.toName(key)
                            guard let index = members.firstIndex(of: name) else {
                                throw interp.argumentError("unknown keywords: \(name)")
                            }
                            me.values[index] = value
                        }
                    }
                    return .null
                }
                for (i, value) in args.values.enumerated() where i < members.count { me.values[i] = value }
                return .null
            },
            .method("members", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeArray((instance(receiver).klass.realClass.structMembers ?? []).map { .symbol($0) })
            },
            .method("to_a", "values", "deconstruct", arity: .exactly(0)) { interp, receiver, _ in interp.makeArray(instance(receiver).values) },
            .method("to_h", arity: .exactly(0)) { interp, receiver, args in
                let me = instance(receiver)
                let members = me.klass.realClass.structMembers ?? []
                let hash = interp.makeHashObject()
                for (name, value) in zip(members, me.values) {
                    if let block = args.block {
                        let pair = try interp.toArray(try interp.callBlock(block, [.symbol(name), value]))
                        hash.set(pair[0], pair[1])
                    } else {
                        hash.set(.symbol(name), value)
                    }
                }
                return .object(hash)
            },
            .method("[]", arity: .exactly(1)) { interp, receiver, args in
                let me = instance(receiver)
                let index = try interp.structIndex(me, args[0])
                return me.values[index]
            },
            .method("[]=", arity: .exactly(2)) { interp, receiver, args in
                let me = instance(receiver)
                if me.frozen { throw interp.frozenError(receiver) }
                me.values[try interp.structIndex(me, args[0])] = args[1]
                return args[1]
            },
            .method("each", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each") }
                for value in instance(receiver).values { _ = try interp.callBlock(block, [value]) }
                return receiver
            },
            .method("each_pair", arity: .exactly(0)) { interp, receiver, args in
                guard let block = args.block else { return interp.enumeratorFor(receiver, "each_pair") }
                let me = instance(receiver)
                for (name, value) in zip(me.klass.realClass.structMembers ?? [], me.values) {
                    _ = try interp.callBlock(block, [interp.makeArray([.symbol(name), value])])
                }
                return receiver
            },
            .method("==", "eql?", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asObject as? RStructInstance, other.klass.realClass === instance(receiver).klass.realClass else {
                    return .false
                }
                for (a, b) in zip(instance(receiver).values, other.values) where !(try interp.valuesEqual(a, b)) { return .false }
                return .true
            },
            .method("hash", arity: .exactly(0)) { _, receiver, _ in
                var hasher = Hasher()
                rubyHash(receiver, into: &hasher)
                return .integer(hasher.finalize())
            },
            .method("dig", arity: .checkedByBody) { interp, receiver, args in try interp.dig(receiver, args.values) },
            .method("inspect", "to_s", arity: .exactly(0)) { interp, receiver, _ in
                let me = instance(receiver)
                let cls = me.klass.realClass
                let members = cls.structMembers ?? []
                let fields = try zip(members, me.values).map { "\($0.0)=\(try interp.inspect($0.1))" }.joined(separator: ", ")
                let name = cls.name.map { $0 + " " } ?? ""
                return interp.makeString("#<struct \(name)\(fields)>")
            },
            .method("size", "length", arity: .exactly(0)) { _, receiver, _ in .integer(instance(receiver).values.count) },
        ])
    }

    func structIndex(_ instance: RStructInstance, _ key: Value) throws -> Int {
        let members = instance.klass.realClass.structMembers ?? []
        if case .integer(var index) = key {
            if index < 0 { index += members.count }
            guard index >= 0 && index < members.count else {
                throw makeError(classes.indexError, "offset \(try toInteger(key)) too large for struct(size:\(members.count))")
            }
            return index
        }
        let name = try toName(key)
        guard let index = members.firstIndex(of: name) else {
            throw makeError(classes.nameError, "no member '\(name)' in struct")
        }
        return index
    }
}
