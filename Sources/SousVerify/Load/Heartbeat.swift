#if canImport(Glibc)
import Glibc
#endif
import SousSupport

/// One request of a heartbeat: when it was sent (seconds from the start), and its answer.
public struct Beat: Sendable {
    public var number: Int
    public var at: Double
    public var outcome: HTTPOutcome
}

public struct HeartbeatResult: Sendable {
    public var beats: [Beat] = []
    public var duration: Double = 0
    /// What the faults did, in order: `killed web1 after request 500 (0.41 s)`.
    public var faultLog: [String] = []

    public var dropped: [Beat] { beats.filter { !$0.outcome.succeeded } }

    /// The longest time between two successful answers (from the start and to the end when
    /// the first or last ones failed).
    public var longestGap: Double {
        var longest = 0.0
        var previous = 0.0
        for beat in beats where beat.outcome.succeeded {
            let answered = beat.at + beat.outcome.elapsed
            longest = max(longest, answered - previous)
            previous = answered
        }
        return max(longest, duration - previous)
    }

    public var statuses: [Int: Int] {
        var counts: [Int: Int] = [:]
        for beat in beats where beat.outcome.error == nil { counts[beat.outcome.status, default: 0] += 1 }
        return counts
    }

    public var summary: String {
        var lines = ["Heartbeat     [requests, dropped]    \(beats.count), \(dropped.count)",
                     "Duration      [total]                \(FixedDecimal.format(duration, places: 3))s",
                     "Longest gap   [between answers]      \(FixedDecimal.format(longestGap * 1000, places: 3))ms"]
        lines += faultLog.map { "Fault         " + $0 }
        for beat in dropped.prefix(10) {
            let why = beat.outcome.error.map { "\($0.rawValue): \(beat.outcome.errorMessage)" } ?? "status \(beat.outcome.status)"
            lines.append("Dropped       #\(beat.number) at \(FixedDecimal.format(beat.at, places: 3))s: \(why)")
        }
        if dropped.count > 10 { lines.append("Dropped       ... and \(dropped.count - 10) more") }
        return lines.joined(separator: "\n")
    }
}

/// Requests sent one after another at a steady interval, each on a connection of its own
/// (as a health checker or a user would), on a thread of its own; `inject` is called on a
/// second thread when request `trigger` is due, so a fault lands while beats go on.
public enum Heartbeat {
    public static func run(_ request: HTTPRequest, count: Int, interval: Double, timeout: Double,
                           triggers: [Int], inject: @escaping @Sendable (Int) -> String) -> HeartbeatResult {
        let progress = Locked(0)
        let beats = Locked([Beat]())
        let log = Locked([String]())
        let started = MonotonicClock.seconds()
        BlockingThreads.run(count: 2, limit: 2) { job in
            if job == 0 {
                for number in 0..<count {
                    let due = started + Double(number) * interval
                    let now = MonotonicClock.seconds()
                    if due > now { Pause.seconds(due - now) }
                    progress.update { $0 = number }
                    let at = MonotonicClock.seconds() - started
                    let outcome = HTTPExchange.perform(request, timeout: timeout)
                    beats.update { $0.append(Beat(number: number, at: at, outcome: outcome)) }
                }
                progress.update { $0 = count }
            } else {
                for (position, trigger) in triggers.enumerated() {
                    // Poll the heartbeat's progress; bounded by its own length.
                    while progress.current < trigger { Pause.seconds(min(interval, 0.002)) }
                    let at = MonotonicClock.seconds() - started
                    let said = inject(position)
                    log.update { $0.append("\(said) at request \(trigger) (\(FixedDecimal.format(at, places: 3)) s)") }
                }
            }
        }
        var result = HeartbeatResult()
        result.beats = beats.current.sorted { $0.number < $1.number }
        result.duration = MonotonicClock.seconds() - started
        result.faultLog = log.current
        return result
    }
}

