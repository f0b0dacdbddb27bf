import SousChefServer
import SousRun
import SousSupport

/// `machine_file`: a file on a machine, uploaded (from `local_path` or `content`),
/// downloaded to `local_path`, or deleted; each only when it differs.
struct MachineFileResource: ResourceType {
    static let name = "machine_file"
    static let actions = ["upload", "download", "delete"]
    static let defaultAction = "upload"
    static let properties = [
        Property("path", [.string], nameProperty: true),
        Property("machine", [.string]),
        ServerObjectSync.chefServerProperty,
        Property("local_path", [.string]),
        Property("content", [.string]),
        Property("owner", [.string]),
        Property("group", [.string]),
        Property("mode", [.string, .integer]),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let machine = try context.requiredString("machine")
        let path = try context.requiredString("path")
        let connection: MachineConnection
        do {
            connection = try context.run.provisioning.connection(to: machine, for: resource, run: context.run)
        } catch let error as ProvisioningError where context.whyRun && error.machineIsMissing {
            // Why-run of a recipe whose machine is not made yet: say what would happen.
            context.logger.debug("\(error)")
            return try context.converge(by: "\(action) \(path) \(action == "download" ? "from" : "on") \(machine) (it does not exist yet)") {}
        }
        switch action {
        case "download":
            let local = try context.requiredString("local_path")
            guard let bytes = try connection.read(path) else { throw ActionError("Errno::ENOENT", "\(path) does not exist on \(machine)") }
            // The machine's mode comes along (a 0600 secret stays 0600 here), and anything of
            // a Chef client's is at most 0600 whatever the machine says.
            var mode = UInt32(try connection.mode(of: path) ?? 0o600) & 0o777
            if path == "/etc/chef" || path.hasPrefix("/etc/chef/") { mode &= 0o600 }
            if (try? FileSystem.read(local)) == bytes, FileSystem.status(local, followLinks: true)?.mode == mode { return }
            try context.converge(by: "download \(machine):\(path) to \(local) (mode \(String(mode, radix: 8)))") {
                try FileSystem.replaceAtomically(local, with: bytes, defaultMode: mode)
                try FileSystem.changeMode(local, mode)
            }
        case "delete":
            guard try connection.read(path) != nil else { return }
            try context.converge(by: "delete \(path) on \(machine)") { try connection.run("rm -f \(shellQuoted(path))") }
        default:
            let bytes: [UInt8]
            if let content = try context.string("content") {
                bytes = Array(content.utf8)
            } else {
                let local = try context.requiredString("local_path")
                bytes = try FileSystem.read(local)
            }
            let mode = try modeValue(context) ?? 0o644
            if try connection.differs(bytes, at: path, mode: mode) {
                try context.converge(by: "upload \(path) to \(machine)") { try connection.write(bytes, to: path, mode: mode) }
            }
            if let owner = try context.string("owner") {
                let group = try context.string("group")
                let wanted = owner + ":" + (group ?? "")
                let current = try connection.run("stat -c %U:%G \(shellQuoted(path))").trimmingTrailingNewlines()
                if group == nil ? !current.hasPrefix(owner + ":") : current != wanted {
                    try context.converge(by: "change owner of \(path) on \(machine) to \(wanted)") {
                        try connection.run("chown \(shellQuoted(group == nil ? owner : wanted)) \(shellQuoted(path))")
                    }
                }
            }
        }
    }

    static func modeValue(_ context: ActionContext) throws -> Int32? {
        let value = try context.value("mode")
        if case .integer(let number) = value { return Int32(number) }
        guard let text = value.asString?.value else { return nil }
        guard let mode = Int32(text, radix: 8) else { throw ActionError("ArgumentError", "mode \(text) is not an octal mode such as '0644'") }
        return mode
    }
}
