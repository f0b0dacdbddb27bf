/// A `Binding`: the frame a `binding` call was made in — its self and its local variables —
/// for `eval`, `ERB#result` and `local_variable_get`.
public final class RBinding: RObject {
    let frame: Frame
    /// Variables that code evaluated in this binding made (and `local_variable_set` added):
    /// Ruby keeps them for the binding's later evals, not for the frame's own code.
    private(set) lazy var scope = Scope.make(table: nil, parent: frame.scope)

    init(frame: Frame, klass: RModule) {
        self.frame = frame
        super.init(klass: klass)
    }
}

extension Interpreter {
    /// Runs `code` in `frame`: its self, its locals (read and assigned in place), its lexical
    /// modules. The code's new variables go to `keeping` (a binding's own scope, inside the
    /// frame's) when given, else to a scope of their own that ends with the code, as Ruby's
    /// `eval` without a binding does. Reported as `file`.
    public func evaluate(_ code: String, in frame: Frame, keeping: Scope? = nil, file: String, line: Int = 1) throws -> Value {
        let source = SourceFile(path: file, text: String(repeating: "\n", count: max(0, line - 1)) + code)
        sourceCache[file] = source
        let program = try Parser.parse(source, knownLocals: (keeping ?? frame.scope).allNames)
        let scope: Scope
        if let keeping {
            for name in program.localTable?.names ?? [] { keeping.table.add(name) }
            scope = keeping
        } else {
            scope = Scope.make(table: program.localTable, parent: frame.scope)
        }
        let context = FrameContext(definitionTarget: frame.definitionTarget, lexicalModules: frame.lexicalModules, file: file,
                                   label: frame.label)
        let evalFrame = Frame(selfValue: frame.selfValue, fallbackSelf: frame.fallbackSelf, scope: scope, context: context,
                              method: frame.method, methodArgs: frame.methodArgs, block: frame.block, returnTag: frame.returnTag)
        evalFrame.line = line
        frameStack.append(evalFrame)
        defer { frameStack.removeLast() }
        return try eval(program, evalFrame)
    }

    /// A top-level frame with `locals` (TOPLEVEL_BINDING's world, or `result_with_hash`).
    func freshBindingFrame(file: String, locals: [(String, Value)] = []) -> Frame {
        let scope = Scope.make(table: nil, parent: nil)
        for (name, value) in locals { scope.declareHere(name, value) }
        let frame = topFrame(file: file, scope: scope)
        frame.defaultVisibility = .private
        return frame
    }

    /// A `Binding` given as an argument (to `eval`, `ERB#result`).
    func bindingArgument(_ value: Value) throws -> RBinding {
        guard let binding = value.asObject as? RBinding else {
            throw typeError("wrong argument type \(className(of: value)) (expected binding)")
        }
        return binding
    }

    func installBinding() {
        let bindingClass = classes.defineClass("Binding")
        define(classes.kernel, [
            .method("binding", arity: .exactly(0), visibility: .private) { interp, _, _ in
                let frame = interp.frameStack.last ?? interp.freshBindingFrame(file: "(binding)")
                return .object(RBinding(frame: frame, klass: bindingClass))
            },
        ])
        define(bindingClass, [
            .method("local_variable_get", arity: .exactly(1)) { interp, receiver, args in
                let name = try interp.toName(args[0])
                guard let value = try interp.bindingArgument(receiver).scope.lookup(name) else {
                    throw interp.makeError(interp.classes.nameError, "local variable '\(name)' is not defined for \(try interp.inspect(receiver))")
                }
                return value
            },
            .method("local_variable_set", arity: .exactly(2)) { interp, receiver, args in
                try interp.bindingArgument(receiver).scope.assign(try interp.toName(args[0]), args[1])
                return args[1]
            },
            .method("local_variable_defined?", arity: .exactly(1)) { interp, receiver, args in
                .bool(try interp.bindingArgument(receiver).scope.lookup(try interp.toName(args[0])) != nil)
            },
            .method("local_variables", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeArray(try interp.bindingArgument(receiver).scope.allNames.map { Value.symbol($0) })
            },
            .method("receiver", arity: .exactly(0)) { interp, receiver, _ in try interp.bindingArgument(receiver).frame.selfValue },
            .method("eval", arity: .checkedByBody) { interp, receiver, args in
                let target = try interp.bindingArgument(receiver)
                return try interp.evaluate(try interp.toStr(args[0]), in: target.frame, keeping: target.scope,
                                    file: args.count > 1 ? try interp.toStr(args[1]) : "(eval)", line: args.count > 2 ? try interp.toInteger(args[2]) : 1)
            },
        ])
        define(classes.kernel, [
            .method("eval", arity: .checkedByBody, visibility: .private) { interp, _, args in
                try interp.checkArity(args, 1...4)
                let target = args.count > 1 && !args[1].isNil ? try interp.bindingArgument(args[1]) : nil
                return try interp.evaluate(try interp.toStr(args[0]),
                                           in: target?.frame ?? interp.frameStack.last ?? interp.freshBindingFrame(file: "(eval)"),
                                           keeping: target?.scope,
                                           file: args.count > 2 ? try interp.toStr(args[2]) : "(eval)", line: args.count > 3 ? try interp.toInteger(args[3]) : 1)
            },
        ])
        classes.object.setConstant("TOPLEVEL_BINDING", .object(RBinding(frame: freshBindingFrame(file: "(toplevel)"), klass: bindingClass)))
    }
}
