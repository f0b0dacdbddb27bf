#if canImport(Glibc)
import Glibc
#endif
import SousLanguage
import SousChefData
import SousSupport

/// The automatic attributes sous knows about this machine (what ohai reports first):
/// host name, platform and its family and version, kernel.
public enum SystemFacts {
    /// This machine's host name, as `uname -n` prints it.
    public static var hostname: String { uname().nodename }

    private static func uname() -> (sysname: String, nodename: String, release: String, machine: String) {
        var names = utsname()
        Glibc.uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return (field(names.sysname), field(names.nodename), field(names.release), field(names.machine))
    }

    public static func collect(into node: ChefNode, interpreter: Interpreter) throws {
        let names = uname()
        let hostname = names.nodename
        let release = osRelease()
        let platform = release["ID"] ?? "linux"
        let facts: [(String, String)] = [
            ("hostname", hostname.split(separator: ".").first.map(String.init) ?? hostname),
            ("fqdn", hostname),
            ("machinename", hostname),
            ("os", names.sysname.lowercased()),
            ("platform", platform),
            ("platform_version", release["VERSION_ID"] ?? ""),
            ("platform_family", family(of: platform, like: release["ID_LIKE"])),
        ]
        for (key, value) in facts {
            try node.set([key], to: interpreter.makeString(value), at: .automatic)
        }
        try node.set(["kernel", "name"], to: interpreter.makeString(names.sysname), at: .automatic)
        try node.set(["kernel", "release"], to: interpreter.makeString(names.release), at: .automatic)
        try node.set(["kernel", "machine"], to: interpreter.makeString(names.machine), at: .automatic)
    }

    /// `/etc/os-release` as key and unquoted value.
    static func osRelease() -> [String: String] {
        guard let bytes = try? FileSystem.read("/etc/os-release") else { return [:] }
        var result: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
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
        case "debian", "ubuntu", "linuxmint", "raspbian": return "debian"
        case "rhel", "centos", "redhat", "rocky", "almalinux", "oracle", "amazon", "scientific": return platform == "amazon" ? "amazon" : "rhel"
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
}
