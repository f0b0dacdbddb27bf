/// Module and Class: naming, attributes, visibility, mixins, `new`, `define_method`.
extension Interpreter {
    func installModuleMethods() {
        let module = classes.moduleClass!
        let cls = classes.classClass!

        define(module, [
            .method("name", arity: .exactly(0)) { interp, receiver, _ in
                guard let m = receiver.asModule, let name = m.name, !m.isSingleton else { return .null }
                return interp.makeString(name)
            },
            .method("to_s", "inspect", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(receiver.asModule!.displayName) },
            .method("===", arity: .exactly(1)) { interp, receiver, args in .bool(interp.classOf(args[0]).isSubclass(of: receiver.asModule!)) },
            .method("==", arity: .exactly(1)) { _, receiver, args in .bool(Self.identical(receiver, args[0])) },
            .method("<", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asModule else { throw interp.typeError("compared with non class/module") }
                let me = receiver.asModule!
                if me === other { return .false }
                if me.isSubclass(of: other) { return .true }
                return other.isSubclass(of: me) ? .false : .null
            },
            .method("<=", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asModule else { throw interp.typeError("compared with non class/module") }
                let me = receiver.asModule!
                if me.isSubclass(of: other) { return .true }
                return other.isSubclass(of: me) ? .false : .null
            },
            .method(">", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asModule else { throw interp.typeError("compared with non class/module") }
                let me = receiver.asModule!
                if me === other { return .false }
                if other.isSubclass(of: me) { return .true }
                return me.isSubclass(of: other) ? .false : .null
            },
            .method("ancestors", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeArray(receiver.asModule!.ancestors().filter { !$0.isSingleton }.map { .object($0) })
            },
            .method("included_modules", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeArray(receiver.asModule!.ancestors().filter { !$0.isClass }.map { .object($0) })
            },
            .method("include?", arity: .exactly(1)) { _, receiver, args in
                guard let other = args[0].asModule else { return .false }
                return .bool(receiver.asModule! !== other && !other.isClass && receiver.asModule!.isSubclass(of: other))
            },
            .method("instance_methods", "public_instance_methods", arity: .checkedByBody) { interp, receiver, args in
                let m = receiver.asModule!
                var names: [Value] = []
                var seen: Set<String> = []
                let modules = (args.count > 0 && !args[0].isTruthy) ? [m] : m.ancestors().filter {
                    $0 !== interp.classes.object && $0 !== interp.classes.kernel && $0 !== interp.classes.basicObject
                }
                for owner in modules {
                    for name in owner.methods.keys.sorted() where owner.methods[name]!.visibility != .private && !seen.contains(name) {
                        seen.insert(name)
                        names.append(.symbol(name))
                    }
                }
                return interp.makeArray(names)
            },
            .method("private_instance_methods", arity: .checkedByBody) { interp, receiver, _ in
                let m = receiver.asModule!
                return interp.makeArray(m.methods.filter { $0.value.visibility == .private }.keys.sorted().map { .symbol($0) })
            },
            .method("method_defined?", "public_method_defined?", arity: .checkedByBody) { interp, receiver, args in
                guard let method = interp.findMethod(receiver.asModule!, try interp.toName(args[0])) else { return .false }
                return .bool(method.visibility != .private)
            },
            .method("private_method_defined?", arity: .checkedByBody) { interp, receiver, args in
                guard let method = interp.findMethod(receiver.asModule!, try interp.toName(args[0])) else { return .false }
                return .bool(method.visibility == .private)
            },
            .method("instance_method", arity: .exactly(1)) { interp, receiver, args in
                let name = try interp.toName(args[0])
                guard interp.findMethod(receiver.asModule!, name) != nil else {
                    throw interp.makeError(interp.classes.nameError, "undefined method `\(name)' for class `\(receiver.asModule!.displayName)'")
                }
                return .symbol(name)
            },
            .method("const_get", arity: .checkedByBody) { interp, receiver, args in
                let path = try interp.toName(args[0])
                var current = receiver.asModule!
                var value: Value = .null
                for part in path.components(separatedBy: "::") where !part.isEmpty {
                    guard let found = interp.constant(in: current, part) ?? interp.classes.object.constants[part] else {
                        throw interp.constantMissing(part, in: current)
                    }
                    value = found
                    if let next = found.asModule { current = next }
                }
                return value
            },
            .method("const_set", arity: .exactly(2)) { interp, receiver, args in
                receiver.asModule!.setConstant(try interp.toName(args[0]), args[1])
                return args[1]
            },
            .method("const_defined?", arity: .checkedByBody) { interp, receiver, args in
                .bool(interp.constant(in: receiver.asModule!, try interp.toName(args[0])) != nil)
            },
            .method("constants", arity: .checkedByBody) { interp, receiver, _ in
                interp.makeArray(receiver.asModule!.constantOrder.map { .symbol($0) })
            },
            .method("class_variable_get", arity: .exactly(1)) { interp, receiver, args in
                let name = try interp.toName(args[0])
                for ancestor in receiver.asModule!.ancestors() {
                    if let value = ancestor.classVariables[name] { return value }
                }
                throw interp.makeError(interp.classes.nameError, "uninitialized class variable \(name) in \(receiver.asModule!.displayName)")
            },
            .method("class_variable_set", arity: .exactly(2)) { interp, receiver, args in
                receiver.asModule!.classVariables[try interp.toName(args[0])] = args[1]
                return args[1]
            },
            .method("class_variable_defined?", arity: .exactly(1)) { interp, receiver, args in
                let name = try interp.toName(args[0])
                return .bool(receiver.asModule!.ancestors().contains { $0.classVariables[name] != nil })
            },
            .method("class_variables", arity: .checkedByBody) { interp, receiver, _ in
                interp.makeArray(receiver.asModule!.classVariables.keys.sorted().map { .symbol($0) })
            },
            .method("attr_reader", arity: .checkedByBody) { interp, receiver, args in try interp.defineAttributes(receiver, args, reader: true, writer: false) },
            .method("attr_writer", arity: .checkedByBody) { interp, receiver, args in try interp.defineAttributes(receiver, args, reader: false, writer: true) },
            .method("attr_accessor", arity: .checkedByBody) { interp, receiver, args in try interp.defineAttributes(receiver, args, reader: true, writer: true) },
            .method("attr", arity: .checkedByBody) { interp, receiver, args in try interp.defineAttributes(receiver, args, reader: true, writer: false) },
            .method("include", "prepend", arity: .checkedByBody) { interp, receiver, args in
                let target = receiver.asModule!
                for value in args.values.reversed() {
                    guard let mixin = value.asModule, !mixin.isClass else {
                        throw interp.typeError("wrong argument type \(interp.className(of: value)) (expected Module)")
                    }
                    interp.include(mixin, into: target)
                    if let hook = interp.findMethod(interp.classOf(value), "included"), case .user = hook.body {
                        _ = try interp.invoke(hook, value, Args([receiver]), name: "included")
                    }
                }
                return receiver
            },
            .method("extend_object", arity: .exactly(1)) { _, receiver, _ in receiver },
        ])
        define(module, ["included", "extended", "inherited", "method_added"], { _, _, _ in .null })
        define(module, [
            .method("module_function", arity: .checkedByBody) { interp, receiver, args in
                let target = receiver.asModule!
                if args.count == 0 {
                    target.moduleFunctionMode = true
                    return .null
                }
                let meta = interp.metaclass(of: target)
                for value in args.values {
                    let name = try interp.toName(value)
                    guard let method = interp.findMethod(target, name) else { continue }
                    meta.methods[name] = RMethod(name: name, body: method.body, owner: meta, arity: method.builtinArity)
                    meta.methods[name]!.lexicalModules = method.lexicalModules
                    target.methods[name] = RMethod(name: name, body: method.body, owner: target, visibility: .private, arity: method.builtinArity)
                    target.methods[name]!.lexicalModules = method.lexicalModules
                }
                interp.methodEpoch += 1
                return .null
            },
        ])
        for (name, visibility) in [("public", Visibility.public), ("private", .private), ("protected", .protected)] {
            define(module, name) { interp, receiver, args in
                try interp.setVisibility(receiver.asModule!, args, visibility)
            }
        }
        define(module, [
            .method("private_class_method", arity: .checkedByBody) { interp, receiver, args in
                let meta = interp.metaclass(of: receiver.asModule!)
                for value in args.values {
                    let names = try (value.asArray?.items ?? [value]).map { try interp.toName($0) }
                    for name in names { meta.methods[name]?.visibility = .private }
                }
                interp.methodEpoch += 1
                return .null
            },
            .method("public_class_method", "private_constant", "public_constant", arity: .checkedByBody) { _, _, _ in .null },
            .method("define_method", arity: .checkedByBody) { interp, receiver, args in
                let target = receiver.asModule!
                let name = try interp.toName(args[0])
                let body: RMethod.Body
                if let block = args.block {
                    body = .block(block)
                } else if let proc = args[1].asProc {
                    body = .block(proc)
                } else {
                    throw interp.argumentError("tried to create Proc object without a block")
                }
                let frameVisibility = interp.frameStack.last.map { $0.selfValue.asModule === target ? $0.defaultVisibility : .public } ?? .public
                target.methods[name] = RMethod(name: name, body: body, owner: target, visibility: frameVisibility == .private ? .private : .public)
                interp.methodEpoch += 1
                return .symbol(name)
            },
            .method("alias_method", arity: .exactly(2)) { interp, receiver, args in
                try interp.aliasMethod(in: receiver.asModule!, try interp.toName(args[0]), try interp.toName(args[1]))
                return .symbol(try interp.toName(args[0]))
            },
            .method("remove_method", "undef_method", arity: .checkedByBody) { interp, receiver, args in
                let target = receiver.asModule!
                for value in args.values {
                    let name = try interp.toName(value)
                    target.methods[name] = RMethod(name: name, body: .builtin({ interp, receiver, _ in
                        throw interp.noMethodError(name, receiver)
                    }), owner: target)
                }
                interp.methodEpoch += 1
                return receiver
            },
            .method("class_eval", "module_eval", "class_exec", "module_exec", arity: .checkedByBody) { interp, receiver, args in
                guard let block = args.block else { throw interp.argumentError("class_eval with a string is not supported by sous") }
                return try interp.callBlock(block, args.values.isEmpty ? [receiver] : args.values, selfOverride: receiver,
                                            definitionTarget: receiver.asModule!)
            },
            .method("hash", arity: .exactly(0)) { _, receiver, _ in .integer(Self.objectID(receiver)) },
        ])

        define(cls, [
            .method("new", arity: .checkedByBody) { interp, receiver, args in try interp.newInstance(receiver.asModule!, args) },
            .method("allocate", arity: .exactly(0)) { interp, receiver, _ in try interp.allocate(receiver.asModule!) },
            .method("superclass", arity: .exactly(0)) { _, receiver, _ in
                var superclass = receiver.asModule!.superclass
                while let s = superclass, s.isSingleton { superclass = s.superclass }
                return superclass.map { .object($0) } ?? .null
            },
        ])
        defineSingleton(cls, [
            .method("new", arity: .checkedByBody) { interp, _, args in
                var parent = interp.classes.object!
                if args.count > 0 {
                    guard let given = args[0].asModule, given.isClass else { throw interp.typeError("superclass must be a Class") }
                    parent = given
                }
                let made = RModule(name: nil, isClass: true, superclass: parent, klass: interp.classes.classClass)
                if let block = args.block {
                    _ = try interp.callBlock(block, [.object(made)], selfOverride: .object(made), definitionTarget: made)
                }
                return .object(made)
            },
        ])
        defineSingleton(module, [
            .method("new", arity: .checkedByBody) { interp, _, args in
                let made = RModule(name: nil, isClass: false, superclass: nil, klass: interp.classes.moduleClass)
                if let block = args.block {
                    _ = try interp.callBlock(block, [.object(made)], selfOverride: .object(made), definitionTarget: made)
                }
                return .object(made)
            },
        ])
    }

