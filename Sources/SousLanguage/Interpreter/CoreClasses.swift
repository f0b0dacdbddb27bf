import SousSupport
/// The built-in classes and modules of one interpreter, made in Ruby's hierarchy.
public final class CoreClasses {
    unowned let interpreter: Interpreter
    public var basicObject: RModule!
    public var object: RModule!
    public var moduleClass: RModule!
    public var classClass: RModule!
    public var kernel: RModule!
    public var comparable: RModule!
    public var enumerable: RModule!
    public var nilClass: RModule!
    public var trueClass: RModule!
    public var falseClass: RModule!
    public var numeric: RModule!
    public var integer: RModule!
    public var float: RModule!
    public var string: RModule!
    public var symbol: RModule!
    public var array: RModule!
    public var hash: RModule!
    public var range: RModule!
    public var proc: RModule!
    /// What `method(:name)` returns; a kind of Proc inside sous so that it calls like one.
    public var method: RModule!
    public var regexp: RModule!
    public var matchData: RModule!
    public var time: RModule!
    public var enumerator: RModule!
    public var structClass: RModule!
    public var io: RModule!
    public var file: RModule!
    public var dir: RModule!
    public var math: RModule!
    public var json: RModule!

    public var exception: RModule!
    public var scriptError: RModule!
    public var loadError: RModule!
    public var notImplementedError: RModule!
    public var syntaxError: RModule!
    public var standardError: RModule!
    public var argumentError: RModule!
    public var encodingError: RModule!
    public var ioError: RModule!
    public var indexError: RModule!
    public var keyError: RModule!
    public var stopIteration: RModule!
    public var localJumpError: RModule!
    public var nameError: RModule!
    public var noMethodError: RModule!
    public var rangeError: RModule!
    public var floatDomainError: RModule!
    public var regexpError: RModule!
    public var runtimeError: RModule!
    public var frozenError: RModule!
    public var typeError: RModule!
    public var zeroDivisionError: RModule!
    public var systemStackError: RModule!
    public var noMemoryError: RModule!
    public var systemExit: RModule!
    public var interrupt: RModule!
    public var securityError: RModule!
    public var systemCallError: RModule!
    public var errnoENOENT: RModule!
    public var errnoEACCES: RModule!
    public var errnoEEXIST: RModule!
    public var errnoEISDIR: RModule!
    public var errnoENOTDIR: RModule!
    public var uncaughtThrowError: RModule!
    public var jsonParserError: RModule!

