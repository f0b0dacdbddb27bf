import SousChefServer
import SousLanguage
import SousRun
import SousSSH

/// A way of making machines, named by the scheme of its driver URL (`ssh`, `local:NAME`).
/// Every method is idempotent: called again for a machine in the state it asks for, it
/// changes nothing. Changes go through `reporter.perform`, so why-run and the output see
/// them. Blocking, and called from many machines' threads at once in a batch.
public protocol Driver: AnyObject {
    /// The URL this driver was made for (`ssh`, `local:dev`).
    var url: String { get }
    /// Finds or creates the machine and records it in the spec's reference. The intent is
    /// recorded (and saved through `save`) before anything is created, so that a run killed
    /// at any moment finds what it made.
    func allocate(_ spec: MachineSpec, options: JSON, reporter: StageReporter, save: () throws -> Void) throws
    /// Brings the machine up and returns a connection to it, polling until it answers.
    func ready(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws -> MachineConnection
    /// A connection to a machine that is up.
    func connect(_ spec: MachineSpec, options: JSON) throws -> MachineConnection
    func stop(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws
    /// Removes what this driver made for the machine; refuses what it did not make.
    func destroy(_ spec: MachineSpec, options: JSON, reporter: StageReporter) throws
}

/// Where drivers are found: a factory per URL scheme.
public final class DriverRegistry {
    public typealias Factory = (_ url: String) throws -> Driver
    private var factories: [String: Factory] = [:]
    private var drivers: [String: Driver] = [:]
    private let lock = Mutex()

    public init() {}

    public func register(scheme: String, _ factory: @escaping Factory) {
        factories[scheme] = factory
    }

    public var schemes: [String] { factories.keys.sorted() }

    /// The driver for a URL (one instance per URL for the run).
    public func driver(for url: String) throws -> Driver {
        try lock.locked { try makeDriver(for: url) }
    }

    private func makeDriver(for url: String) throws -> Driver {
        if let driver = drivers[url] { return driver }
        let scheme = String(url.prefix(while: { $0 != ":" }))
        guard let factory = factories[scheme] else {
            throw ProvisioningError("no driver for \(url.debugDescription): the scheme \(scheme.debugDescription) is not one sous knows; "
                + "known: \(schemes.joined(separator: ", "))")
        }
        let driver = try factory(url)
        drivers[url] = driver
        return driver
    }
}

/// A machine stage that cannot go on, with what went wrong and what to do.
public struct ProvisioningError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A connection to a machine: commands and files, over SSH for every driver, with the
/// machine's command prefix (`sudo `) applied.
public final class MachineConnection {
    public let ssh: SSHConnection
    /// Put before every command (`sudo `); files then go through a temporary file and
    /// `install`, since SFTP writes as the login user.
    public let prefix: String

    public init(ssh: SSHConnection, prefix: String = "") {
        self.ssh = ssh
        self.prefix = prefix
    }

    public func execute(_ command: String, timeout: Int = 900, onLine: ((SSHOutputStream, String) -> Void)? = nil) throws -> SSHCommandResult {
        try ssh.execute(prefix + command, timeout: timeout, onLine: onLine)
    }

    /// Runs a command that must succeed.
    @discardableResult
    public func run(_ command: String, timeout: Int = 900) throws -> String {
        let result = try execute(command, timeout: timeout)
        guard result.exitStatus == 0 else {
            throw ProvisioningError("`\(prefix + command)` on \(ssh.target.host) exited \(result.exitStatus): "
                + (result.stderr.isEmpty ? result.stdout : result.stderr).trimmingTrailingNewlines())
        }
        return result.stdout
    }

    public func read(_ path: String) throws -> [UInt8]? {
        if prefix.isEmpty { return try ssh.download(path) }
        let result = try execute("cat \(shellQuoted(path))")
        return result.exitStatus == 0 ? Array(result.stdout.utf8) : nil
    }

    /// Whether the file lacks this content or mode (or is missing).
    public func differs(_ bytes: [UInt8], at path: String, mode: Int32) throws -> Bool {
        guard try read(path) == bytes else { return true }
        if prefix.isEmpty { return try ssh.fileMode(path) != mode }
        return try execute("stat -c %a \(shellQuoted(path))").stdout.trimmingTrailingNewlines() != String(mode, radix: 8)
    }

    /// Writes a whole file with `mode`, making its folder.
    public func write(_ bytes: [UInt8], to path: String, mode: Int32) throws {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if prefix.isEmpty {
            if !folder.isEmpty { try ssh.makeDirectories(folder) }
            try ssh.upload(bytes, to: path, mode: mode)
        } else {
            if !folder.isEmpty { try run("mkdir -p \(shellQuoted(folder))") }
            let temporary = "/tmp/.sous-upload-\(UInt32.random(in: 0...UInt32.max))"
            try ssh.upload(bytes, to: temporary, mode: 0o600)
            try run("install -m \(String(mode, radix: 8)) \(shellQuoted(temporary)) \(shellQuoted(path)) && rm -f \(shellQuoted(temporary))")
        }
    }
}

/// A word for a POSIX shell, quoted.
public func shellQuoted(_ text: String) -> String {
    "'" + text.replacingAll("'", with: "'\\''") + "'"
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
