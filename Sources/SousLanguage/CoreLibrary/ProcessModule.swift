#if canImport(Glibc)
import Glibc
#endif

/// Ruby's `Process` module, as much of it as recipes and libraries use to measure and name
/// themselves: `clock_gettime` with its clocks and units, and `pid`.
extension Interpreter {
    func installProcessModule() {
        let process = classes.defineModule("Process")
        let clocks: [(String, Int32)] = [("CLOCK_REALTIME", CLOCK_REALTIME), ("CLOCK_MONOTONIC", CLOCK_MONOTONIC),
                                         ("CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID),
                                         ("CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID)]
        for (name, id) in clocks { process.setConstant(name, .integer(Int(id))) }
        defineSingleton(process, [
            .method("clock_gettime", arity: .checkedByBody) { interp, _, args in
                try interp.checkArity(args, 1...2)
                let id = try interp.toInteger(args[0])
                guard clocks.contains(where: { Int($0.1) == id }) else {
                    throw interp.makeError(interp.classes.systemCallError, "Invalid argument - clock_gettime")
                }
                var now = timespec()
                clock_gettime(clockid_t(id), &now)
                let nanoseconds = Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)
                switch args.count > 1 ? (args[1].asSymbolName ?? "") : "float_second" {
                case "float_second": return .float(Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)
                case "float_millisecond": return .float(Double(nanoseconds) / 1e6)
                case "float_microsecond": return .float(Double(nanoseconds) / 1e3)
                case "second": return .integer(nanoseconds / 1_000_000_000)
                case "millisecond": return .integer(nanoseconds / 1_000_000)
                case "microsecond": return .integer(nanoseconds / 1_000)
                case "nanosecond": return .integer(nanoseconds)
                default: throw interp.argumentError("unexpected unit: \(try interp.inspect(args[1]))")
                }
            },
            .method("pid", arity: .exactly(0)) { _, _, _ in .integer(Int(getpid())) },
            .method("ppid", arity: .exactly(0)) { _, _, _ in .integer(Int(getppid())) },
            .method("uid", arity: .exactly(0)) { _, _, _ in .integer(Int(getuid())) },
            .method("euid", arity: .exactly(0)) { _, _, _ in .integer(Int(geteuid())) },
            .method("gid", arity: .exactly(0)) { _, _, _ in .integer(Int(getgid())) },
            .method("egid", arity: .exactly(0)) { _, _, _ in .integer(Int(getegid())) },
        ])
    }
}