    func defineAttributes(_ receiver: Value, _ args: Args, reader: Bool, writer: Bool) throws -> Value {
        let target = receiver.asModule!
        let visibility = frameStack.last.map { $0.selfValue.asModule === target ? $0.defaultVisibility : .public } ?? .public
        var defined: [Value] = []
        for value in args.values {
            let name = try toName(value)
            if reader {
                target.methods[name] = RMethod(name: name, body: .attributeReader("@" + name), owner: target, visibility: visibility)
                defined.append(.symbol(name))
            }
            if writer {
                target.methods[name + "="] = RMethod(name: name + "=", body: .attributeWriter("@" + name), owner: target,
                                                     visibility: visibility)
                defined.append(.symbol(name + "="))
            }
        }
        methodEpoch += 1
        return makeArray(defined)
    }

    /// `private` alone changes later definitions of the class body; with names, it changes those.
    func setVisibility(_ target: RModule, _ args: Args, _ visibility: Visibility) throws -> Value {
        if args.count == 0 {
            if let frame = frameStack.last, frame.selfValue.asModule === target || frame.selfValue.asObject === mainObject {
                frame.defaultVisibility = visibility
            }
            return .null
        }
        for value in args.values {
            let names = try (value.asArray?.items ?? [value]).map { try toName($0) }
            for name in names {
                guard let method = findMethod(target, name) else {
                    throw makeError(classes.nameError, "undefined method `\(name)' for class `\(target.displayName)'")
                }
                if method.owner === target {
                    method.visibility = visibility
                } else {
                    let copy = RMethod(name: name, body: method.body, owner: target, visibility: visibility, arity: method.builtinArity)
                    copy.lexicalModules = method.lexicalModules
                    target.methods[name] = copy
                }
            }
        }
        methodEpoch += 1
        return args.count == 1 ? args[0] : makeArray(args.values)
    }

    func allocate(_ cls: RModule) throws -> Value {
        switch cls.instanceKind {
        case .plain: return .object(RObject(klass: cls))
        case .string: return .object(RString("", klass: cls))
        case .array: return .object(RArray([], klass: cls))
        case .hash: return .object(RHash(klass: cls))
        case .exception:
            let exception = RException(klass: cls)
            exception.message = .null
            return .object(exception)
        case .structInstance:
            return .object(RStructInstance(values: Array(repeating: .null, count: cls.structMembers?.count ?? 0), klass: cls))
        case .noNew:
            throw noMethodError("new", .object(cls))
        }
    }

    func newInstance(_ cls: RModule, _ args: Args) throws -> Value {
        if !cls.isClass { throw noMethodError("new", .object(cls)) }
        let instance = try allocate(cls)
        if cls.initializerEpoch != methodEpoch {
            cls.cachedInitializer = findMethod(cls, "initialize")
            cls.initializerEpoch = methodEpoch
        }
        _ = try dispatch(cls.cachedInitializer, instance, "initialize", args, functionCall: true, variableLike: false, fallback: nil)
        return instance
    }
}
