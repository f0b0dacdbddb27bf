/// Latencies in a log-linear histogram (as HdrHistogram keeps them): exact below 256 ns,
/// then 128 buckets per power of two, so any percentile read back is within 0.8% of the
/// latency it stands for, in constant memory whatever the number of requests.
public struct LatencyHistogram: Sendable {
    private static let linear = 256
    private static let perPower = 128
    private var counts = [UInt64](repeating: 0, count: linear + 56 * perPower)
    public private(set) var count: UInt64 = 0
    public private(set) var maximum: UInt64 = 0
    public private(set) var total: Double = 0

    public init() {}

    private static func index(_ nanoseconds: UInt64) -> Int {
        if nanoseconds < UInt64(linear) { return Int(nanoseconds) }
        let exponent = 63 - nanoseconds.leadingZeroBitCount
        let shift = exponent - 7
        return linear + (exponent - 8) * perPower + Int(nanoseconds >> UInt64(shift)) - perPower
    }

    /// The middle of a bucket's range.
    private static func value(_ index: Int) -> UInt64 {
        if index < linear { return UInt64(index) }
        let exponent = (index - linear) / perPower + 8
        let sub = UInt64((index - linear) % perPower + perPower)
        let width = UInt64(1) << UInt64(exponent - 7)
        return sub * width + width / 2
    }

    public mutating func record(seconds: Double) {
        let nanoseconds = UInt64(Swift.max(0, seconds) * 1e9)
        counts[Self.index(nanoseconds)] += 1
        count += 1
        maximum = Swift.max(maximum, nanoseconds)
        total += seconds
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
        count += other.count
        maximum = Swift.max(maximum, other.maximum)
        total += other.total
    }

    /// The latency `fraction` of the recorded ones are at or below, in seconds.
    public func percentile(_ fraction: Double) -> Double {
        guard count > 0 else { return 0 }
        let wanted = Swift.max(1, UInt64((fraction * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucket) in counts.enumerated() where bucket > 0 {
            seen += bucket
            if seen >= wanted { return Double(min(Self.value(index), maximum)) / 1e9 }
        }
        return Double(maximum) / 1e9
    }

    public var mean: Double { count == 0 ? 0 : total / Double(count) }
    public var slowest: Double { Double(maximum) / 1e9 }
}
