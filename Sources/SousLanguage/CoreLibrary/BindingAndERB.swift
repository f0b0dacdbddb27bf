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

    func installBindingAndERB() {
        let bindingClass = classes.defineClass("Binding")
        define(classes.kernel, "binding", visibility: .private) { interp, _, _ in
            let frame = interp.frameStack.last ?? interp.freshBindingFrame(file: "(binding)")
            return .object(RBinding(frame: frame, klass: bindingClass))
        }
        func binding(_ interp: Interpreter, _ value: Value) throws -> RBinding {
            guard let binding = value.asObject as? RBinding else {
                throw interp.typeError("wrong argument type \(interp.className(of: value)) (expected binding)")
            }
            return binding
        }
        define(bindingClass, "local_variable_get") { interp, receiver, args in
            let name = try interp.toName(args[0])
            guard let value = try binding(interp, receiver).scope.lookup(name) else {
                throw interp.makeError(interp.classes.nameError, "local variable '\(name)' is not defined for \(try interp.inspect(receiver))")
            }
            return value
        }
        define(bindingClass, "local_variable_set") { interp, receiver, args in
            try binding(interp, receiver).scope.assign(try interp.toName(args[0]), args[1])
            return args[1]
        }
        define(bindingClass, "local_variable_defined?") { interp, receiver, args in
            .bool(try binding(interp, receiver).scope.lookup(try interp.toName(args[0])) != nil)
        }
        define(bindingClass, "local_variables") { interp, receiver, _ in
            interp.makeArray(try binding(interp, receiver).scope.allNames.map { Value.symbol($0) })
        }
        define(bindingClass, "receiver") { interp, receiver, _ in try binding(interp, receiver).frame.selfValue }
        define(bindingClass, "eval") { interp, receiver, args in
            let target = try binding(interp, receiver)
            return try interp.evaluate(try interp.toStr(args[0]), in: target.frame, keeping: target.scope,
                                file: args.count > 1 ? try interp.toStr(args[1]) : "(eval)", line: args.count > 2 ? try interp.toInteger(args[2]) : 1)
        }
        define(classes.kernel, "eval", visibility: .private) { interp, _, args in
            try interp.checkArity(args, 1...4)
            let target = args.count > 1 && !args[1].isNil ? try binding(interp, args[1]) : nil
            return try interp.evaluate(try interp.toStr(args[0]),
                                       in: target?.frame ?? interp.frameStack.last ?? interp.freshBindingFrame(file: "(eval)"),
                                       keeping: target?.scope,
                                       file: args.count > 2 ? try interp.toStr(args[2]) : "(eval)", line: args.count > 3 ? try interp.toInteger(args[3]) : 1)
        }
        classes.object.setConstant("TOPLEVEL_BINDING", .object(RBinding(frame: freshBindingFrame(file: "(toplevel)"), klass: bindingClass)))

        // ERB, as Ruby's erb library: `ERB.new(text, trim_mode: '-')`, `#result(binding)`,
        // `#result_with_hash(hash)`, `#src`. Trim mode `-` is Chef's; no trim mode reads the
        // same template the same way but for `-%>` and `<%-`, which it leaves as they are.
        let erb = classes.defineClass("ERB")
        define(erb, "initialize", visibility: .private) { interp, receiver, args in
            try interp.checkArity(args, 1...4)
            let object = receiver.asObject!
            var trim = args.keywords?.get(.symbol("trim_mode"))
            if trim == nil, args.count > 2 { trim = args[2] }
            let mode = trim.flatMap { $0.isNil ? nil : $0 }.map { (try? interp.toS($0)) ?? "" }
            if let mode, mode != "-" {
                throw interp.makeError(interp.classes.notImplementedError, "ERB trim_mode \(mode.debugDescription) is not supported by sous (only \"-\", Chef's)")
            }
            object.setInstanceVariable("@src", interp.makeString(ERBCompiler.compile(try interp.toStr(args[0]))))
            object.setInstanceVariable("@filename", .null)
            return .null
        }
        define(erb, "src") { _, receiver, _ in receiver.asObject!.getInstanceVariable("@src") }
        define(erb, "filename=") { _, receiver, args in
            receiver.asObject!.setInstanceVariable("@filename", args[0])
            return args[0]
        }
        func render(_ interp: Interpreter, _ erb: Value, in frame: Frame, keeping scope: Scope) throws -> Value {
            let object = erb.asObject!
            let file = try object.getInstanceVariable("@filename").isNil ? "(erb)" : interp.toS(object.getInstanceVariable("@filename"))
            return try interp.evaluate(try interp.toStr(object.getInstanceVariable("@src")), in: frame, keeping: scope, file: file)
        }
        define(erb, "result") { interp, receiver, args in
            if args.count > 0 && !args[0].isNil {
                let target = try binding(interp, args[0])
                return try render(interp, receiver, in: target.frame, keeping: target.scope)
            }
            let frame = interp.freshBindingFrame(file: "(erb)")
            return try render(interp, receiver, in: frame, keeping: frame.scope)
        }
        define(erb, "result_with_hash") { interp, receiver, args in
            guard let hash = args[0].asHash else { throw interp.typeError("no implicit conversion of \(interp.className(of: args[0])) into Hash") }
            let locals = try hash.pairs.map { (try interp.toName($0.0), $0.1) }
            let frame = interp.freshBindingFrame(file: "(erb)", locals: locals)
            return try render(interp, receiver, in: frame, keeping: frame.scope)
        }
    }
}
