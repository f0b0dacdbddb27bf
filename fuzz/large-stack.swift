// Shared by the fuzz targets that evaluate or parse recipes: the parser and interpreter
// recurse once per nesting level up to their limits, so they run on the same roomy stack
// the `sous` command gives them instead of libFuzzer's 8 MB main thread.

#if canImport(Glibc)
import Glibc
#endif

private final class StackJob {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs `body` on a thread with a 512 MB stack and waits for it.
func runOnLargeStack(_ body: @escaping () -> Void) {
    let job = Unmanaged.passRetained(StackJob(body))
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, 512 << 20)
    var thread = pthread_t()
    let created = pthread_create(&thread, &attributes, { argument in
        Unmanaged<StackJob>.fromOpaque(argument!).takeRetainedValue().body()
        return nil
    }, job.toOpaque())
    precondition(created == 0, "pthread_create failed")
    pthread_join(thread, nil)
    pthread_attr_destroy(&attributes)
}
