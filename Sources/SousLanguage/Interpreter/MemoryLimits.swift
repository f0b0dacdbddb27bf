#if canImport(Glibc)
import Glibc
#endif

/// Sizes checked before anything is allocated. A recipe asking for a string or array of
/// 2**40 elements gets Ruby's answer at once — `ArgumentError: argument too big` where Ruby
/// computes an overflow, `NoMemoryError` where its allocation would fail — instead of a
/// process that grows until the kernel kills it, or a trap in Swift's allocator.
extension Interpreter {
    /// Bytes one object may take: half of this machine's memory. Ruby's limit is what
    /// malloc gives; this stops well short of the out-of-memory killer.
    static let allocationLimit: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return 1 << 32 }
        return pages.multipliedReportingOverflow(by: size).overflow ? Int.max / 2 : pages * size / 2
    }()

    /// Ruby's ARY_MAX_SIZE: more elements than this is an ArgumentError, not an allocation.
    static let arrayMaxSize = Int.max / 8

    /// Raises NoMemoryError when `count` things of `size` bytes cannot be allocated.
    func reserve(_ count: Int, bytesEach size: Int) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: max(1, size))
        if overflow || bytes > Self.allocationLimit { throw makeError(classes.noMemoryError, "failed to allocate memory") }
    }

    /// Room for `count` array elements.
    func reserveElements(_ count: Int) throws {
        try reserve(count, bytesEach: MemoryLayout<Value>.stride)
    }

    /// `a * b` for a size Ruby computes before allocating: ArgumentError when it overflows
    /// `limit` (Ruby's `argument too big`).
    func sizeProduct(_ a: Int, _ b: Int, limit: Int = Int.max) throws -> Int {
        guard a == 0 || b == 0 || limit / b >= a else { throw argumentError("argument too big") }
        return a * b
    }
}

extension Interpreter {
    /// Breaks the cycles of this interpreter's world — modules whose constants, methods and
    /// metaclasses point back at each other, the main object, globals — so that it can be
    /// freed. The `sous` command has one interpreter for its whole life and never needs
    /// this; a process that makes one after another (the config fuzzer) does. The
    /// interpreter cannot be used afterwards.
    public func dismantle() {
        var seen = Set<ObjectIdentifier>()
        var pending: [RModule] = classes.map { [$0.object, $0.basicObject, $0.moduleClass, $0.classClass] } ?? []
        while let module = pending.popLast() {
            guard seen.insert(ObjectIdentifier(module)).inserted else { continue }
            for value in module.constants.values { if let inner = value.asModule { pending.append(inner) } }
            if let metaclass = module.metaclass { pending.append(metaclass) }
            if let superclass = module.superclass { pending.append(superclass) }
            pending.append(contentsOf: module.includes)
            module.constants = [:]
            module.constantOrder = []
            module.methods = [:]
            module.methodCache = [:]
            module.ancestorCache = nil
            module.classVariables = [:]
            module.removeAllInstanceVariables()
            module.metaclass = nil
            module.lexicalParent = nil
            module.superclass = nil
            module.includes = []
        }
        globals = [:]
        mainObject?.removeAllInstanceVariables()
        topScope = Scope.make(table: nil, parent: nil)
        sourceCache = [:]
        lastMatch = .null
        libraryResolver = nil
        libraryRefusal = nil
        RunningInterpreter.leave(self)
    }
}
