#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex, for the little state that threads share (a batch's machines, the
/// known_hosts file). Sendable though unchecked: the pthread mutex is what makes it safe.
public final class Mutex: @unchecked Sendable {
    private var mutex = pthread_mutex_t()

    public init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    public func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

/// At most `limit` threads inside at once; the others wait their turn. For CPU-bound work
/// that many threads ask for together (a batch's key generation), where more threads than
/// cores only add contention. Sendable though unchecked: `available` is touched only under
/// its pthread mutex.
public final class ThreadLimit: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var available: Int

    public init(_ limit: Int) {
        available = max(1, limit)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// As many as this host has processors online.
    public static func processors() -> ThreadLimit { ThreadLimit(processorCount) }

    /// The processors online.
    public static var processorCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    public func run<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        while available == 0 { pthread_cond_wait(&condition, &mutex) }
        available -= 1
        pthread_mutex_unlock(&mutex)
        defer {
            pthread_mutex_lock(&mutex)
            available += 1
            pthread_cond_signal(&condition)
            pthread_mutex_unlock(&mutex)
        }
        return try body()
    }
}

/// A value that threads share, read and changed only under its own lock (a batch's
/// failures, a work queue's next job). Sendable though unchecked: the value is reached only
/// inside `update` and `current`, both under the mutex, and is itself Sendable.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let mutex = Mutex()

    public init(_ value: Value) {
        self.value = value
    }

    public func update<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try mutex.locked { try body(&value) }
    }

    public var current: Value { mutex.locked { value } }
}
