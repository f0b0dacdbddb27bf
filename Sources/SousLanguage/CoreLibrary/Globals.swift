import SousSupport

/// The standard streams (`$stdout`, `STDOUT`, `$stderr`), `ARGV`, `RUBY_VERSION` and the other
/// global variables and constants a script starts with.
extension Interpreter {
    var stdoutObject: RObject? { globals["STDOUT_OBJECT"]?.asObject }

    func installGlobals() {
        let io = classes.io!
        let stdout = RObject(klass: io)
        stdout.setInstanceVariable("@__stream", .integer(1))
        let stderr = RObject(klass: io)
        stderr.setInstanceVariable("@__stream", .integer(2))
        globals["STDOUT_OBJECT"] = .object(stdout)
        globals["$stdout"] = .object(stdout)
        globals["$stderr"] = .object(stderr)
        globals["$,"] = .null
        globals["$/"] = makeString("\n")
        globals["$0"] = makeString("sous")
        globals["$PROGRAM_NAME"] = makeString("sous")
        let object = classes.object!
        object.setConstant("STDOUT", .object(stdout))
        object.setConstant("STDERR", .object(stderr))
        object.setConstant("ARGV", makeArray([]))
        object.setConstant("RUBY_VERSION", makeString("3.1.2"))
        object.setConstant("RUBY_PLATFORM", makeString("x86_64-linux"))
        object.setConstant("RUBY_ENGINE", makeString("sous"))
        object.setConstant("RUBY_PATCHLEVEL", .integer(20))

        func write(_ interp: Interpreter, _ receiver: Value, _ text: String) throws {
            if let file = receiver.asObject as? RFile {
                guard file.writable, !file.closed else { throw interp.makeError(interp.classes.ioError, "not opened for writing") }
                file.buffer.append(contentsOf: Array(text.utf8))
                return
            }
            if case .integer(2) = receiver.asObject?.getInstanceVariable("@__stream") ?? .null {
                interp.host.writeError(text)
            } else {
                interp.host.writeOutput(text)
            }
        }
        define(io, [
            .method("puts", arity: .checkedByBody) { interp, receiver, args in
                try write(interp, receiver, try interp.putsText(args.values))
                return .null
            },
            .method("print", arity: .checkedByBody) { interp, receiver, args in
                try write(interp, receiver, try args.values.map { try interp.toS($0) }.joined())
                return .null
            },
            .method("printf", arity: .checkedByBody) { interp, receiver, args in
                if args.count == 0 { return .null }
                try write(interp, receiver, try interp.format(try interp.toStr(args[0]), Array(args.values.dropFirst())))
                return .null
            },
            .method("write", arity: .checkedByBody) { interp, receiver, args in
                let text = try args.values.map { try interp.toS($0) }.joined()
                try write(interp, receiver, text)
                return .integer(text.utf8.count)
            },
            .method("<<", arity: .exactly(1)) { interp, receiver, args in
                try write(interp, receiver, try interp.toS(args[0]))
                return receiver
            },
            .method("printf", arity: .checkedByBody) { interp, receiver, args in
                try write(interp, receiver, try interp.format(try interp.toStr(args[0]), Array(args.values.dropFirst())))
                return .null
            },
            .method("p", arity: .checkedByBody) { interp, receiver, args in
                try write(interp, receiver, try args.values.map { try interp.inspect($0) + "\n" }.joined())
                return args.count == 1 ? args[0] : interp.makeArray(args.values)
            },
            .method("flush", arity: .exactly(0)) { interp, receiver, _ in
                interp.host.flush()
                return receiver
            },
            .method("sync", "tty?", "isatty", arity: .exactly(0)) { _, _, _ in .false },
            .method("sync=", arity: .exactly(1)) { _, _, args in args[0] },
            .method("fileno", arity: .exactly(0)) { _, receiver, _ in receiver.asObject?.getInstanceVariable("@__stream") ?? .null },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in
                if let file = receiver.asObject as? RFile { return interp.makeString("#<File:\(file.path)\(file.closed ? " (closed)" : "")>") }
                if case .integer(2) = receiver.asObject?.getInstanceVariable("@__stream") ?? .null { return interp.makeString("#<IO:<STDERR>>") }
                return interp.makeString("#<IO:<STDOUT>>")
            },
        ])
        installEnv()
    }
}
