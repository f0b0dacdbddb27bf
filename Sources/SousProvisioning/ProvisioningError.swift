import SousSupport

/// A machine stage that cannot go on. Each case carries what a caller may branch on (which
/// machine, which server, which stage); the text the user reads is made in one place,
/// `description`, and names what went wrong and what to do.
public enum ProvisioningError: UserFacingError {
    // MARK: Where machines are recorded

    /// A provisioning resource ran without a Chef server (`machine`, `machine_batch`, or a
    /// resource that finds its machine there).
    case needsChefServer(resource: String, machine: String?)
    /// The machine's node has no `chef_provisioning` record, so it was never made.
    case noProvisioningRecord(machine: String, server: String)
    /// A command named a machine whose node does not exist.
    case noSuchNode(machine: String, server: String)
    /// The node exists but no driver made it.
    case notAMachine(node: String, server: String)
    /// `:destroy` of a node no driver made: sous destroys only what it made.
    case notMadeByDriver(machine: String, server: String)
    /// The record's reference is not the driver's own, so destroying through it is refused.
    case referenceNotFromDriver(machine: String, driver: String, referenceDriver: String?)

    // MARK: What a recipe asked for

    case invalidMachineName(name: String, problem: String, nothingMade: Bool)
    case unknownDriver(url: String, scheme: String, known: [String])
    case unknownAction(String)
    case cannotMove(machine: String, from: String, to: String)
    case notAllocated(machine: String)
    /// A machine option of the wrong shape: which option and what it should be.
    case invalidOption(option: String, expected: String)
    case unknownConvergenceStrategy(String)
    /// A local file a machine needs (an upload, a source key) that cannot be read.
    case unreadableLocalFile(path: String, purpose: String, reason: String)

    // MARK: What happened on the machine

    case keyMismatch(machine: String, path: String)
    case unusableKey(machine: String, path: String, reason: String)
    case commandFailed(host: String, command: String, status: Int, output: String)
    case convergeFailed(machine: String, command: String, status: Int, lastLines: [String])
    case chefClientMissing(machine: String)
    case installerFetchFailed(url: String, status: Int)
    /// Stage ready: the machine did not answer on SSH in time. `restartLog` is set when the
    /// driver restarted it once and names the log of that restart.
    case notReady(machine: String, timeout: Int, lastError: String, restartLog: String?)
    case noHost(machine: String)
    case notRunning(machine: String, stopped: Bool)
    case cannotInjectFaults(machine: String, driver: String)

    /// The machine is not made (yet): under why-run, an action on it is reported as what
    /// would happen rather than as a failure.
    public var machineIsMissing: Bool {
        switch self {
        case .needsChefServer, .noProvisioningRecord, .noSuchNode, .notAllocated: return true
        default: return false
        }
    }

    /// A machine that did not answer on SSH in time (a driver may try once more).
    public var isNotReady: Bool {
        if case .notReady = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .needsChefServer(let resource, let machine?):
            return "\(resource) finds machine \(machine) through the Chef server; run the recipe with `sous -c knife.rb`"
        case .needsChefServer(let resource, nil):
            return "\(resource) needs a Chef server to keep machine records in; run the recipe with `sous -c knife.rb`"
        case .noProvisioningRecord(let machine, let server):
            return "machine \(machine) has no provisioning record on \(server); declare it with `machine '\(machine)'` first"
        case .noSuchNode(let machine, let server):
            return "there is no node \(machine) at \(server); `sous machine list` shows the machines there"
        case .notAMachine(let node, let server):
            return "node \(node) at \(server) is not a machine: it has no chef_provisioning driver_url"
        case .notMadeByDriver(let machine, let server):
            return "machine \(machine): node \(machine) at \(server) has no chef_provisioning spec, so no driver made "
                + "it and sous will not destroy it; delete it with `sous knife node delete \(machine)` if that is what you mean"
        case .referenceNotFromDriver(let machine, let driver, let referenceDriver):
            return "machine \(machine): its reference does not carry the mark of driver \(driver) "
                + "(reference driver_url: \(referenceDriver ?? "none")), so sous will not destroy it"
        case .invalidMachineName(let name, let problem, let nothingMade):
            return "machine \(name.debugDescription): \(problem)" + (nothingMade ? "; nothing was made" : "")
        case .unknownDriver(let url, let scheme, let known):
            return "no driver for \(url.debugDescription): the scheme \(scheme.debugDescription) is not one sous knows; "
                + "known: \(known.joined(separator: ", "))"
        case .unknownAction(let action):
            return "machine has no action \(action)"
        case .cannotMove(let machine, let from, let to):
            return "Cannot move '\(machine)' from \(from) to \(to): machine moving is not supported. Destroy and recreate."
        case .notAllocated(let machine):
            return "machine \(machine) was never allocated; run :allocate or :converge first"
        case .invalidOption(let option, let expected):
            return "machine option \(option) must be \(expected)"
        case .unknownConvergenceStrategy(let name):
            return "convergence strategy \(name.debugDescription) is not one of sous, chef-client, none"
        case .unreadableLocalFile(let path, let purpose, let reason):
            return "cannot read \(path) \(purpose): \(reason)"
        case .keyMismatch(let machine, let path):
            return "the private key on machine \(machine) (\(path)) does not match its source_key; "
                + "set allow_overwrite_keys true to replace it"
        case .unusableKey(let machine, let path, let reason):
            return "\(path) on \(machine) is not a usable key (\(reason)); set allow_overwrite_keys true to replace it"
        case .commandFailed(let host, let command, let status, let output):
            return "`\(command)` on \(host) exited \(status): \(output)"
        case .convergeFailed(let machine, let command, let status, let lastLines):
            return "the converge of \(machine) failed: `\(command)` exited \(status); its last lines:\n"
                + lastLines.map { "    " + $0 }.joined(separator: "\n")
        case .chefClientMissing(let machine):
            return "chef-client is not installed on \(machine) (`chef-client -v` failed); install it, "
                + "or give convergence_options install_sh_url to have sous run an installer"
        case .installerFetchFailed(let url, let status):
            return "fetching install_sh_url \(url) answered HTTP \(status)"
        case .notReady(let machine, let timeout, let lastError, nil):
            return "machine \(machine) (stage ready) did not answer on SSH within \(timeout) s; last error: \(lastError)"
        case .notReady(let machine, let timeout, let lastError, let log?):
            return "machine \(machine) (stage ready) did not answer on SSH within \(timeout) s, even after a restart; "
                + "last error: \(lastError); its init's log: \(log)"
        case .noHost(let machine):
            return "machine \(machine) has no host: the ssh driver needs transport_options with ip_address, host or hostname"
        case .notRunning(let machine, true):
            return "machine \(machine) is stopped; bring it up with `sous machine start \(machine)` or action :ready"
        case .notRunning(let machine, false):
            return "machine \(machine) is not running; start it with `sous machine start \(machine)`"
        case .cannotInjectFaults(let machine, let driver):
            return "machine \(machine) uses driver \(driver), which cannot kill or partition machines; the local driver can"
        }
    }
}
