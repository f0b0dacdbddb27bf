#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousSupport
import SousProvisioning
import SousRun

/// The orphan sweep (`sous machine gc`): what the local driver made — machine folders,
/// `sous.*` namespaces, links with a `sous-local` alias, `local-machine-init` processes —
/// that no spec on this Chef server knows. Only things that carry the driver's marks and
/// belong to a cluster of this state folder are ever removed; machines recorded for another
/// Chef server, and clusters of another state folder, are kept and named.
public struct LocalSweep {
    public struct Orphan: CustomStringConvertible {
        enum Kind {
            case machine(cluster: String, name: String)
            case process(pid_t, owner: String)
            case namespace(String)
            case link(String, alias: String)
            case cluster(String)
        }

        let kind: Kind

        public var description: String {
            switch kind {
            case .machine(let cluster, let name): return "machine \(name) of local cluster \(cluster) (its processes, namespace, link and files)"
            case .process(let pid, let owner): return "process \(pid) (the init of \(owner), whose folder is gone)"
            case .namespace(let name): return "network namespace \(name)"
            case .link(let name, let alias): return "link \(name) (\(alias))"
            case .cluster(let name): return "local cluster \(name) with no machines (its bridge and folder)"
            }
        }

        public func remove() throws {
            switch kind {
            case .machine(let clusterName, let name):
                guard let cluster = try LocalCluster.existing(name: clusterName) else { return }
                if let record = cluster.record(name) {
                    try LocalMachine(cluster: cluster, record: record).remove()
                } else {
                    try FileSystem.removeTree(cluster.machineFolder(name))
                }
                try cluster.removeIfEmpty()
            case .process(let pid, _):
                Glibc.kill(pid, SIGKILL)
            case .namespace(let name):
                if HostNetwork.namespaceExists(name) { try HostCommand.run(["ip", "netns", "del", name]) }
            case .link(let name, _):
                try HostNetwork.deleteLink(name)
            case .cluster(let name):
                try LocalCluster.existing(name: name)?.removeIfEmpty()
            }
        }
    }

    public private(set) var orphans: [Orphan] = []
    /// Machines left alone, and why.
    public private(set) var kept: [String] = []

    /// `known`: every machine spec on the server (driver URL and name). `goneServers`:
    /// Chef servers the caller found gone (nothing answers at their URL), whose machines are
    /// orphans too; machines of any other server are kept.
    public init(serverURL: String, known: [(driverURL: String, name: String)], goneServers: [String] = []) throws {
        try LocalCluster.requireRoot()
        let knownMachines = Set(known.compactMap { url, name -> String? in
            guard url == "local" || url.hasPrefix("local:"), let cluster = try? LocalCluster.name(fromURL: url) else { return nil }
            return "\(cluster)/\(name)"
        })
        let root = LocalCluster.stateRoot
        var machineFolders = Set<String>()
        var clusters = Set<String>()
        for cluster in ((try? FileSystem.list(root)) ?? []).sorted() where access("\(root)/\(cluster)/cluster.json", F_OK) == 0 {
            clusters.insert(cluster)
            let machines = ((try? FileSystem.list("\(root)/\(cluster)/machines")) ?? []).sorted()
            machines.forEach { machineFolders.insert("\(cluster)/\($0)") }
            // A run at work on the cluster is making or removing machines right now.
            if ClusterRunLock.shared.isHeldElsewhere(cluster: cluster) {
                kept.append("local cluster \(cluster): another sous run is using it now")
                continue
            }
            var remaining = 0
            for machine in machines {
                if knownMachines.contains("\(cluster)/\(machine)") {
                    remaining += 1
                    continue
                }
                let recorded = FileSystem.text("\(root)/\(cluster)/machines/\(machine)/machine.json")
                    .flatMap { try? JSON.parse($0) }.flatMap(LocalMachineRecord.init(json:))
                if let owner = recorded?.serverURL, !ChefServerURL.same(owner, serverURL),
                   !goneServers.contains(where: { ChefServerURL.same($0, owner) }) {
                    kept.append("machine \(machine) of local cluster \(cluster): made for the Chef server at \(owner)")
                    remaining += 1
                    continue
                }
                orphans.append(Orphan(kind: .machine(cluster: cluster, name: machine)))
            }
            if remaining == 0 && !orphans.contains(where: { if case .machine(cluster, _) = $0.kind { return true } else { return false } }) {
                orphans.append(Orphan(kind: .cluster(cluster)))
            }
        }
        // Inits whose machine folder is gone: killed first, so their namespaces can go.
        for entry in ((try? FileSystem.list("/proc")) ?? []).sorted() {
            guard let pid = pid_t(entry), let command = FileSystem.text("/proc/\(entry)/cmdline"), command.contains("local-machine-init") else { continue }
            let words = command.split(separator: "\0").map(String.init)
            guard let flag = words.firstIndex(of: "--pid-file"), flag + 1 < words.count else { continue }
            let pidFile = words[flag + 1]
            guard pidFile.hasPrefix(root + "/") else { continue }
            let parts = pidFile.dropFirst(root.count + 1).split(separator: "/")
            guard parts.count == 4, parts[1] == "machines", !machineFolders.contains("\(parts[0])/\(parts[2])") else { continue }
            orphans.insert(Orphan(kind: .process(pid, owner: "\(parts[2]) of local cluster \(parts[0])")), at: 0)
        }
        // Namespaces and links of clusters this state folder holds; those of clusters it does
        // not know may belong to another state folder (SOUS_LOCAL_STATE), and are only named.
        var foreign = Set<String>()
        for namespace in HostNetwork.namespaces() where namespace.hasPrefix("sous.") {
            let parts = namespace.split(separator: ".", maxSplits: 2)
            guard parts.count == 3, !machineFolders.contains("\(parts[1])/\(parts[2])") else { continue }
            if clusters.contains(String(parts[1])) {
                orphans.append(Orphan(kind: .namespace(namespace)))
            } else {
                foreign.insert(String(parts[1]))
            }
        }
        for (link, alias) in try HostNetwork.aliases() where alias.hasPrefix(LocalCluster.aliasPrefix) {
            let owner = String(alias.dropFirst(LocalCluster.aliasPrefix.count))
            let cluster = String(owner.prefix { $0 != "/" })
            guard clusters.contains(cluster) else {
                foreign.insert(cluster)
                continue
            }
            if owner.contains("/") && !machineFolders.contains(owner) { orphans.append(Orphan(kind: .link(link, alias: alias))) }
        }
        for cluster in foreign.sorted() {
            kept.append("the namespaces and links of local cluster \(cluster): it has no folder in \(root) (another SOUS_LOCAL_STATE?)")
        }
    }
}
