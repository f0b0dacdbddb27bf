import SousLanguage
import SousSupport

/// `systemd_unit`: a unit file in /etc/systemd/system (`content` as text, or a Hash of
/// sections as Chef renders it), and systemctl's actions on it. Where systemd does not run
/// (a local machine), writing and removing the file work; the other actions say it needs
/// systemd.
struct SystemdUnitResource: ResourceType {
    static let name = "systemd_unit"
    static let actions = ["create", "delete", "enable", "disable", "start", "stop", "restart", "reload",
                          "try_restart", "reload_or_restart", "mask", "unmask", "preset", "revert"]
    static let defaultAction = "nothing"
    static let properties = [
        Property("unit_name", [.string], nameProperty: true),
        Property("content", [.string, .hash]),
        Property.with("triggers_reload", [.boolean], default: .true),
        Property.with("verify", [.boolean], default: .true),
    ]

    /// A Hash of sections as an ini file: `[Unit]`, then `Key=value` (an Array value gives
    /// one line per element).
    static func render(_ content: Value, _ interp: Interpreter) throws -> String {
        if let text = content.asString?.value { return text }
        guard let sections = content.asHash else { return "" }
        var lines: [String] = []
        for (section, settings) in sections.pairs {
            if !lines.isEmpty { lines.append("") }
            lines.append("[\(try interp.toS(section))]")
            for (key, value) in settings.asHash?.pairs ?? [] {
                for item in value.asArray?.items ?? [value] { lines.append("\(try interp.toS(key))=\(try interp.toS(item))") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let name = try context.requiredString("unit_name")
        let path = "/etc/systemd/system/\(name)"
        let systemd = FileSystem.text("/proc/1/comm")?.split(separator: "\n").first == "systemd"
        func systemctl(_ words: [String]) throws {
            let result = try CommandRunner.run(.arguments(["systemctl", "--system"] + words))
            guard result.status == 0 else {
                throw ActionError("Mixlib::ShellOut::ShellCommandFailed", "systemctl \(words.joined(separator: " ")) failed",
                                  details: ExecuteResource.outputReport(result, "systemctl \(words.joined(separator: " "))"))
            }
        }
        switch action {
        case "create":
            let content = try render(try context.value("content"), context.interpreter)
            guard FileSystem.text(path) != content else { return }
            try context.converge(by: "\(FileSystem.kind(path) == nil ? "create" : "update") unit file \(path)") {
                try FileSystem.replaceAtomically(path, with: Array(content.utf8), defaultMode: 0o644)
                if systemd, try context.bool("triggers_reload") { try systemctl(["daemon-reload"]) }
            }
        case "delete":
            guard FileSystem.kind(path) != nil else { return }
            try context.converge(by: "delete unit file \(path)") {
                try FileSystem.remove(path)
                if systemd, try context.bool("triggers_reload") { try systemctl(["daemon-reload"]) }
            }
        default:
            guard systemd else {
                throw ActionError("Chef::Exceptions::UnsupportedAction", "\(resource.identity): \(action) needs systemd, which does not run here "
                                  + "(use an init script and the service resource)")
            }
            let state = try CommandRunner.run(.arguments(["systemctl", "--system", "show", "-p", "ActiveState", "-p", "UnitFileState", name])).output
            let active = state.contains("ActiveState=active"), enabled = state.contains("UnitFileState=enabled")
            let needed: Bool
            switch action {
            case "start": needed = !active
            case "stop": needed = active
            case "enable": needed = !enabled
            case "disable": needed = enabled
            case "mask": needed = !state.contains("UnitFileState=masked")
            case "unmask": needed = state.contains("UnitFileState=masked")
            case "reload", "try_restart": needed = active
            default: needed = true
            }
            guard needed else { return }
            let verb = action.replacingUnderscores()
            try context.converge(by: "\(verb) unit: \(name)") { try systemctl([verb, name]) }
        }
    }
}

extension String {
    /// `reload_or_restart` -> `reload-or-restart`, as systemctl spells its verbs.
    func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}
