/// The arguments of one call, as values.
public struct Args {
    public var values: [Value]
    public var block: RProc?
    /// The last value is a hash made from keyword arguments at the call site (`f(a: 1)`).
    public var hasKeywords: Bool

    public init(_ values: [Value] = [], block: RProc? = nil, hasKeywords: Bool = false) {
        self.values = values
        self.block = block
        self.hasKeywords = hasKeywords
    }

    public var count: Int { values.count }

    public subscript(_ index: Int) -> Value { index < values.count ? values[index] : .null }

    /// The keyword-argument hash, if the call had keywords.
    public var keywords: RHash? { hasKeywords ? values.last?.asHash : nil }

    /// The positional arguments, without the keyword hash.
    public var positional: [Value] { hasKeywords ? Array(values.dropLast()) : values }
}

public typealias Builtin = (Interpreter, Value, Args) throws -> Value

/// How many arguments a built-in method takes, as Ruby's `Method#arity` reports it for the
/// same method. The call checks it before the body runs and raises Ruby's ArgumentError.
public enum Arity: Sendable {
    case exactly(Int)
    case atLeast(Int)
    /// Optional arguments (Ruby reports -1): the body checks what it was given.
    case checkedByBody

    /// The argument counts allowed (a keyword hash counts, as for Ruby's C methods).
    var allowed: ClosedRange<Int> {
        switch self {
        case .exactly(let count): return count...count
        case .atLeast(let minimum): return minimum...Int.max
        case .checkedByBody: return 0...Int.max
        }
    }

    /// Ruby's number for it: n, -(n+1) for at least n, -1 for optional arguments.
    var rubyArity: Int {
        switch self {
        case .exactly(let count): return count
        case .atLeast(let minimum): return -(minimum + 1)
        case .checkedByBody: return -1
        }
    }
}

/// One row of a built-in class's method table: the names it answers to, its arity, its
/// visibility and its body.
public struct BuiltinMethod {
    public let name: String
    /// Other names of the same method (`size` for `length`); empty for most, which then
    /// cost no array at start-up.
    public let aliases: [String]
    public let arity: Arity
    public let visibility: Visibility
    public let body: Builtin

    public static func method(_ name: String, _ aliases: String..., arity: Arity, visibility: Visibility = .public,
                              _ body: @escaping Builtin) -> BuiltinMethod {
        BuiltinMethod(name: name, aliases: aliases, arity: arity, visibility: visibility, body: body)
    }
}

public enum Visibility {
    case `public`, `private`, protected
}

public final class RMethod {
    public enum Body {
        case builtin(Builtin)
        case user(MethodDefinition)
        case attributeReader(String)
        case attributeWriter(String)
        /// `define_method(:name) { ... }`: the block is the body.
        case block(RProc)
    }

    public let name: String
    public let body: Body
    public let owner: RModule
    public var visibility: Visibility
    /// For a built-in: the argument counts it takes, checked before its body runs (kept as
    /// a range too, so the check on every call is two comparisons).
    let builtinArity: Arity
    let allowedArgumentCounts: ClosedRange<Int>
    /// The `module`/`class` nesting where the method was defined, for constant lookup.
    public var lexicalModules: [RModule] = [] {
        didSet { cachedContext = nil }
    }
    private var cachedContext: FrameContext?

    /// What the method's frames share (made on its first call).
    var frameContext: FrameContext {
        if let cachedContext { return cachedContext }
        let file: String
        if case .user(let definition) = body { file = definition.location.file } else { file = "" }
        let context = FrameContext(definitionTarget: owner, lexicalModules: lexicalModules, file: file, label: name)
        cachedContext = context
        return context
    }

    /// Ruby's `Method#arity`.
    public var arity: Int {
        switch body {
        case .user(let definition): return definition.parameters.arity(isLambda: true)
        case .attributeReader: return 0
        case .attributeWriter: return 1
        case .block(let proc): return proc.parameters?.arity(isLambda: true) ?? -1
        case .builtin: return builtinArity.rubyArity
        }
    }

    public init(name: String, body: Body, owner: RModule, visibility: Visibility = .public, arity: Arity = .checkedByBody) {
        self.name = name
        self.body = body
        self.owner = owner
        self.visibility = visibility
        self.builtinArity = arity
        self.allowedArgumentCounts = arity.allowed
    }

