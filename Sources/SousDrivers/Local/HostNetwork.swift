#if canImport(Glibc)
import Glibc
#endif
import SousProvisioning
import SousRun
import SousSupport

/// The host programs the local driver runs (`ip`, `ssh-keygen`, `rm`), each failing with
/// the command and what it said.
enum HostCommand {
    @discardableResult
    static func run(_ words: [String]) throws -> String {
        let result = try CommandRunner.run(.arguments(words))
        guard result.status == 0 else {
            let said = (result.errorOutput.isEmpty ? result.output : result.errorOutput).split(separator: "\n").joined(separator: "; ")
            throw LocalDriverError.hostCommandFailed(command: words, status: result.status, said: said)
        }
        return result.output
    }
}

/// A route of the host: the network it reaches and the device it goes through.
typealias HostRoute = (subnet: IPv4Subnet, device: String?)

/// An IPv4 network such as 10.42.7.0/24.
struct IPv4Subnet: Equatable, CustomStringConvertible {
    let base: UInt32
    let prefix: Int

    init(base: UInt32, prefix: Int) {
        self.prefix = prefix
        self.base = prefix == 0 ? 0 : base & (UInt32.max << UInt32(32 - prefix))
    }

    /// `10.42.7.0/24`; a bare address is a /32.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv4Subnet.address(String(parts[0])) else { return nil }
        let prefix = parts.count == 2 ? Int(parts[1]) : 32
        guard let prefix, (0...32).contains(prefix) else { return nil }
        self.init(base: address, prefix: prefix)
    }

    static func address(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).map { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 != nil && $0! <= 255 }) else { return nil }
        return octets.reduce(0) { ($0 << 8) | $1! }
    }

    static func text(_ address: UInt32) -> String {
        [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }

    var size: UInt32 { prefix == 0 ? UInt32.max : UInt32(1) << UInt32(32 - prefix) }
    var last: UInt32 { base &+ (size &- 1) }
    var description: String { "\(IPv4Subnet.text(base))/\(prefix)" }

    func overlaps(_ other: IPv4Subnet) -> Bool { base <= other.last && other.base <= last }

    /// The `index`th address (1 is the host's, on the bridge).
    func host(_ index: UInt32) -> String { IPv4Subnet.text(base &+ index) }
}

/// Links, namespaces and routes, through `ip`.
enum HostNetwork {
    /// The IPv4 routes of every table, with the device each goes through.
    static func routes() throws -> [HostRoute] {
        routes(inIPRouteOutput: try HostCommand.run(["ip", "-4", "route", "show", "table", "all"]))
    }

    /// The routes `ip -4 route show table all` prints, one per line; a default route names
    /// no subnet of its own and is left out.
    static func routes(inIPRouteOutput text: String) -> [HostRoute] {
        text.split(separator: "\n").compactMap { line in
            var words = line.split(separator: " ").map(String.init)
            if let first = words.first, ["local", "broadcast", "unicast", "anycast", "multicast", "blackhole", "unreachable", "prohibit"].contains(first) {
                words.removeFirst()
            }
            guard let destination = words.first, destination != "default", let subnet = IPv4Subnet(destination) else { return nil }
            let device = words.firstIndex(of: "dev").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
            return (subnet, device)
        }
    }

    static func linkExists(_ name: String) -> Bool {
        access("/sys/class/net/\(name)", F_OK) == 0
    }

    /// Deletes a link if it is there (one that vanishes meanwhile is as good as deleted).
    static func deleteLink(_ name: String) throws {
        guard linkExists(name) else { return }
        do {
            try HostCommand.run(["ip", "link", "del", name])
        } catch where !linkExists(name) {}
    }

    static func namespaceExists(_ name: String) -> Bool {
        access("/run/netns/\(name)", F_OK) == 0
    }

    /// Links with an alias, by name (sous marks what it makes with one).
    static func aliases() throws -> [(link: String, alias: String)] {
        var found: [(String, String)] = []
        for link in ((try? FileSystem.list("/sys/class/net")) ?? []).sorted() {
            guard let alias = FileSystem.text("/sys/class/net/\(link)/ifalias")?.split(separator: "\n").first, !alias.isEmpty else { continue }
            found.append((link, String(alias)))
        }
        return found
    }

    static func namespaces() -> [String] {
        ((try? FileSystem.list("/run/netns")) ?? []).sorted()
    }
}

/// The host-side filter of a cluster (nftables, a table of the cluster's own): what comes
/// in from the cluster's bridge reaches the host only at the host's address on that bridge,
/// and nothing is routed into or out of the bridge. Machines reach each other (bridged, not
/// routed) and the host's address in their subnet — nothing else, not the host's other
/// addresses, nor another cluster's — even one that gave itself a default route.
enum ClusterFilter {
    /// `sous_local_CLUSTER` (cluster names have no `_`, so `-` -> `_` keeps them apart).
    static func tableName(cluster: String) -> String { "sous_local_" + cluster.map { $0 == "-" ? "_" : $0 }.map(String.init).joined() }

    /// The table as it should be, made when missing (one atomic nft transaction).
    static func ensure(cluster: String, bridge: String, subnet: IPv4Subnet, hostAddress: String) throws {
        let table = tableName(cluster: cluster)
        if (try? CommandRunner.run(.arguments(["nft", "list", "table", "inet", table])))?.status == 0 { return }
        let rules = """
            table inet \(table)
            delete table inet \(table)
            table inet \(table) {
              comment "sous local driver: cluster \(cluster)"
              chain from_machines {
                type filter hook input priority -10; policy accept;
                iifname "\(bridge)" ip saddr \(subnet) ip daddr \(hostAddress) accept
                iifname "\(bridge)" drop
              }
              chain through_bridge {
                type filter hook forward priority -10; policy accept;
                iifname "\(bridge)" oifname != "\(bridge)" drop
                oifname "\(bridge)" iifname != "\(bridge)" drop
              }
            }

            """
        let applied: CommandResult
        do {
            var options = CommandOptions()
            options.input = Array(rules.utf8)
            applied = try CommandRunner.run(.arguments(["nft", "-f", "-"]), options: options)
        } catch {
            throw LocalDriverError.nftablesMissing(cluster: cluster, reason: "\(error)")
        }
        guard applied.status == 0 else {
            throw LocalDriverError.filterFailed(cluster: cluster, table: table,
                                                said: applied.errorOutput.split(separator: "\n").joined(separator: "; "))
        }
    }

    /// Removes the cluster's table, if it is there.
    static func remove(cluster: String) throws {
        let table = tableName(cluster: cluster)
        guard (try? CommandRunner.run(.arguments(["nft", "list", "table", "inet", table])))?.status == 0 else { return }
        try HostCommand.run(["nft", "delete", "table", "inet", table])
    }
}

/// A short stable hash of a name (FNV-1a), for link names that must fit in 15 characters.
func shortHash(_ text: String, digits: Int = 8) -> String {
    var hash: UInt64 = 0xcbf29ce484222325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100000001b3
    }
    let hex = String(hash, radix: 16)
    return String((String(repeating: "0", count: max(0, 16 - hex.count)) + hex).suffix(digits))
}
