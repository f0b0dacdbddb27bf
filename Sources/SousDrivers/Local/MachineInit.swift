#if canImport(Glibc)
import Glibc
#endif
import CSystem
import SousLanguage
import SousRun

/// PID 1 of a local machine (`sous local-machine-init`, started by the local driver inside
/// the machine's new PID, mount, UTS and IPC namespaces and its network namespace). It
/// gives the machine its root — an overlay over the host's `/` whose writes go to the
/// machine's own folder — its hostname, fresh /proc, /sys, /run and /tmp, then starts sshd
/// and reaps every orphan until told to stop. SIGTERM stops the machine: every process is
/// asked to end, then killed; SIGKILL from the host kills the whole machine at once.
public enum MachineInit {
    public struct Configuration {
        public var hostname: String
        /// The overlay's layers: the machine's writes, overlayfs's scratch, the mount point.
        public var upper: String
        public var work: String
        public var merged: String
        /// Where the driver keeps every machine's files: hidden inside the machine, so that
        /// one machine cannot read another's.
        public var hidden: [String]
        /// Written with this init's PID as the host sees it.
        public var pidFile: String
        /// Host paths bound into the machine (`source`, `target`, read-only or not).
        public var binds: [(source: String, target: String, readOnly: Bool)]
        public var command: [String]

        public init(hostname: String, upper: String, work: String, merged: String, hidden: [String], pidFile: String,
                    binds: [(source: String, target: String, readOnly: Bool)], command: [String]) {
            self.hostname = hostname
            self.upper = upper
            self.work = work
            self.merged = merged
            self.hidden = hidden
            self.pidFile = pidFile
            self.binds = binds
            self.command = command
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the machine; returns the exit status for the init process.
    public static func run(_ configuration: Configuration) -> Int32 {
        sous_closefrom(3)  // the machine keeps nothing of whoever started it
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGCHLD, SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        do {
            try writePIDFile(configuration.pidFile)
            try makeRoot(configuration)
            guard sethostname(configuration.hostname, configuration.hostname.utf8.count) == 0 else {
                throw Failure(description: "sethostname \(configuration.hostname): \(String(cString: strerror(errno)))")
            }
            let main = try spawn(configuration.command)
            return supervise(main: main, signals: &signals)
        } catch {
            fputs("sous local-machine-init: \(error)\n", stderr)
            return 1
        }
    }

    /// The PID through the host's /proc, read before the machine's own /proc replaces it.
    static func writePIDFile(_ path: String) throws {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/self", &buffer, buffer.count - 1)
        guard count > 0 else { throw Failure(description: "cannot read /proc/self: \(String(cString: strerror(errno)))") }
        try FileSystem.replaceAtomically(path, with: Array((String(cString: buffer) + "\n").utf8), defaultMode: 0o644)
    }

    static func makeRoot(_ c: Configuration) throws {
        let root = c.merged
        try mountOrFail("overlay", root, "overlay", 0, "lowerdir=/,upperdir=\(c.upper),workdir=\(c.work)")
        try mountOrFail("proc", root + "/proc", "proc", UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC), nil)
        try mountOrFail("sysfs", root + "/sys", "sysfs", UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY), nil)
        try mountOrFail("/dev", root + "/dev", nil, UInt(MS_BIND | MS_REC), nil)
        try mountOrFail("tmpfs", root + "/run", "tmpfs", UInt(MS_NOSUID | MS_NODEV), "mode=0755")
        try mountOrFail("tmpfs", root + "/tmp", "tmpfs", UInt(MS_NOSUID | MS_NODEV), "mode=1777")
        mkdir(root + "/run/sshd", 0o755)
        for folder in c.hidden where access(root + folder, F_OK) == 0 {
            try mountOrFail("tmpfs", root + folder, "tmpfs", UInt(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC), "mode=0755,size=4k")
        }
        for bind in c.binds {
            let target = root + bind.target
            var info = stat()
            guard stat(bind.source, &info) == 0 else { throw Failure(description: "cannot bind \(bind.source): it does not exist") }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try? FileSystem.makeDirectories(target)
            } else if access(target, F_OK) != 0 {
                try? FileSystem.makeDirectories(FileSystem.dirname(of: target))
                close(open(target, O_CREAT | O_WRONLY, 0o644))
            }
            try mountOrFail(bind.source, target, nil, UInt(MS_BIND | MS_REC), nil)
            if bind.readOnly {
                try mountOrFail(nil, target, nil, UInt(MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC), nil)
            }
        }
        // Into the new root; the host's tree is let go.
        let old = "/.sous-old-root"
        mkdir(root + old, 0o700)
        guard chdir(root) == 0, sous_pivot_root(".", "." + old) == 0 else {
            throw Failure(description: "pivot_root into \(root): \(String(cString: strerror(errno)))")
        }
        guard chroot(".") == 0, chdir("/") == 0, umount2(old, Int32(MNT_DETACH)) == 0 else {
            throw Failure(description: "leaving the host's root: \(String(cString: strerror(errno)))")
        }
        rmdir(old)
    }

    static func mountOrFail(_ source: String?, _ target: String, _ type: String?, _ flags: UInt, _ data: String?) throws {
        guard mount(source, target, type, flags, data) == 0 else {
            throw Failure(description: "mount \(type ?? "bind") \(source ?? "") on \(target): \(String(cString: strerror(errno)))")
        }
    }

    /// Starts the machine's main process with default signal handling (this init's mask is
    /// not passed on).
    static func spawn(_ command: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, command[0], nil, &attributes, argv, environ)
        guard status == 0 else { throw Failure(description: "cannot start \(command[0]): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Reaps every child (orphans included) until the main process ends, or until told to
    /// stop; then ends every process of the machine.
    static func supervise(main: pid_t, signals: inout sigset_t) -> Int32 {
        while true {
            var signal: Int32 = 0
            guard sigwait(&signals, &signal) == 0 else { continue }
            if signal == SIGCHLD {
                var mainEnded = false
                var status: Int32 = 0
                while true {
                    let pid = waitpid(-1, &status, WNOHANG)
                    if pid <= 0 { break }
                    if pid == main { mainEnded = true }
                }
                if mainEnded {
                    fputs("sous local-machine-init: the machine's sshd ended; the machine stops\n", stderr)
                    endEveryProcess()
                    return 1
                }
            } else {
                endEveryProcess()
                return 0
            }
        }
    }

    /// TERM to every process of the machine, up to 5 s to end, then KILL.
    static func endEveryProcess() {
        kill(-1, SIGTERM)
        var waitSet = sigset_t()
        sigemptyset(&waitSet)
        sigaddset(&waitSet, SIGCHLD)
        var timeout = timespec(tv_sec: 5, tv_nsec: 0)
        let deadline = MonotonicClock.seconds() + 5
        while true {
            var status: Int32 = 0
            while waitpid(-1, &status, WNOHANG) > 0 {}
            if waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD { return }
            let remaining = deadline - MonotonicClock.seconds()
            guard remaining > 0 else { break }
            timeout = timespec(tv_sec: Int(remaining), tv_nsec: Int((remaining - remaining.rounded(.down)) * 1e9))
            _ = sigtimedwait(&waitSet, nil, &timeout)
        }
        kill(-1, SIGKILL)
        var status: Int32 = 0
        while waitpid(-1, &status, 0) > 0 {}
    }
}
