#if canImport(Glibc)
import Glibc
#endif
import SousSupport

/// ohai's cpu, memory and filesystem plugins for Linux, from /proc/cpuinfo, /proc/meminfo,
/// /proc/mounts and statvfs (what `df -P` and `df -iP` print).
enum HardwareFacts {
    static func collect() -> [(String, JSON)] {
        [("cpu", cpu(FileSystem.text("/proc/cpuinfo") ?? "")),
         ("memory", memory(FileSystem.text("/proc/meminfo") ?? "")),
         ("filesystem", filesystem(FileSystem.text("/proc/mounts") ?? ""))]
    }

    // MARK: CPU

    /// Per processor, its fields under ohai's names; `total` (processors), `real` (distinct
    /// physical ids), `cores` (cores per physical id, added up).
    static func cpu(_ text: String) -> JSON {
        let names: [String: String] = ["vendor_id": "vendor_id", "cpu family": "family", "model": "model", "model name": "model_name",
                                       "stepping": "stepping", "cpu MHz": "mhz", "cache size": "cache_size", "physical id": "physical_id",
                                       "core id": "core_id", "cpu cores": "cores", "flags": "flags"]
        var processors: [(String, [(String, JSON)])] = []
        var coresByPackage: [String: Int] = [:]
        for block in text.split(separator: "\n\n", omittingEmptySubsequences: true) {
            var number: String?
            var fields: [(String, JSON)] = []
            for line in block.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = String(line[..<colon]).trimmingWhitespace
                let value = String(line[line.index(after: colon)...]).trimmingWhitespace
                if key == "processor" { number = value; continue }
                guard let name = names[key] else { continue }
                fields.append((name, name == "flags" ? .array(value.split(separator: " ").map { .string(String($0)) }) : .string(value)))
            }
            guard let number else { continue }
            processors.append((number, fields))
            let package = fields.first { $0.0 == "physical_id" }?.1.stringValue ?? "0"
            if let cores = fields.first(where: { $0.0 == "cores" })?.1.stringValue.flatMap({ Int($0) }) { coresByPackage[package] = cores }
        }
        var result: [(String, JSON)] = processors.map { ($0.0, .object($0.1)) }
        result.append(("total", .integer(processors.count)))
        result.append(("real", .integer(Set(processors.compactMap { $0.1.first { $0.0 == "physical_id" }?.1.stringValue }).count)))
        result.append(("cores", .integer(coresByPackage.values.reduce(0, +))))
        return .object(result)
    }

    // MARK: Memory

    /// /proc/meminfo under ohai's snake_case names, each as the value and its unit
    /// (`"16384kB"`); swap, huge pages and the direct map in their own hashes.
    static func memory(_ text: String) -> JSON {
        let direct: [String: String] = [
            "MemTotal": "total", "MemFree": "free", "MemAvailable": "available", "Buffers": "buffers", "Cached": "cached",
            "Active": "active", "Inactive": "inactive", "Dirty": "dirty", "Writeback": "writeback", "AnonPages": "anon_pages",
            "Mapped": "mapped", "Slab": "slab", "SReclaimable": "slab_reclaimable", "SUnreclaim": "slab_unreclaim",
            "PageTables": "page_tables", "NFS_Unstable": "nfs_unstable", "Bounce": "bounce", "CommitLimit": "commit_limit",
            "Committed_AS": "committed_as", "VmallocTotal": "vmalloc_total", "VmallocUsed": "vmalloc_used",
            "VmallocChunk": "vmalloc_chunk", "Hugepagesize": "hugepage_size", "Hugetlb": "hugetlb",
        ]
        let nested: [String: (String, String)] = [
            "SwapCached": ("swap", "cached"), "SwapTotal": ("swap", "total"), "SwapFree": ("swap", "free"),
            "HugePages_Total": ("hugepages", "total"), "HugePages_Free": ("hugepages", "free"),
            "HugePages_Rsvd": ("hugepages", "reserved"), "HugePages_Surp": ("hugepages", "surplus"),
            "DirectMap4k": ("directmap", "4k"), "DirectMap2M": ("directmap", "2M"), "DirectMap1G": ("directmap", "1G"),
        ]
        var top: [(String, JSON)] = []
        var groups: [(String, [(String, JSON)])] = [("swap", []), ("hugepages", []), ("directmap", [])]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].split(separator: " ").joined()
            if let name = direct[key] {
                top.append((name, .string(value)))
            } else if let (group, name) = nested[key], let index = groups.firstIndex(where: { $0.0 == group }) {
                groups[index].1.append((name, .string(value)))
            }
        }
        return .object(groups.filter { !$0.1.isEmpty }.map { ($0.0, .object($0.1)) } + top)
    }

    // MARK: File systems

    /// `by_pair` ("DEVICE,MOUNT"), `by_device` and `by_mountpoint`, each with sizes and
    /// inode counts in kilobytes as `df -P` and `df -iP` print them, the type and options.
    static func filesystem(_ mounts: String) -> JSON {
        var byPair: [(String, JSON)] = []
        var byDevice: [(String, [(String, JSON)], [String])] = []
        var byMountpoint: [(String, [(String, JSON)], [String])] = []
        for line in mounts.split(separator: "\n") {
            let words = line.split(separator: " ").map { unescapeMount(String($0)) }
            guard words.count >= 4 else { continue }
            let (device, mount, type) = (words[0], words[1], words[2])
            let options = words[3].split(separator: ",").map { JSON.string(String($0)) }
            var fields: [(String, JSON)] = []
            var stats = statvfs()
            if statvfs(mount, &stats) == 0, stats.f_blocks > 0 {
                let unit = UInt64(stats.f_frsize) / 1024
                let size = UInt64(stats.f_blocks) * unit, free = UInt64(stats.f_bfree) * unit, available = UInt64(stats.f_bavail) * unit
                let used = size - free
                fields += [("kb_size", .string(String(size))), ("kb_used", .string(String(used))),
                           ("kb_available", .string(String(available))), ("percent_used", .string(percent(used, used + available)))]
                let inodes = UInt64(stats.f_files), inodesFree = UInt64(stats.f_ffree), inodesAvailable = UInt64(stats.f_favail)
                if inodes > 0 {
                    fields += [("total_inodes", .string(String(inodes))), ("inodes_used", .string(String(inodes - inodesFree))),
                               ("inodes_available", .string(String(inodesAvailable))),
                               ("inodes_percent_used", .string(percent(inodes - inodesFree, inodes - inodesFree + inodesAvailable)))]
                }
            }
            fields += [("fs_type", .string(type)), ("mount_options", .array(options))]
            byPair.append(("\(device),\(mount)", .object([("device", .string(device)), ("mount", .string(mount))] + fields)))
            if let index = byDevice.firstIndex(where: { $0.0 == device }) {
                byDevice[index].2.append(mount)
            } else {
                byDevice.append((device, fields, [mount]))
            }
            if let index = byMountpoint.firstIndex(where: { $0.0 == mount }) {
                byMountpoint[index] = (mount, fields, byMountpoint[index].2 + [device])
            } else {
                byMountpoint.append((mount, fields, [device]))
            }
        }
        return .object([
            ("by_device", .object(byDevice.map { ($0.0, .object($0.1 + [("mounts", .array($0.2.map { .string($0) }))])) })),
            ("by_mountpoint", .object(byMountpoint.map { ($0.0, .object($0.1 + [("devices", .array($0.2.map { .string($0) }))])) })),
            ("by_pair", .object(byPair)),
        ])
    }

    /// df's percentage: used over used plus available, rounded up.
    static func percent(_ used: UInt64, _ total: UInt64) -> String {
        guard total > 0 else { return "0%" }
        return "\((used * 100 + total - 1) / total)%"
    }

    /// /proc/mounts writes a space in a path as `\040`.
    static func unescapeMount(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = "", characters = Array(text), index = 0
        while index < characters.count {
            if characters[index] == "\\", index + 3 < characters.count, let code = UInt8(String(characters[index + 1...index + 3]), radix: 8) {
                result.append(Character(Unicode.Scalar(code)))
                index += 4
            } else {
                result.append(characters[index])
                index += 1
            }
        }
        return result
    }
}

