/// Exception and its family.
extension Interpreter {
    func installExceptions() {
        let exception = classes.exception!
        func ex(_ value: Value) -> RException { value.asException! }
        defineSingleton(exception, "exception") { interp, receiver, args in
            try interp.callMethod(receiver, "new", args)
        }
        define(exception, "initialize", visibility: .private) { _, receiver, args in
            ex(receiver).message = args.positional.count > 0 ? args.positional[0] : .null
            return .null
        }
        define(exception, "exception") { interp, receiver, args in
            if args.count == 0 { return receiver }
            let copy = try interp.shallowCopy(receiver)
            copy.asException?.message = args[0]
            return copy
        }
        define(exception, ["message", "to_s"]) { _, _, _ in .null }
        define(exception, "to_s") { interp, receiver, _ in
            let e = ex(receiver)
            if e.message.isNil { return interp.makeString(e.klass.realClass.displayName) }
            return interp.makeString(try interp.toS(e.message))
        }
        define(exception, "message") { interp, receiver, _ in
            interp.makeString(try interp.toS(try interp.callMethod(receiver, "to_s", Args())))
        }
        define(exception, "detailed_message") { interp, receiver, _ in try interp.callMethod(receiver, "message", Args()) }
        define(exception, "full_message") { interp, receiver, _ in
            let e = ex(receiver)
            let message = try interp.toS(try interp.callMethod(receiver, "message", Args()))
            return interp.makeString("\(e.backtrace?.first ?? ""): \(message) (\(e.klass.realClass.displayName))")
        }
        define(exception, "inspect") { interp, receiver, _ in
            let e = ex(receiver)
            let name = e.klass.realClass.displayName
            let message = try interp.toS(try interp.callMethod(receiver, "to_s", Args()))
            if message.isEmpty { return interp.makeString(name) }
            if message == name { return interp.makeString(name) }
            return interp.makeString("#<\(name): \(message)>")
        }
        define(exception, "backtrace") { interp, receiver, _ in
            guard let trace = ex(receiver).backtrace else { return .null }
            return interp.makeArray(trace.map { interp.makeString($0) })
        }
        define(exception, "set_backtrace") { interp, receiver, args in
            ex(receiver).backtrace = try (args[0].asArray?.items ?? [args[0]]).map { try interp.toS($0) }
            return args[0]
        }
        define(exception, "backtrace_locations") { _, _, _ in .null }
        define(exception, "cause") { _, receiver, _ in ex(receiver).getInstanceVariable("@__cause") }
        define(exception, "==") { interp, receiver, args in
            guard let other = args[0].asException else { return .false }
            guard ex(receiver).klass.realClass === other.klass.realClass else { return .false }
            return .bool(try interp.valuesEqual(ex(receiver).message, other.message))
        }
        define(classes.nameError, "name") { _, receiver, _ in receiver.asObject!.getInstanceVariable("@name") }
        define(classes.nameError, "receiver") { _, receiver, _ in receiver.asObject!.getInstanceVariable("@receiver") }
        define(classes.keyError, "key") { _, receiver, _ in receiver.asObject!.getInstanceVariable("@key") }
        define(classes.keyError, "receiver") { _, receiver, _ in receiver.asObject!.getInstanceVariable("@receiver") }
        define(classes.stopIteration, "result") { _, receiver, _ in receiver.asObject!.getInstanceVariable("@result") }
        define(classes.systemExit, "status") { _, receiver, _ in
            let status = receiver.asObject!.getInstanceVariable("@status")
            return status.isNil ? .integer(0) : status
        }
        define(classes.systemExit, "success?") { _, receiver, _ in
            let status = receiver.asObject!.getInstanceVariable("@status")
            if case .integer(let code) = status { return .bool(code == 0) }
            return .true
        }
        define(classes.frozenError, "receiver") { _, receiver, _ in receiver.asObject!.getInstanceVariable("@receiver") }
    }
}
