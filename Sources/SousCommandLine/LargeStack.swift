#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread with a large stack and waits for it.
///
/// The interpreter walks the syntax tree recursively; deep (but legal) recipes and Ruby's
/// own recursion limit need far more than the main thread's 8 MB. The memory is only
/// reserved, not used, until touched. The calling thread waits for the work, so the work
/// and its result are handed over, never used by two threads at once: that is why `work`
/// need not be `@Sendable`.
enum LargeStack {
    static let size = 1 << 30

    private final class Box {
        var work: (() -> Void)?
        init() {}
    }

    static func run<T>(_ work: @escaping () -> T) -> T {
        var result: T?
        let box = Box()
        box.work = { result = work() }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, size)
        let unmanaged = Unmanaged.passRetained(box)
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { pointer in
            let box = Unmanaged<Box>.fromOpaque(pointer!).takeRetainedValue()
            box.work?()
            return nil
        }, unmanaged.toOpaque())
        pthread_attr_destroy(&attributes)
        if status != 0 {
            unmanaged.release()
            return work()
        }
        pthread_join(thread, nil)
        return result!
    }
}
