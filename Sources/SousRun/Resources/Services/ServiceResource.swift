#if canImport(Glibc)
import Glibc
#endif
import SousLanguage
import SousSupport

/// `service`: Chef's providers for Debian, chosen per machine as Chef chooses them: systemd
/// when PID 1 is systemd, else the Debian init scripts (`/etc/init.d/NAME`, `update-rc.d`).
/// Whether a service runs comes from `status_command`, else `/etc/init.d/NAME status` when
/// `supports status: true`, else a process matching `pattern` in `ps -ef`.
struct ServiceResource: ResourceType {
    static let name = "service"
    static let actions = ["enable", "disable", "start", "stop", "restart", "reload", "mask", "unmask"]
    static let defaultAction = "nothing"
    static let properties = [
        Property("service_name", [.string], nameProperty: true),
        Property("pattern", [.string]),
        Property("supports", [.hash, .array]),
        Property("status_command", [.string, .boolean]),
        Property("start_command", [.string, .boolean]),
        Property("stop_command", [.string, .boolean]),
        Property("restart_command", [.string, .boolean]),
        Property("reload_command", [.string, .boolean]),
        Property("init_command", [.string]),
        Property("priority", [.integer, .hash]),
        Property.with("timeout", [.integer], default: .integer(900)),
        Property("parameters", [.hash]),
        Property("options", [.array, .string]),
        Property("user", [.string]),
        Property("run_levels", [.array]),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let service = try Service(context: context)
        let label = "service[\(context.resource.name)]"
        switch action {
        case "start":
            guard try !service.isRunning() else { return }
            try context.converge(by: "start service \(label)") { try service.start() }
        case "stop":
            guard try service.isRunning() else { return }
            try context.converge(by: "stop service \(label)") { try service.stop() }
        case "restart":
            try context.converge(by: "restart service \(label)") { try service.restart() }
        case "reload":
            guard try service.isRunning() else { return }
            try context.converge(by: "reload service \(label)") { try service.reload() }
        case "enable":
            guard try !service.isEnabled() else { return }
            try context.converge(by: "enable service \(label)") { try service.enable() }
        case "disable":
            guard try service.isEnabled() else { return }
            try context.converge(by: "disable service \(label)") { try service.disable() }
        case "mask", "unmask":
            guard service.usesSystemd else {
                throw ActionError("Chef::Exceptions::UnsupportedAction", "\(label): \(action) needs systemd, which does not run here")
            }
            try context.converge(by: "\(action) service \(label)") { try service.systemctl(action) }
        default:
            break
        }
    }
}

/// One service on this machine, through systemd or the Debian init scripts.
struct Service {
    let context: ActionContext
    let name: String
    let usesSystemd: Bool
    let supports: Set<String>

    init(context: ActionContext) throws {
        self.context = context
        name = try context.requiredString("service_name")
        usesSystemd = FileSystem.text("/proc/1/comm")?.split(separator: "\n").first == "systemd"
        let value = try context.value("supports")
        var supports = Set<String>()
        if let hash = value.asHash {
            for (key, flag) in hash.pairs where flag.isTruthy { supports.insert(try context.interpreter.toS(key)) }
        } else if let list = value.asArray {
            for item in list.items { supports.insert(try context.interpreter.toS(item)) }
        }
        self.supports = supports
    }

    var script: String { "/etc/init.d/\(name)" }

    /// A custom command the resource gives, if it gives one (a string; `false` means none).
    func custom(_ property: String) throws -> String? {
        let value = try context.value(property)
        return value.asString?.value
    }

    @discardableResult
    func sh(_ command: ProcessCommand, allowFailure: Bool = false, environment: Bool = true) throws -> CommandResult {
        var options = CommandOptions()
        options.timeout = Double(try context.integer("timeout") ?? 900)
        if environment { options.environment = ["LC_ALL": "C.UTF-8"] }
        return try context.command(command, options: options, failingAs: allowFailure ? nil : "Mixlib::ShellOut::ShellCommandFailed",
                                   about: " for service[\(name)]")
    }

    // MARK: Running

