import ArgumentParser
import SousDrivers

/// `sous local-machine-init`: PID 1 of a local machine, started by the local driver inside
/// the machine's namespaces (not for people to run).
struct LocalMachineInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "local-machine-init", shouldDisplay: false)

    @Option var hostname: String
    @Option var upper: String
    @Option var work: String
    @Option var merged: String
    @Option var mask: String
    @Option var hide: [String] = []
    @Option(name: .customLong("pid-file")) var pidFile: String
    @Option(help: "SOURCE:TARGET[:ro]") var bind: [String] = []
    @Argument(parsing: .postTerminator) var command: [String]

    func run() throws {
        let binds = bind.map { text -> (source: String, target: String, readOnly: Bool) in
            let parts = text.split(separator: ":").map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : parts[0], parts.count > 2 && parts[2] == "ro")
        }
        let status = MachineInit.run(MachineInit.Configuration(
            hostname: hostname, upper: upper, work: work, merged: merged, mask: mask, hidden: hide, pidFile: pidFile, binds: binds, command: command))
        throw ExitCode(status)
    }
}
