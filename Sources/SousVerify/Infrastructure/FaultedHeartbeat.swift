import SousSupport

/// A heartbeat whose faults are injected through the directory while it runs, and always
/// restored (also when injecting failed) before it returns.
enum FaultedHeartbeat {
    /// Lets the fault thread use the directory while the interpreter's thread waits.
    private final class Shared: @unchecked Sendable {
        let directory: ServerDirectory
        let faults: [(FaultKind, ServerReference, Int)]
        var injected: [Int] = []
        var failure: Error?
        init(directory: ServerDirectory, faults: [(FaultKind, ServerReference, Int)]) {
            self.directory = directory
            self.faults = faults
        }
    }

    static func run(_ request: HTTPRequest, count: Int, interval: Double, timeout: Double,
                    faults: [(FaultKind, ServerReference, Int)], directory: ServerDirectory) throws -> HeartbeatResult {
        let shared = Shared(directory: directory, faults: faults.sorted { $0.2 < $1.2 })
        var result = Heartbeat.run(request, count: count, interval: interval, timeout: timeout,
                                   triggers: shared.faults.map(\.2)) { position in
            let (kind, server, _) = shared.faults[position]
            guard shared.failure == nil else { return "skipped \(kind.rawValue) of \(server.name)" }
            do {
                try shared.directory.inject(kind, into: server)
                shared.injected.append(position)
                return "\(kind.rawValue) \(server.name)"
            } catch {
                shared.failure = error
                return "could not \(kind.rawValue) \(server.name): \(error)"
            }
        }
        // Restored in the reverse order, every one even if an earlier restore fails.
        var restoreFailure: Error?
        for position in shared.injected.reversed() {
            let (kind, server, _) = shared.faults[position]
            let started = MonotonicClock.seconds()
            do {
                try directory.restore(kind, of: server)
                result.faultLog.append("restored \(server.name) after the last request (\(FixedDecimal.format(MonotonicClock.seconds() - started, places: 2)) s)")
            } catch {
                restoreFailure = restoreFailure ?? error
            }
        }
        if let failure = shared.failure ?? restoreFailure { throw failure }
        return result
    }
}