    func isRunning() throws -> Bool {
        if let command = try custom("status_command") { return try sh(.shell(command), allowFailure: true).status == 0 }
        if usesSystemd { return try systemdState().active == "active" }
        if supports.contains("status") {
            guard FileSystem.kind(script) == .file else { return false }
            return try sh(.arguments([script, "status"]), allowFailure: true).status == 0
        }
        let pattern = try context.string("pattern") ?? name
        let regexp = try context.interpreter.makeRegexp(pattern)
        let listing = try sh(.arguments(["ps", "-ef"]), allowFailure: true).output
        for line in listing.split(separator: "\n").dropFirst() {
            let match = try context.interpreter.callMethod(.object(regexp), "match?", Args([context.interpreter.makeString(String(line))]))
            if match.isTruthy { return true }
        }
        return false
    }

    func start() throws {
        if let command = try custom("start_command") { try sh(.shell(command)); return }
        if usesSystemd { try systemctl("start"); return }
        try requireScript()
        try sh(.arguments([script, "start"]), environment: false)
    }

    func stop() throws {
        if let command = try custom("stop_command") { try sh(.shell(command)); return }
        if usesSystemd { try systemctl("stop"); return }
        try requireScript()
        try sh(.arguments([script, "stop"]), environment: false)
    }

    func restart() throws {
        if let command = try custom("restart_command") { try sh(.shell(command)); return }
        if usesSystemd { try systemctl("restart"); return }
        if supports.contains("restart") {
            try requireScript()
            try sh(.arguments([script, "restart"]), environment: false)
            return
        }
        if try isRunning() { try stop() }
        usleep(1_000_000)  // Chef's pause between stop and start
        try start()
    }

    func reload() throws {
        if let command = try custom("reload_command") { try sh(.shell(command)); return }
        if usesSystemd { try systemctl("reload"); return }
        // The Debian provider does nothing (but says it reloaded) without reload support.
        if supports.contains("reload") { try sh(.arguments([script, "reload"]), environment: false) }
    }

    func requireScript() throws {
        guard FileSystem.kind(script) == .file else {
            throw ActionError("Chef::Exceptions::Service", "service[\(name)]: \(script) does not exist; install the package that "
                              + "provides the service, or write its init script (template '\(script)') before this resource")
        }
    }

    // MARK: Enabled at boot

    func isEnabled() throws -> Bool {
        if usesSystemd { return ["enabled", "static", "generated", "alias", "indirect"].contains(try systemdState().unitFile) }
        try requireUpdateRCD()
        for level in ["1", "2", "3", "4", "5", "S"] {
            let folder = "/etc/rc\(level).d"
            guard let entries = try? FileSystem.list(folder) else { continue }
            if entries.contains(where: { $0.hasPrefix("S") && $0.count == name.count + 3 && $0.hasSuffix(name)
                                         && $0.dropFirst().prefix(2).allSatisfy(\.isNumber) }) { return true }
        }
        return false
    }

    func enable() throws {
        if usesSystemd { try systemctl("enable"); return }
        try requireUpdateRCD()
        try requireScript()
        let start = try context.integer("priority") ?? 20
        try sh(.arguments(["/usr/sbin/update-rc.d", "-f", name, "remove"]))
        try sh(.arguments(["/usr/sbin/update-rc.d", name, "defaults", String(start), String(100 - start)]))
    }

    func disable() throws {
        if usesSystemd { try systemctl("disable"); return }
        try requireUpdateRCD()
        try sh(.arguments(["/usr/sbin/update-rc.d", "-f", name, "remove"]))
        try sh(.arguments(["/usr/sbin/update-rc.d", name, "defaults"]))
        try sh(.arguments(["/usr/sbin/update-rc.d", name, "disable"]))
    }

    func requireUpdateRCD() throws {
        guard FileSystem.kind("/usr/sbin/update-rc.d") == .file else {
            throw ActionError("Chef::Exceptions::Service", "/usr/sbin/update-rc.d does not exist!")
        }
    }

    // MARK: systemd

    func systemdState() throws -> (active: String, unitFile: String) {
        let output = try sh(.arguments(["systemctl", "--system", "show", "-p", "UnitFileState", "-p", "ActiveState", name]),
                            allowFailure: true).output
        var active = "", unitFile = ""
        for line in output.split(separator: "\n") {
            if line.hasPrefix("ActiveState=") { active = String(line.dropFirst(12)) }
            if line.hasPrefix("UnitFileState=") { unitFile = String(line.dropFirst(14)) }
        }
        return (active, unitFile)
    }

    func systemctl(_ verb: String) throws {
        try sh(.arguments(["systemctl", "--system", verb, name]), environment: false)
    }
}
