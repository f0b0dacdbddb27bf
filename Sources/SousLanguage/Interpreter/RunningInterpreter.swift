#if canImport(Glibc)
import Glibc
#endif

/// The interpreter whose Ruby world runs on this thread. Code with no interpreter at hand
/// (a hash key comparing two objects of a user class) asks it to call Ruby methods. Each
/// interpreter lives on the thread that made it, and several may live in one process (tests
/// run many at once), so this is kept per thread, not per process.
enum RunningInterpreter {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Not retained: an interpreter clears itself when it is dismantled or freed.
    static var current: Interpreter? {
        get { pthread_getspecific(key).map { Unmanaged<Interpreter>.fromOpaque($0).takeUnretainedValue() } }
        set { pthread_setspecific(key, newValue.map { Unmanaged.passUnretained($0).toOpaque() }) }
    }

    /// Forgets `interpreter` on this thread if it is the one running here.
    static func leave(_ interpreter: Interpreter) {
        if current === interpreter { current = nil }
    }
}

extension Interpreter {
    /// `hash` of an object whose class defines it in Ruby; nil when its class does not.
    func userDefinedHash(_ object: RObject) -> Int? {
        guard let method = userDefinedKeyMethod(object, "hash"),
              case .integer(let value)? = try? invoke(method, .object(object), Args(), name: "hash") else { return nil }
        return value
    }

    /// `a.eql?(b)` when `a`'s class defines `eql?` in Ruby; nil when it does not.
    func userDefinedEql(_ a: RObject, _ b: RObject) -> Bool? {
        guard let method = userDefinedKeyMethod(a, "eql?"),
              let result = try? invoke(method, .object(a), Args([.object(b)]), name: "eql?") else { return nil }
        return result.isTruthy
    }

    private func userDefinedKeyMethod(_ object: RObject, _ name: String) -> RMethod? {
        guard type(of: object) == RObject.self, let method = findMethod(object.klass, name),
              method.owner !== classes.kernel, method.owner !== classes.basicObject else { return nil }
        return method
    }
}
