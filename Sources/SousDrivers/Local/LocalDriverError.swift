import SousSupport

/// What stops the local driver: its cases carry the cluster, machine, path or command
/// concerned, and `description` is the one place their text is written, each saying what to do.
public enum LocalDriverError: UserFacingError {
    // MARK: The cluster

    case needsRoot
    case invalidClusterName(name: String, url: String)
    case clusterMissing(machine: String, cluster: String, stateRoot: String)
    case subnetInUse(cluster: String, subnet: String, requested: String)
    case invalidSubnet(String)
    case subnetOverlapsRoute(subnet: String, route: String, device: String?)
    case noFreeSubnet
    case noFreeAddress(cluster: String, subnet: String)
    /// A lock file that could not be opened or locked (`operation` is "open" or "lock").
    case lockFailed(path: String, operation: String, reason: String)
    case clusterBusy(cluster: String, holder: String, seconds: Int)
    case unreadableHostKey(address: String, key: String)

    // MARK: The host

    case hostCommandFailed(command: [String], status: Int32, said: String)
    case nftablesMissing(cluster: String, reason: String)
    case filterFailed(cluster: String, table: String, said: String)

    // MARK: One machine

    case startFailed(machine: String, said: String)
    case startTimedOut(machine: String, logPath: String, logTail: String)
    case initDidNotEnd(machine: String, pid: Int32)
    case hostKeyChanged(machine: String, keyPath: String)
    case ownedByOtherCluster(machine: String, owner: String?, cluster: String)
    case noRecord(machine: String, cluster: String, folder: String)
    case madeForOtherServer(action: String, machine: String, cluster: String,
                            recordServer: String?, recordNode: String, runServer: String?)
    case invalidMounts

    public var description: String {
        switch self {
        case .needsRoot:
            return "the local driver needs root (it makes network namespaces, links and mounts); "
                + "run sous as root, or with CAP_SYS_ADMIN and CAP_NET_ADMIN"
        case .invalidClusterName(let name, let url):
            return "local cluster name \(name.debugDescription) (from \(url)) must be up to 32 lowercase letters, digits and -"
        case .clusterMissing(let machine, let cluster, let stateRoot):
            return "machine \(machine): local cluster \(cluster) does not exist in \(stateRoot) "
                + "(made with another SOUS_LOCAL_STATE, or destroyed)"
        case .subnetInUse(let cluster, let subnet, let requested):
            return "local cluster \(cluster) already uses subnet \(subnet), not \(requested); "
                + "destroy its machines to change it, or use another cluster (with_driver 'local:OTHER')"
        case .invalidSubnet(let requested):
            return "subnet \(requested.debugDescription) is not an IPv4 network from /16 to /29 (like 10.42.7.0/24)"
        case .subnetOverlapsRoute(let subnet, let route, let device):
            return "subnet \(subnet) overlaps this host's route to \(route)\(device.map { " (dev \($0))" } ?? ""); "
                + "choose a subnet that no route uses"
        case .noFreeSubnet:
            return "no /24 in 10.0.0.0/8 is free of this host's routes; give the machines a subnet option"
        case .noFreeAddress(let cluster, let subnet):
            return "local cluster \(cluster) has no free address left in \(subnet)"
        case .lockFailed(let path, let operation, let reason):
            return "cannot \(operation) \(path): \(reason)"
        case .clusterBusy(let cluster, let holder, let seconds):
            return "local cluster \(cluster) is still in use by \(holder) after \(seconds) s; "
                + "wait for that run to finish (or stop it) and run again"
        case .unreadableHostKey(let address, let key):
            return "the host key of \(address) is unreadable: \(key.debugDescription)"
        case .hostCommandFailed(let command, let status, let said):
            return "`\(command.joined(separator: " "))` failed (exit \(status)): \(said)"
        case .nftablesMissing(let cluster, let reason):
            return "the local driver needs nftables to fence cluster \(cluster) off the host (\(reason)); "
                + "install it with `apt-get install nftables`"
        case .filterFailed(let cluster, let table, let said):
            return "cannot add the host-side filter of local cluster \(cluster) (nft table inet \(table)): \(said)"
        case .startFailed(let machine, let said):
            return "cannot start machine \(machine): \(said)"
        case .startTimedOut(let machine, let logPath, let logTail):
            return "machine \(machine) did not start within 10 s; the end of \(logPath):\n    \(logTail)"
        case .initDidNotEnd(let machine, let pid):
            return "machine \(machine)'s init (PID \(pid)) did not end after SIGKILL within 10 s"
        case .hostKeyChanged(let machine, let keyPath):
            return "machine \(machine): its SSH host key (/etc/ssh/sous_host_ed25519_key) is not the key the local "
                + "driver made for it, so sous will not trust or record it. If the machine is yours and the change was yours, remove "
                + "\(keyPath) and run again (the driver's key goes back), or destroy the machine"
        case .ownedByOtherCluster(let machine, let owner, let cluster):
            return "machine \(machine) belongs to local cluster \(owner ?? "(none recorded)"), not \(cluster); "
                + "sous destroys only what this cluster made"
        case .noRecord(let machine, let cluster, let folder):
            return "machine \(machine) has no record in local cluster \(cluster) (\(folder)); "
                + "allocate it first (action :allocate, :ready or :converge)"
        case .madeForOtherServer(let action, let machine, let cluster, let recordServer, let recordNode, let runServer):
            return "sous will not \(action) machine \(machine) of local cluster \(cluster): it was made for the "
                + "Chef server at \(recordServer ?? "?") (its node \(recordNode) there), and this run's server is "
                + "\(runServer ?? "?"), whose node \(machine) is not that machine's record. sous acts on a machine only "
                + "through the Chef server and node that made it; run against \(recordServer ?? "that server"), or choose another "
                + "machine name or cluster"
        case .invalidMounts:
            return "machine option mounts must be a list of host folders, or a hash of host folder => machine folder"
        }
    }
}
