#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking work (SSH, HTTP) on threads of its own, never on Swift's cooperative pool:
/// `count` jobs, at most `limit` at a time, each on a pthread; returns when all are done.
/// The job is `@Sendable`, so the compiler checks what the threads share.
public enum BlockingThreads {
    public static func run(count: Int, limit: Int, _ job: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let queue = WorkQueue(count: count, job: job)
        var threads: [pthread_t] = []
        for _ in 0..<max(1, min(limit, count)) {
            var thread = pthread_t()
            let box = Unmanaged.passRetained(queue).toOpaque()
            let created = pthread_create(&thread, nil, { argument in
                let queue = Unmanaged<WorkQueue>.fromOpaque(argument!).takeRetainedValue()
                while let index = queue.next() { queue.job(index) }
                return nil
            }, box)
            if created == 0 {
                threads.append(thread)
            } else {
                Unmanaged<WorkQueue>.fromOpaque(box).release()
            }
        }
        if threads.isEmpty {  // no thread could be made: do the work here rather than not at all
            while let index = queue.next() { queue.job(index) }
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    /// The jobs not yet taken, handed out one at a time.
    final class WorkQueue: Sendable {
        let count: Int
        let job: @Sendable (Int) -> Void
        private let taken = Locked(0)

        init(count: Int, job: @escaping @Sendable (Int) -> Void) {
            self.count = count
            self.job = job
        }

        func next() -> Int? {
            taken.update { taken in
                guard taken < count else { return nil }
                taken += 1
                return taken - 1
            }
        }
    }
}
