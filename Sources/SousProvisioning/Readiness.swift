#if canImport(Glibc)
import Glibc
#endif
import SousSupport
import SousSSH

/// Waiting for a machine to answer on SSH: polled with backoff, never slept blindly, up to a
/// deadline; a refused login or host key fails at once (waiting would not change it).
public enum Readiness {
    public static func connect(_ machine: String, timeout: Int, firstDelay: Double, maxDelay: Double,
                               _ attempt: () throws -> MachineConnection) throws -> MachineConnection {
        let deadline = MonotonicClock.seconds() + Double(timeout)
        var delay = firstDelay
        while true {
            do {
                return try attempt()
            } catch let error as SSHError where error.isUnreachable && MonotonicClock.seconds() + delay < deadline {
                usleep(UInt32(delay * 1_000_000))
                delay = min(delay * 2, maxDelay)
            } catch let error as SSHError where error.isUnreachable {
                throw ProvisioningError.notReady(machine: machine, timeout: timeout, lastError: "\(error)", restartLog: nil)
            }
        }
    }
}
