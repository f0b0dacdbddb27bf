/// How a fault breaks a machine, and what restores it.
public enum FaultKind: String, Sendable {
    /// Every process killed at once: connections are refused. Restored by starting it.
    case kill
    /// Its network link cut: connections time out. Restored by healing it.
    case partition
    /// Stopped as its driver stops it. Restored by starting it.
    case stop
}

/// A server a spec names: `server(:web1)` (a node on the Chef server) or one defined with
/// `Infrataster::Server.define`.
public struct ServerReference: Sendable {
    public var name: String
    /// Given with `define`; else the directory finds it.
    public var address: String?
    /// `ssh: { user:, keys:, port:, host_name: }` from `define`.
    public var ssh: [String: String]

    public init(name: String, address: String?, ssh: [String: String]) {
        self.name = name
        self.address = address
        self.ssh = ssh
    }
}

public struct CommandOutcome: Sendable {
    public var stdout: String
    public var stderr: String
    public var status: Int

    public init(stdout: String, stderr: String, status: Int) {
        self.stdout = stdout
        self.stderr = stderr
        self.status = status
    }
}

/// Where the servers of a spec run are found and reached: the Chef server's nodes and
/// their machines' drivers (given by the command line), or nothing (specs without servers).
/// Its methods are called from one thread at a time.
public protocol ServerDirectory: AnyObject {
    /// The Chef environment the servers are in (`-E`), for specs that name nodes after it.
    var environment: String? { get }
    /// The address a server answers on: its machine's, else its node's `ipaddress`.
    func address(of server: ServerReference) throws -> String
    /// A command run on the server over SSH.
    func run(_ command: String, on server: ServerReference) throws -> CommandOutcome
    /// Breaks the server's machine through its driver.
    func inject(_ fault: FaultKind, into server: ServerReference) throws
    /// Undoes a fault and waits until the machine answers on SSH.
    func restore(_ fault: FaultKind, of server: ServerReference) throws
}

/// The directory of a run without a Chef server: servers need addresses of their own.
public final class NoServers: ServerDirectory {
    public init() {}

    public var environment: String? { nil }

    public func address(of server: ServerReference) throws -> String {
        if let address = server.address { return address }
        throw VerifyError("server(:\(server.name)) has no address: define it with Infrataster::Server.define(:\(server.name), 'ADDRESS'), "
            + "or give sous verify -c CONFIG (or -z) so that the Chef server's node \(server.name) is found")
    }

    public func run(_ command: String, on server: ServerReference) throws -> CommandOutcome {
        throw VerifyError("command on server(:\(server.name)) needs its machine: give sous verify -c CONFIG (or -z)")
    }

    public func inject(_ fault: FaultKind, into server: ServerReference) throws {
        throw VerifyError("fault(:\(fault.rawValue), server(:\(server.name))) needs its machine's driver: give sous verify -c CONFIG (or -z)")
    }

    public func restore(_ fault: FaultKind, of server: ServerReference) throws {}
}

/// What goes wrong reaching the servers, said for the user.
public struct VerifyError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