    init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    func bootstrap() {
        // The four at the root refer to each other; their class pointers are fixed after.
        basicObject = RModule(name: "BasicObject", isClass: true, superclass: nil, klass: nil)
        object = RModule(name: "Object", isClass: true, superclass: basicObject, klass: nil)
        moduleClass = RModule(name: "Module", isClass: true, superclass: object, klass: nil)
        classClass = RModule(name: "Class", isClass: true, superclass: moduleClass, klass: nil)
        for module in [basicObject!, object!, moduleClass!, classClass!] { module.klass = classClass }
        kernel = defineModule("Kernel")
        object.includes = [kernel]
        for module in [basicObject!, object!, moduleClass!, classClass!] { object.setConstant(module.name!, .object(module)) }

        comparable = defineModule("Comparable")
        enumerable = defineModule("Enumerable")
        nilClass = defineClass("NilClass", kind: .noNew)
        trueClass = defineClass("TrueClass", kind: .noNew)
        falseClass = defineClass("FalseClass", kind: .noNew)
        numeric = defineClass("Numeric")
        numeric.includes = [comparable]
        integer = defineClass("Integer", superclass: numeric, kind: .noNew)
        float = defineClass("Float", superclass: numeric, kind: .noNew)
        string = defineClass("String", kind: .string)
        string.includes = [comparable]
        symbol = defineClass("Symbol", kind: .noNew)
        symbol.includes = [comparable]
        array = defineClass("Array", kind: .array)
        array.includes = [enumerable]
        hash = defineClass("Hash", kind: .hash)
        hash.includes = [enumerable]
        range = defineClass("Range")
        range.includes = [enumerable]
        proc = defineClass("Proc")
        method = defineClass("Method", superclass: proc, kind: .noNew)
        regexp = defineClass("Regexp")
        matchData = defineClass("MatchData", kind: .noNew)
        time = defineClass("Time")
        time.includes = [comparable]
        enumerator = defineClass("Enumerator")
        enumerator.includes = [enumerable]
        structClass = defineClass("Struct")
        structClass.includes = [enumerable]
        io = defineClass("IO")
        file = defineClass("File", superclass: io)
        dir = defineClass("Dir")
        math = defineModule("Math")
        json = defineModule("JSON")

        exception = defineClass("Exception", kind: .exception)
        scriptError = defineClass("ScriptError", superclass: exception)
        loadError = defineClass("LoadError", superclass: scriptError)
        notImplementedError = defineClass("NotImplementedError", superclass: scriptError)
        syntaxError = defineClass("SyntaxError", superclass: scriptError)
        securityError = defineClass("SecurityError", superclass: exception)
        systemExit = defineClass("SystemExit", superclass: exception)
        let signalException = defineClass("SignalException", superclass: exception)
        interrupt = defineClass("Interrupt", superclass: signalException)
        noMemoryError = defineClass("NoMemoryError", superclass: exception)
        systemStackError = defineClass("SystemStackError", superclass: exception)
        standardError = defineClass("StandardError", superclass: exception)
        argumentError = defineClass("ArgumentError", superclass: standardError)
        uncaughtThrowError = defineClass("UncaughtThrowError", superclass: argumentError)
        encodingError = defineClass("EncodingError", superclass: standardError)
        _ = defineClass("FiberError", superclass: standardError)
        ioError = defineClass("IOError", superclass: standardError)
        _ = defineClass("EOFError", superclass: ioError)
        indexError = defineClass("IndexError", superclass: standardError)
        keyError = defineClass("KeyError", superclass: indexError)
        stopIteration = defineClass("StopIteration", superclass: indexError)
        localJumpError = defineClass("LocalJumpError", superclass: standardError)
        nameError = defineClass("NameError", superclass: standardError)
        noMethodError = defineClass("NoMethodError", superclass: nameError)
        rangeError = defineClass("RangeError", superclass: standardError)
        floatDomainError = defineClass("FloatDomainError", superclass: rangeError)
        regexpError = defineClass("RegexpError", superclass: standardError)
        runtimeError = defineClass("RuntimeError", superclass: standardError)
        frozenError = defineClass("FrozenError", superclass: runtimeError)
        systemCallError = defineClass("SystemCallError", superclass: standardError)
        _ = defineClass("ThreadError", superclass: standardError)
        typeError = defineClass("TypeError", superclass: standardError)
        zeroDivisionError = defineClass("ZeroDivisionError", superclass: standardError)
        let errno = defineModule("Errno")
        errnoENOENT = defineClass("ENOENT", superclass: systemCallError, in: errno)
        errnoEACCES = defineClass("EACCES", superclass: systemCallError, in: errno)
        errnoEEXIST = defineClass("EEXIST", superclass: systemCallError, in: errno)
        errnoEISDIR = defineClass("EISDIR", superclass: systemCallError, in: errno)
        errnoENOTDIR = defineClass("ENOTDIR", superclass: systemCallError, in: errno)
        jsonParserError = defineClass("ParserError", superclass: standardError, in: json)
        json.setConstant("JSONError", .object(standardError))
    }

    @discardableResult
    public func defineClass(_ name: String, superclass: RModule? = nil, kind: RModule.InstanceKind? = nil,
                     in container: RModule? = nil) -> RModule {
        let cls = RModule(name: nil, isClass: true, superclass: superclass ?? object, klass: classClass)
        if let kind { cls.instanceKind = kind }
        (container ?? object).setConstant(name, .object(cls))
        return cls
    }

