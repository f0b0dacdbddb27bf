#if canImport(Glibc)
import Glibc
#endif

/// Seconds on the monotonic clock, for deadlines and timeouts (the wall clock can jump).
public enum MonotonicClock {
    public static func seconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
