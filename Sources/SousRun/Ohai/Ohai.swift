#if canImport(Glibc)
import Glibc
#endif
import SousLanguage
import SousChefData
import SousSupport

/// The automatic attributes, as ohai names and shapes them (chef/ohai's Linux plugins):
/// platform, kernel, host names, network and addresses, CPU, memory, file systems, Debian
/// packages, virtualization. Read from /proc, /sys, /etc and dpkg's database directly, and
/// from `ip` for addresses and routes, so a run spends milliseconds where ohai spends
/// seconds; `sous ohai` prints them, and a test compares them with ohai's own.
public enum Ohai {
    /// This machine's host name, as `uname -n` prints it.
    public static var hostname: String { uname().nodename }

    /// The facts beyond the system's own (names, platform, kernel, users, time), which cost
    /// processes (`ip`) or large reads (dpkg's database, every mount).
    public struct Plugins: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let network = Plugins(rawValue: 1)
        public static let hardware = Plugins(rawValue: 2)
        public static let packages = Plugins(rawValue: 4)
        public static let all: Plugins = [.network, .hardware, .packages]
    }

    /// The facts, as one JSON object (ohai's top-level keys).
    public static func collect(_ plugins: Plugins = .all) -> JSON {
        var facts: [(String, JSON)] = []
        facts += systemFacts()
        if plugins.contains(.network) { facts += NetworkFacts.collect().attributes }
        if plugins.contains(.hardware) { facts += HardwareFacts.collect() }
        if plugins.contains(.packages) { facts.append(("packages", PackageFacts.collect())) }
        facts.append(("virtualization", virtualization()))
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        facts.append(("ohai_time", .float(Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)))
        return .object(facts)
    }

    /// Sets every fact at the automatic level of `node`, replacing what was there under the
    /// same keys (the `ohai` resource reloads them this way).
    public static func apply(_ facts: JSON, to node: ChefNode, interpreter: Interpreter) throws {
        for (key, value) in facts.objectValue ?? [] {
            try node.set([key], to: interpreter.rubyValue(from: value), at: .automatic)
        }
    }

    public static func collect(into node: ChefNode, interpreter: Interpreter, plugins: Plugins = .all) throws {
        try apply(collect(plugins), to: node, interpreter: interpreter)
    }

    // MARK: Platform, kernel, names, time

    static func uname() -> (sysname: String, nodename: String, release: String, version: String, machine: String) {
        var names = utsname()
        Glibc.uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return (field(names.sysname), field(names.nodename), field(names.release), field(names.version), field(names.machine))
    }

    static func systemFacts() -> [(String, JSON)] {
        let names = uname()
        let release = osRelease()
        let platform = release["ID"] ?? "linux"
        let shortName = names.nodename.split(separator: ".").first.map(String.init) ?? names.nodename
        var facts: [(String, JSON)] = [
            ("hostname", .string(shortName)),
            ("machinename", .string(names.nodename)),
        ]
        let fqdn = canonicalName(of: names.nodename)
        facts.append(("fqdn", fqdn.map(JSON.string) ?? .null))
        if let fqdn, let dot = fqdn.firstIndex(of: ".") { facts.append(("domain", .string(String(fqdn[fqdn.index(after: dot)...])))) }
        facts += [
            ("os", .string(names.sysname.lowercased())),
            ("os_version", .string(names.release)),
            ("platform", .string(platform)),
            ("platform_version", .string(release["VERSION_ID"] ?? FileSystem.text("/etc/debian_version")?.trimmingWhitespace ?? "")),
            ("platform_family", .string(family(of: platform, like: release["ID_LIKE"]))),
            ("os_release", .object(release.sorted { $0.key < $1.key }.map { key, value in
                (key.lowercased(), key == "ID_LIKE" ? .array(value.split(separator: " ").map { .string(String($0)) }) : .string(value))
            })),
            ("kernel", .object([
                ("name", .string(names.sysname)), ("release", .string(names.release)), ("version", .string(names.version)),
                // `uname -p`: GNU coreutils on Linux says "unknown".
                ("machine", .string(names.machine)), ("processor", .string("unknown")),
                ("os", .string(names.sysname == "Linux" ? "GNU/Linux" : names.sysname)),
            ])),
            ("lsb", lsb(release)),
            ("root_group", .string(groupName(0) ?? "root")),
            ("current_user", userName(geteuid()).map(JSON.string) ?? .null),
            ("init_package", .string(FileSystem.text("/proc/1/comm")?.split(separator: "\n").first.map(String.init) ?? "init")),
            ("command", .object([("ps", .string("ps -ef"))])),
            ("chef_packages", .object([("chef", .object([("version", .string(SousInfo.version)), ("chef_root", .string("sous"))]))])),
        ]
        if let machineID = FileSystem.text("/etc/machine-id")?.trimmingWhitespace, !machineID.isEmpty {
            facts.append(("machine_id", .string(machineID)))
        }
        if let uptime = FileSystem.text("/proc/uptime")?.split(separator: " ").first.flatMap({ Double($0) }) {
            facts.append(("uptime_seconds", .integer(Int(uptime))))
            facts.append(("uptime", .string(durationText(Int(uptime)))))
        }
        return facts
    }

    /// The canonical name of `host`, as the resolver gives it from /etc/hosts: the first name
    /// on the line that lists it. Not asked of DNS, which a machine with no route out would
    /// make every run wait for.
    static func canonicalName(of host: String) -> String? {
        guard let text = FileSystem.text("/etc/hosts") else { return nil }
        for line in text.split(separator: "\n") {
            let words = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count >= 2, words.dropFirst().contains(host) else { continue }
            return words[1]
        }
        return nil
    }

    /// `lsb_release -a` as ohai reads it (only where lsb_release is installed), from the
    /// os-release file lsb_release itself reads on Debian.
    static func lsb(_ release: [String: String]) -> JSON {
        guard FileSystem.kind("/usr/bin/lsb_release") == .file else { return .object([]) }
        var fields: [(String, JSON)] = []
        if let name = release["NAME"] { fields.append(("id", .string(name.split(separator: " ").first.map(String.init) ?? name))) }
        if let pretty = release["PRETTY_NAME"] { fields.append(("description", .string(pretty))) }
        if let version = release["VERSION_ID"] { fields.append(("release", .string(version))) }
        if let codename = release["VERSION_CODENAME"] { fields.append(("codename", .string(codename))) }
        return .object(fields)
    }

    /// ohai's uptime text: `9 hours 03 minutes 19 seconds`, with days when there are any.
    static func durationText(_ seconds: Int) -> String {
        let days = seconds / 86400, hours = seconds % 86400 / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if days > 0 { return "\(days) days \(two(hours)) hours \(two(minutes)) minutes \(two(rest)) seconds" }
        if hours > 0 { return "\(hours) hours \(two(minutes)) minutes \(two(rest)) seconds" }
        if minutes > 0 { return "\(minutes) minutes \(two(rest)) seconds" }
        return "\(rest) seconds"
    }

    static func userName(_ uid: uid_t) -> String? {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    static func groupName(_ gid: gid_t) -> String? {
        guard let entry = getgrgid(gid), let name = entry.pointee.gr_name else { return nil }
        return String(cString: name)
    }

    /// `/etc/os-release` as key and unquoted value.
    static func osRelease() -> [String: String] {
        guard let text = FileSystem.text("/etc/os-release") else { return [:] }
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            result[String(line[..<equals])] = String(value)
        }
        return result
    }

    /// Ohai's platform families.
    static func family(of platform: String, like: String?) -> String {
        switch platform {
        case "debian", "ubuntu", "linuxmint", "raspbian", "cumulus", "kali", "pop": return "debian"
        case "rhel", "centos", "redhat", "rocky", "almalinux", "oracle", "scientific": return "rhel"
        case "amazon": return "amazon"
        case "fedora": return "fedora"
        case "alpine": return "alpine"
        case "arch": return "arch"
        case "opensuse", "opensuse-leap", "sles", "suse": return "suse"
        default:
            if let like, like.contains("debian") { return "debian" }
            if let like, like.contains("rhel") || like.contains("fedora") { return "rhel" }
            return platform
        }
    }

    // MARK: Virtualization

    /// ohai's guesses, in ohai's order (the last one found names `system` and `role`):
    /// container markers, a docker command on the PATH (a docker host, which wins over the
    /// guest marker), then the hypervisor /proc/cpuinfo names. `{systems: {}}` when
    /// nothing shows.
    static func virtualization() -> JSON {
        var systems: [(String, String)] = []
        var last: (String, String)?
        func found(_ system: String, _ role: String) {
            if let index = systems.firstIndex(where: { $0.0 == system }) { systems[index].1 = role } else { systems.append((system, role)) }
            last = (system, role)
        }
        let cgroup = FileSystem.text("/proc/self/cgroup") ?? ""
        let environ = (try? FileSystem.read("/proc/1/environ")).map { String(decoding: $0.map { $0 == 0 ? 10 : $0 }, as: UTF8.self) } ?? ""
        if FileSystem.kind("/.dockerenv") != nil || cgroup.contains(":/docker/") { found("docker", "guest") }
        if cgroup.contains(":/lxc/") || environ.contains("container=lxc") || FileSystem.kind("/dev/lxd/sock") != nil { found("lxc", "guest") }
        if environ.contains("container=systemd-nspawn") { found("nspawn", "guest") }
        if environ.contains("container=podman") { found("podman", "guest") }
        let path = (getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin").split(separator: ":")
        if path.contains(where: { access("\($0)/docker", X_OK) == 0 }) { found("docker", "host") }
        let cpuinfo = FileSystem.text("/proc/cpuinfo") ?? ""
        if cpuinfo.contains("QEMU Virtual CPU") || cpuinfo.contains("Common KVM processor") || cpuinfo.contains(" hypervisor") {
            found("kvm", "guest")
        }
        var result: [(String, JSON)] = [("systems", .object(systems.map { ($0.0, .string($0.1)) }))]
        if let last { result += [("system", .string(last.0)), ("role", .string(last.1))] }
        return .object(result)
    }
}

extension String {
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
