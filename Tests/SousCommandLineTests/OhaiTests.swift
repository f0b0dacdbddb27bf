import Foundation
import Testing

/// `sous ohai` against ohai itself (Debian's `ohai` package, run here at test time): every
/// fact both report about this host must agree. What changes between the two runs (free
/// memory, bytes used, uptime) is compared loosely or not at all.
@Suite struct OhaiTests {
    func json(_ result: ProcessResult, _ what: String) throws -> [String: Any] {
        try #require(result.status == 0, "\(what): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(what) printed no JSON object")
    }

    func same(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil), (is NSNull, nil), (nil, is NSNull), (is NSNull, is NSNull): return true
        case let (a as NSObject, b as NSObject): return a.isEqual(b)
        default: return false
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ohai"), "ohai is not installed (make deps installs it)"))
    func factsAgreeWithOhai() throws {
        // sous before and after ohai: what changed meanwhile (other tests make and remove
        // links and mounts) is not compared.
        let sous = try json(try ProcessRunner.run(TestPaths.sous, ["ohai"], timeout: 60), "sous ohai")
        let reference = try json(try ProcessRunner.run("/usr/bin/ohai", [], timeout: 120), "ohai")
        let after = try json(try ProcessRunner.run(TestPaths.sous, ["ohai"], timeout: 60), "sous ohai")
        func stable(_ path: [String]) -> Set<String> {
            func dig(_ object: [String: Any]) -> [String: Any] {
                path.reduce(object) { ($0[$1] as? [String: Any]) ?? [:] }
            }
            let before = dig(sous), later = dig(after)
            return Set(before.keys.filter { key in
                guard let a = before[key], let b = later[key] else { return false }
                return same(a, b)
            })
        }
        let stableInterfaces = stable(["network", "interfaces"])
        let stableMounts = stable(["filesystem", "by_mountpoint"])
        var differences: [String] = []
        func compare(_ path: String, _ a: Any?, _ b: Any?) {
            if !same(a, b) { differences.append("\(path): ohai \(a.map { "\($0)" } ?? "nil"), sous \(b.map { "\($0)" } ?? "nil")") }
        }
        for key in ["ipaddress", "macaddress", "ip6address", "hostname", "machinename", "fqdn", "domain", "os", "os_version",
                    "platform", "platform_family", "platform_version", "lsb", "root_group", "init_package", "machine_id", "os_release"] {
            compare(key, reference[key], sous[key])
        }
        let kernel = reference["kernel"] as? [String: Any], sousKernel = sous["kernel"] as? [String: Any]
        for key in ["name", "release", "version", "machine", "processor", "os"] { compare("kernel/\(key)", kernel?[key], sousKernel?[key]) }

        let network = try #require(reference["network"] as? [String: Any]), sousNetwork = sous["network"] as? [String: Any]
        for key in ["default_interface", "default_gateway", "default_inet6_interface", "default_inet6_gateway"] {
            compare("network/\(key)", network[key], sousNetwork?[key])
        }
        // Other tests make and remove links while these two run: the interfaces both saw.
        let interfaces = try #require(network["interfaces"] as? [String: [String: Any]])
        let sousInterfaces = sousNetwork?["interfaces"] as? [String: [String: Any]] ?? [:]
        let default4 = network["default_interface"] as? String ?? "lo"
        #expect(interfaces[default4] != nil && sousInterfaces[default4] != nil, "no default interface \(default4) in both")
        for (name, interface) in interfaces where sousInterfaces[name] != nil && stableInterfaces.contains(name) {
            for key in ["type", "number", "mtu", "flags", "encapsulation", "state", "addresses", "routes"] {
                compare("network/interfaces/\(name)/\(key)", interface[key], sousInterfaces[name]?[key])
            }
        }

        let cpu = reference["cpu"] as? [String: Any], sousCPU = sous["cpu"] as? [String: Any]
        for key in ["total", "real", "cores"] { compare("cpu/\(key)", cpu?[key], sousCPU?[key]) }
        compare("cpu/0/model_name", (cpu?["0"] as? [String: Any])?["model_name"], (sousCPU?["0"] as? [String: Any])?["model_name"])
        let memory = reference["memory"] as? [String: Any], sousMemory = sous["memory"] as? [String: Any]
        compare("memory/total", memory?["total"], sousMemory?["total"])
        compare("memory/swap/total", (memory?["swap"] as? [String: Any])?["total"], (sousMemory?["swap"] as? [String: Any])?["total"])
        compare("memory keys", Set(memory?.keys.map { $0 } ?? []) as NSSet, Set(sousMemory?.keys.map { $0 } ?? []) as NSSet)

        let mountpoints = (reference["filesystem"] as? [String: Any])?["by_mountpoint"] as? [String: [String: Any]] ?? [:]
        let sousMountpoints = (sous["filesystem"] as? [String: Any])?["by_mountpoint"] as? [String: [String: Any]] ?? [:]
        #expect(!mountpoints.isEmpty)
        for (mount, fields) in mountpoints where stableMounts.contains(mount) || mount == "/" {
            compare("filesystem/by_mountpoint/\(mount)/fs_type", fields["fs_type"], sousMountpoints[mount]?["fs_type"])
            compare("filesystem/by_mountpoint/\(mount)/mount_options", fields["mount_options"], sousMountpoints[mount]?["mount_options"])
            guard fields["kb_size"] != nil else { continue }  // what df -P lists
            for key in ["kb_size", "total_inodes"] {
                compare("filesystem/by_mountpoint/\(mount)/\(key)", fields[key], sousMountpoints[mount]?[key])
            }
        }

        let packages = reference["packages"] as? [String: [String: Any]] ?? [:]
        let sousPackages = sous["packages"] as? [String: [String: Any]] ?? [:]
        #expect(packages.count > 100)
        compare("packages names", Set(packages.keys) as NSSet, Set(sousPackages.keys) as NSSet)
        for (name, fields) in packages {
            compare("packages/\(name)/version", fields["version"], sousPackages[name]?["version"])
            compare("packages/\(name)/arch", fields["arch"], sousPackages[name]?["arch"])
        }
        compare("virtualization", reference["virtualization"], sous["virtualization"])
        let uptime = reference["uptime_seconds"] as? Int ?? 0, sousUptime = sous["uptime_seconds"] as? Int ?? -1000
        #expect(abs(uptime - sousUptime) < 300, "uptime: ohai \(uptime), sous \(sousUptime)")
        #expect(sous["current_user"] as? String == (getuid() == 0 ? "root" : sous["current_user"] as? String))
        #expect((sous["chef_packages"] as? [String: [String: Any]])?["chef"]?["version"] != nil)
        #expect(differences.isEmpty, "\(differences.count) facts differ:\n\(differences.joined(separator: "\n"))")
    }
}
