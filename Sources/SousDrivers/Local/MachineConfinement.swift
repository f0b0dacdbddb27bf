#if canImport(Glibc)
import Glibc
#endif
import CSystem
import SousRun
import SousSupport

/// What of the host a local machine must not read. A machine's root is an overlay whose
/// lowest layer is the host's `/`, so without this it would read every host file root can.
/// Two mask layers sit between that and the machine's own writes, made afresh on a tmpfs of
/// the machine's init at every start: in `removed`, a whiteout for each hidden path (which
/// hides it and all below it), and in `shown`, an empty folder with the same mode and owner
/// for each hidden folder, so the machine still has an (empty) `/root` of its own to write
/// to. The machine's writes land above both, in its own layer, and stay its own.
///
/// The list (README, "Security"): `/root`, `/home`, `/etc/chef`, `/etc/ssl/private`,
/// `/var/tmp`, `/var/lib/sous` and the driver's state folder (every machine's keys and
/// files) emptied; the host's SSH host keys (`/etc/ssh/ssh_host_*_key`) and the backup
/// password files (`/etc/shadow-`, `/etc/gshadow-`) removed; `/etc/shadow` and
/// `/etc/gshadow` kept with every password hash replaced by `*` (the users stay, their
/// passwords do not); and the folder of each key the run signs with (`client_key`,
/// `validation_key`: a workstation's `.chef` folder, the development Chef server's data).
public enum HiddenHostPaths {
    static let shownLayer = "shown"
    static let removedLayer = "removed"

    static let standard = ["/root", "/home", "/etc/chef", "/etc/ssl/private", "/var/tmp", "/var/lib/sous",
                           "/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-"] + hostBootLinks
    /// The host's boot links: the host's enabled services are the host's, so a machine
    /// starts with none enabled, and its init starts only what was enabled in it.
    static let hostBootLinks = ["0", "1", "2", "3", "4", "5", "6", "S"].map { "/etc/rc\($0).d" }
    /// Kept, with their password hashes replaced by `*`.
    static let scrubbed: Set<String> = ["/etc/shadow", "/etc/gshadow"]

    /// Every path to hide for a machine: the standard ones, the host's SSH host keys, the
    /// state folder, and the folders of `secrets` (key files named by the run's config).
    static func paths(stateRoot: String, secrets: [String]) -> [String] {
        let hostKeys = ((try? FileSystem.list("/etc/ssh")) ?? []).sorted()
            .filter { $0.hasPrefix("ssh_host_") && $0.hasSuffix("_key") }.map { "/etc/ssh/" + $0 }
        let secretFolders = secrets.map { FileSystem.dirname(of: $0) }.filter { $0.hasPrefix("/") && $0.split(separator: "/").count >= 2 }
        var seen = Set<String>()
        return (standard + hostKeys + [stateRoot] + secretFolders).filter { seen.insert($0).inserted }
    }

    /// Makes the mask on a fresh tmpfs at `folder` (in the init's own mount namespace).
    static func buildMask(at folder: String, hiding paths: [String]) throws {
        try MachineInit.mountOrFail("tmpfs", folder, "tmpfs", UInt(MS_NOSUID | MS_NODEV), "mode=0700")
        for layer in [shownLayer, removedLayer] {
            guard mkdir("\(folder)/\(layer)", 0o755) == 0 else { throw MachineInit.Failure(description: "mkdir \(folder)/\(layer): \(String(cString: strerror(errno)))") }
        }
        var hiddenFolders: [String] = []
        for path in paths.sorted(by: { $0.count < $1.count }) {
            // Below a folder already hidden, there is nothing left to hide.
            if hiddenFolders.contains(where: { path.hasPrefix($0 + "/") }) { continue }
            var info = stat()
            guard path.hasPrefix("/"), path != "/", lstat(path, &info) == 0 else { continue }
            let parent = FileSystem.dirname(of: path)
            try copyFolders(parent, into: "\(folder)/\(removedLayer)")
            guard mknod("\(folder)/\(removedLayer)\(path)", S_IFCHR | 0o000, 0) == 0 || errno == EEXIST else {
                throw MachineInit.Failure(description: "cannot hide \(path) (whiteout): \(String(cString: strerror(errno)))")
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                hiddenFolders.append(path)
                try copyFolders(path, into: "\(folder)/\(shownLayer)")
            } else if scrubbed.contains(path), (info.st_mode & S_IFMT) == S_IFREG {
                try copyFolders(parent, into: "\(folder)/\(shownLayer)")
                try writeScrubbed(path, info: info, to: "\(folder)/\(shownLayer)\(path)")
            }
        }
    }

    /// `path` and the folders above it, made in `layer` with the host's modes and owners
    /// (the topmost layer that has a folder gives the machine its mode and owner).
    static func copyFolders(_ path: String, into layer: String) throws {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/\(part)"
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            let copy = layer + current
            if mkdir(copy, 0o700) != 0 {
                guard errno == EEXIST else { throw MachineInit.Failure(description: "mkdir \(copy): \(String(cString: strerror(errno)))") }
                continue
            }
            chown(copy, info.st_uid, info.st_gid)
            chmod(copy, info.st_mode & 0o7777)
        }
    }

    /// A copy of a shadow file with every password hash replaced by `*`.
    static func writeScrubbed(_ path: String, info: stat, to copy: String) throws {
        let text = FileSystem.text(path) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if fields.count > 1 { fields[1] = "*" }
            return fields.joined(separator: ":")
        }
        try FileSystem.overwrite(copy, with: Array(lines.joined(separator: "\n").utf8))
        chown(copy, info.st_uid, info.st_gid)
        chmod(copy, info.st_mode & 0o7777)
    }
}

/// The capabilities a local machine's processes may have: Docker's default set without
/// CAP_MKNOD (a machine has no device cgroup to stop it making a node for the host's disk).
/// Gone, among others: CAP_SYS_ADMIN (mounts: a machine cannot uncover what its init
/// hid), CAP_NET_ADMIN (routes, addresses, firewall rules: it cannot route to the host's
/// other addresses), CAP_SYS_MODULE, CAP_SYS_PTRACE, CAP_SYS_RAWIO, CAP_DAC_READ_SEARCH
/// (`open_by_handle_at` reaches any file of the host's file system), CAP_SYS_TIME,
/// CAP_SYS_BOOT. Dropped from the bounding set by the init, so no process of the machine,
/// root or setuid, ever gets them back.
public enum MachineCapabilities {
    static let kept: [Int32] = [
        0,   // CAP_CHOWN
        1,   // CAP_DAC_OVERRIDE
        3,   // CAP_FOWNER
        4,   // CAP_FSETID
        5,   // CAP_KILL
        6,   // CAP_SETGID
        7,   // CAP_SETUID
        8,   // CAP_SETPCAP
        10,  // CAP_NET_BIND_SERVICE
        13,  // CAP_NET_RAW
        18,  // CAP_SYS_CHROOT (sshd's privilege separation)
        29,  // CAP_AUDIT_WRITE
        31,  // CAP_SETFCAP
    ]

    /// The bounding set cut to `kept`; the init itself keeps only CAP_KILL (to end the
    /// machine's processes of any user).
    static func drop() throws {
        let mask = kept.reduce(UInt64(0)) { $0 | (UInt64(1) << UInt64($1)) }
        guard sous_limit_capabilities(mask, UInt64(1) << 5) == 0 else {
            throw MachineInit.Failure(description: "cannot drop the machine's capabilities: \(String(cString: strerror(errno)))")
        }
    }
}