    /// The arity Ruby reports for `method(:x).arity` and for errors.
    var parameters: Parameters? {
        if case .user(let definition) = body { return definition.parameters }
        return nil
    }
}

/// A module or a class. A class has a superclass; a singleton class is attached to one
/// object and holds its own methods (`def self.x`, `class << self`).
public final class RModule: RObject {
    public var name: String?
    public let isClass: Bool
    public var superclass: RModule?
    public var methods: [String: RMethod] = [:]
    public var constants: [String: Value] = [:]
    public var constantOrder: [String] = []
    /// Modules included here, the latest first (Ruby's ancestor order).
    public var includes: [RModule] = [] {
        didSet { RModule.hierarchyEpoch &+= 1 }
    }
    /// Modules prepended: not supported beyond what `include` does.
    public var isSingleton = false
    /// The object a singleton class belongs to (for a metaclass, its class). Not weak: a
    /// weak reference gives its target a side table, and every retain and release of that
    /// target (every class, on every call) then takes the slow path. The object owns its
    /// singleton class (through `klass` or `metaclass`), so the class dies first; nothing
    /// reads this of a singleton class whose object is gone.
    public unowned(unsafe) var attached: RObject?
    public var lexicalParent: RModule?
    /// The singleton class of this module or class itself, made on demand.
    public var metaclass: RModule?
    public var classVariables: [String: Value] = [:]
    /// For `Struct.new` classes: the member names.
    public var structMembers: [String]?
    public var structKeywordInit = false
    /// `module_function` with no arguments: later `def`s also become module functions.
    public var moduleFunctionMode = false
    /// The class of instances `new` makes when it is not a plain RObject (String, Array...).
    public var instanceKind: InstanceKind = .plain

    public enum InstanceKind {
        case plain, string, array, hash, exception, structInstance, noNew
    }

    var ancestorCache: [RModule]?
    var ancestorEpoch = -1
    /// Bumped whenever any module's includes change: a change to one module changes the
    /// ancestors of every class that includes it or inherits from it. Shared by every
    /// interpreter of the process, unsynchronized on purpose: a cache is only trusted while
    /// the epoch equals the one it was made at, and an increment another thread makes at the
    /// same time still changes the value, so the worst a race does is drop a valid cache.
    nonisolated(unsafe) static var hierarchyEpoch = 0
    var methodCache: [String: RMethod?] = [:]
    var cacheEpoch = -1
    /// `initialize` as `new` finds it, kept apart from the cache: every `new` asks.
    var cachedInitializer: RMethod?
    var initializerEpoch = -1

    public init(name: String?, isClass: Bool, superclass: RModule?, klass: RModule!) {
        self.name = name
        self.isClass = isClass
        self.superclass = superclass
        super.init(klass: klass)
        if let superclass {
            instanceKind = superclass.instanceKind
            structMembers = superclass.structMembers
            structKeywordInit = superclass.structKeywordInit
        }
    }

    /// The method resolution order: this module, its included modules (latest first, with
    /// theirs), then the superclass's.
    public func ancestors() -> [RModule] {
        if let cached = ancestorCache, ancestorEpoch == RModule.hierarchyEpoch { return cached }
        var result: [RModule] = [self]
        func addIncludes(of module: RModule) {
            for included in module.includes {
                if !result.contains(where: { $0 === included }) {
                    result.append(included)
                    addIncludes(of: included)
                }
            }
        }
        addIncludes(of: self)
        if let superclass {
            for ancestor in superclass.ancestors() where !result.contains(where: { $0 === ancestor }) {
                result.append(ancestor)
            }
        }
        ancestorCache = result
        ancestorEpoch = RModule.hierarchyEpoch
        return result
    }

    public func setConstant(_ name: String, _ value: Value) {
        if constants.updateValue(value, forKey: name) == nil { constantOrder.append(name) }
        if let module = value.asModule, module.name == nil {
            module.name = (self.name == nil || self.name == "Object") ? name : "\(self.name!)::\(name)"
            module.lexicalParent = self
        }
    }

    /// The name Ruby shows: `Foo::Bar`, or `#<Class:Foo>` for a singleton class.
    public var displayName: String {
        if isSingleton {
            if let attached = attached as? RModule { return "#<Class:\(attached.displayName)>" }
            return "#<Class:\(attached.map { "#<\($0.klass.realClass.displayName):\($0.addressDescription)>" } ?? "?")>"
        }
        return name ?? "#<\(isClass ? "Class" : "Module"):\(addressDescription)>"
    }

