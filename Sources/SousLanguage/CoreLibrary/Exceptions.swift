/// Exception and its family.
extension Interpreter {
    func installExceptions() {
        let exception = classes.exception!
        func ex(_ value: Value) -> RException { value.asException! }
        defineSingleton(exception, [
            .method("exception", arity: .checkedByBody) { interp, receiver, args in
                try interp.callMethod(receiver, "new", args)
            },
        ])
        define(exception, [
            .method("initialize", arity: .checkedByBody, visibility: .private) { _, receiver, args in
                ex(receiver).message = args.positional.count > 0 ? args.positional[0] : .null
                return .null
            },
            .method("exception", arity: .checkedByBody) { interp, receiver, args in
                if args.count == 0 { return receiver }
                let copy = try interp.shallowCopy(receiver)
                copy.asException?.message = args[0]
                return copy
            },
            .method("message", "to_s", arity: .exactly(0)) { _, _, _ in .null },
            .method("to_s", arity: .exactly(0)) { interp, receiver, _ in
                let e = ex(receiver)
                if e.message.isNil { return interp.makeString(e.klass.realClass.displayName) }
                return interp.makeString(try interp.toS(e.message))
            },
            .method("message", arity: .exactly(0)) { interp, receiver, _ in
                interp.makeString(try interp.toS(try interp.callMethod(receiver, "to_s", Args())))
            },
            .method("detailed_message", arity: .checkedByBody) { interp, receiver, _ in try interp.callMethod(receiver, "message", Args()) },
            .method("full_message", arity: .checkedByBody) { interp, receiver, _ in
                let e = ex(receiver)
                let message = try interp.toS(try interp.callMethod(receiver, "message", Args()))
                return interp.makeString("\(e.backtrace?.first ?? ""): \(message) (\(e.klass.realClass.displayName))")
            },
            .method("inspect", arity: .exactly(0)) { interp, receiver, _ in
                let e = ex(receiver)
                let name = e.klass.realClass.displayName
                let message = try interp.toS(try interp.callMethod(receiver, "to_s", Args()))
                if message.isEmpty { return interp.makeString(name) }
                if message == name { return interp.makeString(name) }
                return interp.makeString("#<\(name): \(message)>")
            },
            .method("backtrace", arity: .exactly(0)) { interp, receiver, _ in
                guard let trace = ex(receiver).backtrace else { return .null }
                return interp.makeArray(trace.map { interp.makeString($0) })
            },
            .method("set_backtrace", arity: .exactly(1)) { interp, receiver, args in
                ex(receiver).backtrace = try (args[0].asArray?.items ?? [args[0]]).map { try interp.toS($0) }
                return args[0]
            },
            .method("backtrace_locations", arity: .exactly(0)) { _, _, _ in .null },
            .method("cause", arity: .exactly(0)) { _, receiver, _ in ex(receiver).getInstanceVariable("@__cause") },
            .method("==", arity: .exactly(1)) { interp, receiver, args in
                guard let other = args[0].asException else { return .false }
                guard ex(receiver).klass.realClass === other.klass.realClass else { return .false }
                return .bool(try interp.valuesEqual(ex(receiver).message, other.message))
            },
        ])
        define(classes.nameError, [
            .method("name", arity: .exactly(0)) { _, receiver, _ in receiver.asObject!.getInstanceVariable("@name") },
            .method("receiver", arity: .exactly(0)) { _, receiver, _ in receiver.asObject!.getInstanceVariable("@receiver") },
        ])
        define(classes.keyError, [
            .method("key", arity: .exactly(0)) { _, receiver, _ in receiver.asObject!.getInstanceVariable("@key") },
            .method("receiver", arity: .exactly(0)) { _, receiver, _ in receiver.asObject!.getInstanceVariable("@receiver") },
        ])
        define(classes.stopIteration, [
            .method("result", arity: .exactly(0)) { _, receiver, _ in receiver.asObject!.getInstanceVariable("@result") },
        ])
        define(classes.systemExit, [
            .method("status", arity: .exactly(0)) { _, receiver, _ in
                let status = receiver.asObject!.getInstanceVariable("@status")
                return status.isNil ? .integer(0) : status
            },
            .method("success?", arity: .exactly(0)) { _, receiver, _ in
                let status = receiver.asObject!.getInstanceVariable("@status")
                if case .integer(let code) = status { return .bool(code == 0) }
                return .true
            },
        ])
        define(classes.frozenError, [
            .method("receiver", arity: .exactly(0)) { _, receiver, _ in receiver.asObject!.getInstanceVariable("@receiver") },
        ])
    }
}