/// ohai's packages plugin on Debian: every package in dpkg's database with its version,
/// architecture and status, read from /var/lib/dpkg/status (what `dpkg-query -W` reads).
enum PackageFacts {
    static func collect(statusFile: String = "/var/lib/dpkg/status") -> JSON {
        guard let bytes = try? FileSystem.read(statusFile) else { return .object([]) }
        return .object(parse(bytes).sorted { $0.0 < $1.0 })
    }

    /// The stanzas of dpkg's status file, read as bytes: it is most of a megabyte, and only
    /// four fields of each stanza matter.
    static func parse(_ bytes: [UInt8]) -> [(String, JSON)] {
        var packages: [(String, JSON)] = []
        var name: String?, version: String?, architecture: String?, status: String?
        func finish() {
            if let name, let status, status != "not-installed" {
                var fields: [(String, JSON)] = []
                if let version { fields.append(("version", .string(version))) }
                if let architecture { fields.append(("arch", .string(architecture))) }
                fields.append(("status", .string(status)))
                packages.append((name, .object(fields)))
            }
            name = nil; version = nil; architecture = nil; status = nil
        }
        func field(_ prefix: StaticString, _ line: ArraySlice<UInt8>) -> String? {
            let count = prefix.utf8CodeUnitCount
            guard line.count > count else { return nil }
            let matches = prefix.withUTF8Buffer { line.starts(with: $0) }
            guard matches else { return nil }
            return String(decoding: line.dropFirst(count), as: UTF8.self)
        }
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            let line = bytes[start..<end]
            if line.isEmpty {
                finish()
            } else if line.first != 32 {
                if let value = field("Package: ", line) { name = value }
                else if let value = field("Version: ", line) { version = value }
                else if let value = field("Architecture: ", line) { architecture = value }
                else if let value = field("Status: ", line) { status = value.split(separator: " ").last.map(String.init) }
            }
            start = end + 1
        }
        finish()
        return packages
    }
}