    /// The class an object reports with `.class`: singleton classes are skipped.
    public var realClass: RModule {
        var current: RModule = self
        while current.isSingleton, let parent = current.superclass { current = parent }
        return current
    }

    public func isSubclass(of other: RModule) -> Bool {
        ancestors().contains { $0 === other }
    }
}

/// A block, proc or lambda: code with the frame it was made in.
public final class RProc: RObject {
    public enum Body {
        case block(BlockLiteral)
        /// `&:upcase`: calls the method on its first argument.
        case symbol(String)
        /// A block made by Swift code (enumerators, `method(:x).to_proc`).
        case native((Interpreter, Args) throws -> Value)
    }

    public let body: Body
    public let frame: Frame?
    public var isLambda: Bool
    /// A unique tag that `break` inside this block uses to leave the call it was given to.
    public let breakTag: Int
    /// Set for the objects `method(:name)` returns: which method, bound to which receiver.
    public var boundMethod: (method: RMethod, receiver: Value)?
    /// `&:name`: the method last found for its receivers' class, and when.
    var symbolMethodCache: (klass: RModule, epoch: Int, method: RMethod?)?

    public init(body: Body, frame: Frame?, isLambda: Bool, breakTag: Int, klass: RModule) {
        self.body = body
        self.frame = frame
        self.isLambda = isLambda
        self.breakTag = breakTag
        super.init(klass: klass)
    }

    public var parameters: Parameters? {
        if case .block(let literal) = body { return literal.parameters }
        return nil
    }

    /// Ruby's `Proc#arity`.
    public var arity: Int {
        switch body {
        case .symbol: return isLambda ? -2 : -2
        case .native: return -1
        case .block(let literal):
            return literal.parameters.arity(isLambda: isLambda)
        }
    }
}

/// The local variables of one run of a body (a method call, a block call, a class body,
/// a program): a value for each name of the body's table, by index; a block's scope sees
/// its parents'. Compiled code finds a variable's place once (`resolve`) and then reads it by
/// depth and index; what runs by name (bindings, the tree walker) searches the tables.
///
/// The values are stored in the object itself (one allocation per call, not two); the few
/// variables added after the scope was made (`eval` in a binding) go to `extra`.
public final class Scope: ManagedBuffer<Scope.Header, Value> {
    public struct Header {
        let table: LocalTable
        let parent: Scope?
        /// How many values are stored inline.
        let count: Int
        var extra: [Value] = []
    }

    public static func make(table: LocalTable?, parent: Scope?) -> Scope {
        let table = table ?? LocalTable()
        let count = table.count
        let buffer = create(minimumCapacity: count) { _ in Header(table: table, parent: parent, count: count) }
        let scope = unsafeDowncast(buffer, to: Scope.self)
        scope.withUnsafeMutablePointerToElements { $0.initialize(repeating: .null, count: count) }
        return scope
    }

    deinit {
        _ = withUnsafeMutablePointers { header, values in values.deinitialize(count: header.pointee.count) }
    }

    public var table: LocalTable { header.table }
    public var parent: Scope? { header.parent }

    /// The variable at `index` of this scope (nil until assigned).
    @inline(__always) func slot(_ index: Int) -> Value {
        withUnsafeMutablePointers { header, values in
            if index < header.pointee.count { return values[index] }
            let extraIndex = index - header.pointee.count
            return extraIndex < header.pointee.extra.count ? header.pointee.extra[extraIndex] : .null
        }
    }

    @inline(__always) func setSlot(_ index: Int, _ value: Value) {
        withUnsafeMutablePointers { header, values in
            if index < header.pointee.count {
                values[index] = value
                return
            }
            let extraIndex = index - header.pointee.count
            if extraIndex >= header.pointee.extra.count {
                header.pointee.extra.append(contentsOf: repeatElement(.null, count: extraIndex + 1 - header.pointee.extra.count))
            }
            header.pointee.extra[extraIndex] = value
        }
    }

    /// The scope `depth` levels out from this one.
    @inline(__always) func outer(_ depth: Int) -> Scope {
        var scope = self
        var level = depth
        while level > 0 {
            scope = scope.parent.unsafelyUnwrapped
            level -= 1
        }
        return scope
    }