    @discardableResult
    public func defineModule(_ name: String, in container: RModule? = nil) -> RModule {
        let module = RModule(name: nil, isClass: false, superclass: nil, klass: moduleClass)
        (container ?? object).setConstant(name, .object(module))
        return module
    }
}

// MARK: - Making values

extension Interpreter {
    @inline(__always) public func makeString(_ text: String) -> Value {
        .object(RString(text, klass: classes.string))
    }

    @inline(__always) public func makeArray(_ items: [Value]) -> Value {
        .object(RArray(items, klass: classes.array))
    }

    public func makeHashObject() -> RHash {
        RHash(klass: classes.hash)
    }

    public func makeHash(_ pairs: [(Value, Value)]) -> Value {
        let hash = makeHashObject()
        for (k, v) in pairs { hash.set(k, v) }
        return .object(hash)
    }

    func makeRange(_ lower: Value, _ upper: Value, exclusive: Bool) throws -> Value {
        switch (lower, upper) {
        case (.integer, .integer), (.integer, .null), (.null, .integer), (.float, _), (_, .float), (.null, .null):
            break
        default:
            if lower.asString != nil && (upper.asString != nil || upper.isNil) { break }
            if case .object = lower, !(try callMethod(lower, "<=>", Args([upper])).isNil) { break }
            if lower.isNil || upper.isNil { break }
            throw makeError(classes.argumentError, "bad value for range")
        }
        return .object(RRange(lower: lower, upper: upper, exclusive: exclusive, klass: classes.range))
    }

    /// Builds an exception of `cls` with a message, its backtrace taken from here.
    public func makeError(_ cls: RModule, _ message: String) -> RubyError {
        RubyError(exception: makeException(cls, message: makeString(message)))
    }

    func makeException(_ cls: RModule, message: Value) -> RException {
        let exception = RException(klass: cls)
        exception.message = message
        exception.backtrace = currentBacktrace()
        if let top = frameStack.last {
            exception.raisedAt = SourceLocation(file: top.file, line: top.line, column: 1)
        }
        return exception
    }

    /// Ruby's backtrace lines, innermost first: `file:line:in 'label'`.
    public func currentBacktrace() -> [String] {
        frameStack.reversed().map { "\($0.file):\($0.line):in `\($0.label)'" }
    }

    public func typeError(_ message: String) -> RubyError { makeError(classes.typeError, message) }

    public func argumentError(_ message: String) -> RubyError { makeError(classes.argumentError, message) }

    func frozenError(_ value: Value) -> RubyError {
        let description = (try? inspect(value)) ?? defaultToS(value)
        return makeError(classes.frozenError, "can't modify frozen \(className(of: value)): \(description)")
    }

    public func checkFrozen(_ value: Value) throws {
        if let object = value.asObject, object.frozen { throw frozenError(value) }
    }

    /// A whole float as an Integer. Ruby would make a Bignum of a huge one; sous has none,
    /// so that is a RangeError that says so rather than a wrong number.
    func integer(fromFloat value: Double) throws -> Value {
        guard value.isFinite else { throw makeError(classes.floatDomainError, RubyFormat.float(value)) }
        guard let whole = Int(exactly: value.rounded(.towardZero)) else {
            throw makeError(classes.rangeError,
                            "float \(RubyFormat.float(value)) out of range of integer (sous has no Bignum)")
        }
        return .integer(whole)
    }

    /// The error Ruby raises for a failed system call on `path`.
    func systemCallError(_ error: Error, path: String, operation: String) -> RubyError {
        guard let hostError = error as? HostError else {
            return makeError(classes.ioError, "\(error)")
        }
        let message = "\(hostError.reason) @ \(operation) - \(path)"
        switch hostError.reason {
        case .notFound: return makeError(classes.errnoENOENT, message)
        case .permissionDenied: return makeError(classes.errnoEACCES, message)
        case .exists: return makeError(classes.errnoEEXIST, message)
        case .isDirectory: return makeError(classes.errnoEISDIR, message)
        case .notDirectory: return makeError(classes.errnoENOTDIR, message)
        case .other, .refused: return makeError(classes.systemCallError, message)
        }
    }
}
