#if canImport(Glibc)
import Glibc
#endif
import SousProvisioning
import SousRun
import SousSSH
import SousSupport

/// One machine of a local cluster on the host: its network namespace and link, its files
/// (the overlay's layers, its host key and sshd config), and its init process.
struct LocalMachine {
    let cluster: LocalCluster
    var record: LocalMachineRecord

    var folder: String { cluster.machineFolder(record.name) }
    var upper: String { folder + "/upper" }
    var pidPath: String { folder + "/init.pid" }
    var logPath: String { folder + "/init.log" }

    // MARK: The init

    /// The init's PID, when it runs (the PID file names a live `local-machine-init` of this
    /// machine, not a zombie).
    var initPID: pid_t? {
        guard let text = FileSystem.text(pidPath), let pid = pid_t(text.split(separator: "\n").first ?? "") else { return nil }
        guard let command = FileSystem.text("/proc/\(pid)/cmdline"), command.contains("local-machine-init"), command.contains(pidPath),
              let stat = FileSystem.text("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let state = stat[stat.index(close, offsetBy: 2)...].first
        return state == "Z" || state == "X" ? nil : pid
    }

    var isRunning: Bool { initPID != nil }

    /// Starts the init in the machine's namespaces, detached from this process (its own
    /// session, reparented to the host's init), and waits for its PID file.
    func start(binds: [(source: String, target: String, readOnly: Bool)], hidden: [String]) throws {
        // An init started by a run killed before its PID file appeared is still this
        // machine: it is waited for, not doubled.
        if let starting = initProcessWithoutPIDFile() {
            for _ in 0..<2000 where !isRunning { usleep(5000) }
            if isRunning { return }
            Glibc.kill(starting, SIGKILL)
        }
        for part in ["upper", "work", "merged", "mask"] { try FileSystem.makeDirectories(folder + "/" + part, mode: 0o755) }
        unlink(pidPath)
        var words = ["setsid", "ip", "netns", "exec", record.namespace,
                     "unshare", "--pid", "--fork", "--kill-child", "--mount", "--uts", "--ipc", "--propagation", "private",
                     SousInfo.executablePath, "local-machine-init", "--hostname", record.name, "--upper", upper,
                     "--work", folder + "/work", "--merged", folder + "/merged", "--mask", folder + "/mask", "--pid-file", pidPath]
        for path in hidden { words += ["--hide", path] }
        for bind in [(cluster.hostsPath, "/etc/hosts", true)] + binds {
            words += ["--bind", "\(bind.0):\(bind.1)\(bind.2 ? ":ro" : "")"]
        }
        words += ["--", "/usr/sbin/sshd", "-D", "-e", "-f", "/etc/ssh/sous_sshd_config"]
        let script = "exec </dev/null >>\(shellQuoted(logPath)) 2>&1; " + words.map(shellQuoted).joined(separator: " ") + " &"
        let launched = try CommandRunner.run(.shell(script))
        guard launched.status == 0 else { throw LocalDriverError.startFailed(machine: record.name, said: launched.errorOutput) }
        // Its PID file appears once it runs (bounded: 10 s).
        for _ in 0..<2000 {
            if isRunning { return }
            usleep(5000)
        }
        let log = (FileSystem.text(logPath) ?? "").split(separator: "\n").suffix(5).joined(separator: "\n    ")
        throw LocalDriverError.startTimedOut(machine: record.name, logPath: logPath, logTail: log)
    }

    /// A `local-machine-init` of this machine found in the process table.
    func initProcessWithoutPIDFile() -> pid_t? {
        for entry in ((try? FileSystem.list("/proc")) ?? []).sorted() {
            guard let pid = pid_t(entry), let command = FileSystem.text("/proc/\(entry)/cmdline"),
                  command.contains("local-machine-init"), command.contains("\0\(pidPath)\0") else { continue }
            return pid
        }
        return nil
    }

    /// Asks the init to end every process (TERM, then KILL after 5 s), waiting up to 10 s.
    func stop() throws {
        guard let pid = initPID else { return }
        Glibc.kill(pid, SIGTERM)
        if waitUntilGone(pid, seconds: 10) { return }
        try kill()
    }

    /// Every process of the machine at once: the init dies by SIGKILL, and with it its PID
    /// namespace.
    func kill() throws {
        guard let pid = initPID else { return }
        Glibc.kill(pid, SIGKILL)
        guard waitUntilGone(pid, seconds: 10) else {
            throw LocalDriverError.initDidNotEnd(machine: record.name, pid: pid)
        }
    }

    func waitUntilGone(_ pid: pid_t, seconds: Int) -> Bool {
        for _ in 0..<(seconds * 200) {
            if initPID != pid { return true }
            usleep(5000)
        }
        return false
    }

    // MARK: Network

    /// The namespace, the veth pair (the host end on the bridge, `eth0` inside with the
    /// machine's address) and loopback: made where missing, left alone where present.
    func ensureNetwork() throws {
        let namespace = record.namespace
        if !HostNetwork.namespaceExists(namespace) { try HostCommand.run(["ip", "netns", "add", namespace]) }
        if !HostNetwork.linkExists(record.veth) {
            try HostCommand.run(["ip", "link", "add", record.veth, "type", "veth", "peer", "name", "eth0", "netns", namespace])
        }
        // Every time: a run killed between these steps leaves a link half set up.
        try HostCommand.run(["ip", "link", "set", record.veth, "alias", "\(LocalCluster.aliasPrefix)\(cluster.name)/\(record.name)",
                             "master", cluster.bridge] + (record.partitioned ? [] : ["up"]))
        let inside = try HostCommand.run(["ip", "-n", namespace, "-4", "-o", "addr", "show", "dev", "eth0"])
        if !inside.contains(" \(record.address)/") {
            try HostCommand.run(["ip", "-n", namespace, "addr", "add", "\(record.address)/\(cluster.subnet.prefix)", "dev", "eth0"])
        }
        try HostCommand.run(["ip", "-n", namespace, "link", "set", "eth0", "up"])
        try HostCommand.run(["ip", "-n", namespace, "link", "set", "lo", "up"])
    }

    func setPartitioned(_ partitioned: Bool) throws {
        try HostCommand.run(["ip", "link", "set", record.veth, partitioned ? "down" : "up"])
        var changed = record
        changed.partitioned = partitioned
        try cluster.save(changed)
    }

    // MARK: Files

    /// The machine's host key pair as the driver made it, kept in the machine's folder (which
    /// the machine cannot see): the only key ever recorded for its address.
    var hostKeyPath: String { folder + "/host_ed25519_key" }

    /// In the overlay's upper layer, written before the machine starts: its host key, sshd's
    /// config, the driver's key as root's only authorized key, its hostname. (/etc/hosts is
    /// the cluster's, bound in.) The upper layer is the machine's to change, so every path
    /// is opened beneath it without following links (a machine that made /etc/ssh a link to
    /// a host folder gets a refusal, not a write there); and a host key changed inside the
    /// machine is refused, never recorded.
    func ensureFiles(driverKey: String) throws {
        try FileSystem.makeDirectories(upper, mode: 0o755)
        let files = try ConfinedFolder(upper, owner: "machine \(record.name)")
        try files.makeDirectories("etc/ssh")
        let hostKey = try ensureHostKey(files)
        try cluster.recordHostKey(address: record.address, publicKey: String(decoding: hostKey.publicKey, as: UTF8.self))
        try files.writeIfDifferent("etc/ssh/sous_host_ed25519_key", hostKey.privateKey, mode: 0o600)
        try files.writeIfDifferent("etc/ssh/sous_host_ed25519_key.pub", hostKey.publicKey, mode: 0o644)
        try files.writeIfDifferent("etc/ssh/sous_sshd_config", Array("""
            # Written by sous's local driver for machine \(record.name).
            Port 22
            HostKey /etc/ssh/sous_host_ed25519_key
            AuthorizedKeysFile /etc/ssh/sous_authorized_keys
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PidFile none
            Subsystem sftp internal-sftp
            LogLevel ERROR

            """.utf8), mode: 0o644)
        try files.writeIfDifferent("etc/ssh/sous_authorized_keys", try FileSystem.read(driverKey + ".pub"), mode: 0o600)
        try files.writeIfDifferent("etc/hostname", Array((record.name + "\n").utf8), mode: 0o644)
        if access(cluster.hostsPath, F_OK) != 0 { try cluster.withLock { try cluster.writeHosts() } }
    }

    /// The driver's host key pair for this machine, made the first time. The copy inside the
    /// machine must be that key or absent: any other key was not made by the driver, and
    /// the machine is refused until it is gone.
    func ensureHostKey(_ files: ConfinedFolder) throws -> (privateKey: [UInt8], publicKey: [UInt8]) {
        let inside = try files.read("etc/ssh/sous_host_ed25519_key")
        if !FileSystem.isNonEmptyFile(hostKeyPath) || !FileSystem.isNonEmptyFile(hostKeyPath + ".pub") {
            // A machine made before the driver kept its own copy: its key is adopted only when
            // it is the one recorded for its address.
            if let inside, let publicKey = try files.read("etc/ssh/sous_host_ed25519_key.pub"),
               cluster.isRecordedHostKey(address: record.address, publicKey: String(decoding: publicKey, as: UTF8.self)) {
                try FileSystem.writeSecret(hostKeyPath, inside)
                try FileSystem.replaceAtomically(hostKeyPath + ".pub", with: publicKey, defaultMode: 0o644)
            } else {
                try ensureKeyPair(hostKeyPath, comment: "\(record.name) host")
            }
        }
        let made = (privateKey: try FileSystem.read(hostKeyPath), publicKey: try FileSystem.read(hostKeyPath + ".pub"))
        if let inside, inside != made.privateKey {
            throw LocalDriverError.hostKeyChanged(machine: record.name, keyPath: "\(upper)/etc/ssh/sous_host_ed25519_key")
        }
        return made
    }

    func connect() throws -> MachineConnection {
        let target = SSHTarget(host: record.address, port: 22, user: "root", credentials: [.keyFile(cluster.folder + "/id_ed25519")],
                               hostKeys: .requireKnown(file: cluster.knownHosts), timeout: 5)
        return MachineConnection(ssh: try SSHConnection(target))
    }

    // MARK: Removal

    /// Processes, namespace, link, files, address and known host key: all gone.
    func remove() throws {
        try kill()
        // The link first (its peer goes with it): a namespace is destroyed asynchronously,
        // and its links with it.
        try HostNetwork.deleteLink(record.veth)
        if HostNetwork.namespaceExists(record.namespace) { try HostCommand.run(["ip", "netns", "del", record.namespace]) }
        try cluster.forgetHostKey(address: record.address)
        try FileSystem.removeTree(folder)
        _ = try cluster.whileItExists { try cluster.writeHosts() }
    }
}