    /// Where `name` lives, counted from this scope: how many scopes out, and its index there.
    func resolve(_ name: String) -> (depth: Int, index: Int)? {
        var scope: Scope? = self
        var depth = 0
        while let current = scope {
            if let index = current.table.index(of: name) { return (depth, index) }
            scope = current.parent
            depth += 1
        }
        return nil
    }

    public func lookup(_ name: String) -> Value? {
        guard let (depth, index) = resolve(name) else { return nil }
        return outer(depth).slot(index)
    }

    /// Assigns where the variable lives, or declares it here.
    public func assign(_ name: String, _ value: Value) {
        if let (depth, index) = resolve(name) {
            outer(depth).setSlot(index, value)
        } else {
            setSlot(table.add(name), value)
        }
    }

    /// Sets `name` in this scope itself (a parameter, a block-local variable).
    public func declareHere(_ name: String, _ value: Value) {
        setSlot(table.add(name), value)
    }

    /// Every name visible here, innermost first, each in the order it was declared.
    public var allNames: [String] {
        var all: [String] = []
        var scope: Scope? = self
        while let current = scope {
            for name in current.table.names where !all.contains(name) { all.append(name) }
            scope = current.parent
        }
        return all
    }
}

/// What a frame's code is, the same for every call of one method (kept on the method) or
/// block (kept on its literal): where `def` puts methods, the `module`/`class` nesting that
/// constants are looked up in, its file, how backtraces name it. Shared, so that making a
/// frame copies one reference instead of four.
public final class FrameContext {
    public let definitionTarget: RModule
    /// The lexical nesting of `module`/`class` bodies, innermost first, for constants.
    public let lexicalModules: [RModule]
    public let file: String
    /// A method name, `<main>`, `block in x`, `<class:Foo>`.
    public let label: String

    public init(definitionTarget: RModule, lexicalModules: [RModule], file: String, label: String) {
        self.definitionTarget = definitionTarget
        self.lexicalModules = lexicalModules
        self.file = file
        self.label = label
    }
}

/// What a method body or block runs with: `self`, locals, the block it was given, its
/// context, and what `return` leaves.
public final class Frame {
    public let selfValue: Value
    /// DSL blocks: bare method calls that `self` does not answer go to this object
    /// (Chef's resource blocks see both the resource's and the recipe's methods).
    public let fallbackSelf: Value?
    public let scope: Scope
    public let context: FrameContext
    /// The method this frame runs, or whose block it runs (for `super` and `__method__`).
    public let method: RMethod?
    /// The arguments of a method made with `define_method` (others read their parameters).
    public let methodArgs: Args?
    public let block: RProc?
    public let returnTag: Int
    public var defaultVisibility: Visibility = .public
    /// The line running now, for backtraces and for where a resource was declared.
    public var line = 0
    /// The tag `break` uses in this frame when it is a block's (-1 elsewhere).
    public var breakTag = -1

    public init(selfValue: Value, fallbackSelf: Value? = nil, scope: Scope, context: FrameContext, method: RMethod?,
                methodArgs: Args? = nil, block: RProc?, returnTag: Int) {
        self.selfValue = selfValue
        self.fallbackSelf = fallbackSelf
        self.scope = scope
        self.context = context
        self.method = method
        self.methodArgs = methodArgs
        self.block = block
        self.returnTag = returnTag
    }

    public var definitionTarget: RModule { context.definitionTarget }
    public var lexicalModules: [RModule] { context.lexicalModules }
    public var file: String { context.file }
    public var label: String { context.label }
}

/// A Ruby exception on its way up the Swift stack. Errors are Sendable in Swift, but this one
/// never leaves the recipe's thread: it is thrown and caught inside one interpreter, and
/// what crosses threads is its message, rendered by the error reporter.
public struct RubyError: Error, @unchecked Sendable {
    public let exception: RException
}

/// Non-local control flow, carried as Swift errors up to the construct that ends it, always
/// within the interpreter's own thread (hence unchecked: Errors must be Sendable).
enum ControlFlow: Error, @unchecked Sendable {
    case breakOut(tag: Int, value: Value)
    case next(Value)
    case returnFrom(tag: Int, value: Value)
    case retry
    case throwTag(tag: Value, value: Value)
}
