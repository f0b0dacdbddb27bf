#if canImport(Glibc)
import Glibc
#endif
import CSystem
import SousSupport
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
        /// The overlay's layers: the machine's writes, overlayfs's scratch, the mount point,
        /// and where the mask layers are made (a tmpfs of this init's own).
        public var upper: String
        public var work: String
        public var merged: String
        public var mask: String
        /// Host paths the machine must not read (`HiddenHostPaths`): folders emptied, files
        /// removed, in the mask between the host's `/` and the machine's writes.
        public var hidden: [String]
        /// Written with this init's PID as the host sees it.
        public var pidFile: String
        /// Host paths bound into the machine (`source`, `target`, read-only or not).
        public var binds: [(source: String, target: String, readOnly: Bool)]
        public var command: [String]

        public init(hostname: String, upper: String, work: String, merged: String, mask: String, hidden: [String], pidFile: String,
                    binds: [(source: String, target: String, readOnly: Bool)], command: [String]) {
            self.hostname = hostname
            self.upper = upper
            self.work = work
            self.merged = merged
            self.mask = mask
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
            try MachineCapabilities.drop()
            let main = try spawn(configuration.command)
            // The services enabled in the machine, started as a Debian boot starts runlevel
            // 2 (in name order), after sshd so that they never hold up the machine's SSH.
            _ = try? spawn(["/bin/sh", "-c", bootScript])
            return supervise(main: main, signals: &signals)
        } catch {
            complain("\(error)")
            return 1
        }
    }

    /// The PID through the host's /proc, read before the machine's own /proc replaces it.
    static func writePIDFile(_ path: String) throws {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/self", &buffer, buffer.count - 1)
        guard count > 0 else { throw Failure(description: "cannot read /proc/self: \(String(cString: strerror(errno)))") }
        try FileSystem.replaceAtomically(path, with: Array((String(cBuffer: buffer) + "\n").utf8), defaultMode: 0o644)
    }

    /// The machine's root: an overlay whose lowest layer is the host's `/`, with the mask
    /// above it (the hidden host paths emptied or removed), its writes in `upper`; fresh
    /// /proc (its sysctls, sysrq trigger and the like read-only), /sys (read-only), /run,
    /// /tmp and a /dev of its own holding only the harmless devices. Every mount point is
    /// opened beneath the new root without following links: the machine's files are its
    /// own, and a link it planted must not send a mount out onto the host's tree.
    static func makeRoot(_ c: Configuration) throws {
        let root = c.merged
        try HiddenHostPaths.buildMask(at: c.mask, hiding: c.hidden)
        try mountOrFail("overlay", root, "overlay", 0,
                        "lowerdir=\(c.mask)/\(HiddenHostPaths.shownLayer):\(c.mask)/\(HiddenHostPaths.removedLayer):/,"
                            + "upperdir=\(c.upper),workdir=\(c.work)")
        let tree = try ConfinedFolder(root, owner: "machine \(c.hostname)")
        try mount(in: tree, "proc", source: "proc", type: "proc", flags: MS_NOSUID | MS_NODEV | MS_NOEXEC)
        try mount(in: tree, "sys", source: "sysfs", type: "sysfs", flags: MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY)
        try mount(in: tree, "run", source: "tmpfs", type: "tmpfs", flags: MS_NOSUID | MS_NODEV, data: "mode=0755")
        try mount(in: tree, "tmp", source: "tmpfs", type: "tmpfs", flags: MS_NOSUID | MS_NODEV, data: "mode=1777")
        try makeDevices(tree)
        try protectProc(root + "/proc", devNull: root + "/dev/null")
        mkdir(root + "/run/sshd", 0o755)
        for bind in c.binds {
            var info = stat()
            guard stat(bind.source, &info) == 0 else { throw Failure(description: "cannot bind \(bind.source): it does not exist") }
            let target = String(bind.target.drop { $0 == "/" })
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try tree.makeDirectories(target)
            } else {
                try tree.makeDirectories(FileSystem.dirname(of: target))
                // Made only when missing: opening an existing file for writing would copy it up.
                do {
                    close(try tree.open(target, flags: O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, mode: 0o644))
                } catch let failure as SystemCallFailure where failure.code == EEXIST {}
            }
            try mount(in: tree, target, source: bind.source, type: nil, flags: MS_BIND | MS_REC)
            if bind.readOnly {
                // The bind is a mount of its own now: opened again, the path is its root.
                try mount(in: tree, target, source: nil, type: nil, flags: MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC)
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

    /// O_PATH (a GNU extension Swift's Glibc does not show): a descriptor that names a place.
    static let openPathOnly: Int32 = 0o10000000

    /// Mounts on `target` inside the new root, reached through a descriptor opened beneath it.
    static func mount(in tree: ConfinedFolder, _ target: String, source: String?, type: String?, flags: Int, data: String? = nil) throws {
        let fd = try tree.open(target, flags: openPathOnly | O_NOFOLLOW)
        defer { close(fd) }
        try mountOrFail(source, "/proc/self/fd/\(fd)", type, UInt(flags), data, shownAs: "/" + target)
    }

    static func mountOrFail(_ source: String?, _ target: String, _ type: String?, _ flags: UInt, _ data: String?,
                            shownAs: String? = nil) throws {
        guard Glibc.mount(source, target, type, flags, data) == 0 else {
            throw Failure(description: "mount \(type ?? "bind") \(source ?? "") on \(shownAs ?? target): \(String(cString: strerror(errno)))")
        }
    }

    /// A /dev of the machine's own (the host's would give it the host's disks): a tmpfs with
    /// null, zero, full, random, urandom and tty, its own pseudo-terminals and shared memory.
    static func makeDevices(_ tree: ConfinedFolder) throws {
        try mount(in: tree, "dev", source: "tmpfs", type: "tmpfs", flags: MS_NOSUID | MS_NOEXEC, data: "mode=0755,size=64k")
        let dev = try tree.open("dev", flags: O_RDONLY | O_DIRECTORY)
        defer { close(dev) }
        // makedev(major, minor) is major << 8 | minor for numbers under 256.
        for (name, major, minor) in [("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0)] {
            guard mknodat(dev, name, S_IFCHR | 0o666, dev_t((major << 8) | minor)) == 0 else {
                throw Failure(description: "mknod /dev/\(name): \(String(cString: strerror(errno)))")
            }
            fchmodat(dev, name, 0o666, 0)
        }
        for folder in ["pts", "shm"] { mkdirat(dev, folder, 0o755) }
        try mount(in: tree, "dev/pts", source: "devpts", type: "devpts", flags: MS_NOSUID | MS_NOEXEC,
                  data: "newinstance,ptmxmode=0666,mode=0620,gid=5")
        try mount(in: tree, "dev/shm", source: "tmpfs", type: "tmpfs", flags: MS_NOSUID | MS_NODEV, data: "mode=1777")
        for (name, target) in [("ptmx", "pts/ptmx"), ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                               ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")] {
            symlinkat(target, dev, name)
        }
    }

    /// What of /proc reaches past the machine: the kernel's sysctls and the sysrq trigger
    /// (read-only), the kernel's memory and keys (empty).
    static func protectProc(_ proc: String, devNull: String) throws {
        for path in ["sys", "sysrq-trigger", "irq", "bus", "fs"] where access("\(proc)/\(path)", F_OK) == 0 {
            try mountOrFail("\(proc)/\(path)", "\(proc)/\(path)", nil, UInt(MS_BIND | MS_REC), nil)
            try mountOrFail(nil, "\(proc)/\(path)", nil, UInt(MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC), nil)
        }
        for path in ["kcore", "keys", "timer_list", "sched_debug"] where access("\(proc)/\(path)", F_OK) == 0 {
            try mountOrFail(devNull, "\(proc)/\(path)", nil, UInt(MS_BIND), nil)
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

    /// Runs the machine's runlevel 2 start links in order; what they print goes to
    /// /var/log/sous-boot.log in the machine.
    static let bootScript = """
        exec >>/var/log/sous-boot.log 2>&1 </dev/null
        for link in /etc/rc2.d/S*; do
          [ -x "$link" ] || continue
          echo "starting $link"
          "$link" start || echo "$link start failed: exit $?"
        done
        """

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
                    complain("the machine's sshd ended; the machine stops")
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

    /// A line on standard error (descriptor 2 itself: C's `stderr` is a shared global).
    static func complain(_ message: String) {
        let bytes = Array("sous local-machine-init: \(message)\n".utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
