import SousChefServer
import SousSupport

/// Log levels, in Chef's order.
public enum LogLevel: Int, Comparable, CaseIterable, Sendable {
    case debug, info, warn, error, fatal

    public init?(name: String) {
        guard let level = LogLevel.allCases.first(where: { "\($0)" == name }) else { return nil }
        self = level
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// Chef's log lines on stderr: `[2026-11-25T10:00:00+00:00] INFO: message`. The output
/// formatter owns stdout; logs never mix into it.
public final class Logger {
    public var level: LogLevel
    private let write: (String) -> Void
    private let clock: () -> (seconds: Double, utcOffset: Int)

    public init(level: LogLevel, clock: @escaping () -> (seconds: Double, utcOffset: Int), write: @escaping (String) -> Void) {
        self.level = level
        self.clock = clock
        self.write = write
    }

    public func log(_ level: LogLevel, _ message: String) {
        guard level >= self.level else { return }
        write("[\(timestamp())] \("\(level)".uppercased()): \(message)\n")
    }

    public func debug(_ message: String) { log(.debug, message) }
    public func info(_ message: String) { log(.info, message) }
    public func warn(_ message: String) { log(.warn, message) }
    public func error(_ message: String) { log(.error, message) }

    /// ISO 8601 local time with offset, as Chef's logger writes it.
    private func timestamp() -> String {
        let (seconds, offset) = clock()
        let sign = offset < 0 ? "-" : "+"
        let zone = "\(sign)\(CivilTime.pad(abs(offset) / 3600)):\(CivilTime.pad(abs(offset) % 3600 / 60))"
        return CivilTime(seconds: seconds, offset: offset).iso8601 + zone
    }
}
