#if canImport(Glibc)
import Glibc
#endif
import SousLanguage
import SousSupport

/// `sysctl` (`sysctl_param`): a kernel parameter set now (`sysctl -w`) and kept across boots
/// in `CONF_DIR/99-chef-KEY.conf`, as Chef 18's resource does; changed only when the running
/// value or the file differs, with Chef's `set value to X (was Y)` line.
struct SysctlResource: ResourceType {
    static let name = "sysctl"
    static let actions = ["apply", "remove"]
    static let defaultAction = "apply"
    static let properties = [
        Property("key", [.string], nameProperty: true),
        Property("value", [.string, .integer, .float, .array]),
        Property("comment", [.string, .array]),
        Property.with("conf_dir", [.string], defaultString: "/etc/sysctl.d"),
        Property.with("ignore_error", [.boolean], default: .false),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let key = try context.requiredString("key")
        let file = "\(try context.string("conf_dir") ?? "/etc/sysctl.d")/99-chef-\(String(key.map { $0 == "/" ? "." : $0 })).conf"
        if action == "remove" {
            guard FileSystem.kind(file) != nil else { return }
            try context.converge(by: "remove sysctl parameter \(key)") {
                try FileSystem.remove(file)
                _ = try CommandRunner.run(.arguments(["sysctl", "-p"]))
            }
            return
        }
        let value = try context.value("value")
        guard !value.isNil else { throw ActionError("Chef::Exceptions::ValidationFailed", "value is a required property") }
        let wanted = try (value.asArray?.items ?? [value]).map { try context.interpreter.toS($0) }.joined(separator: " ")
        let comments = try context.strings("comment").map { "# \($0)" }
        let content = (comments + ["\(key) = \(wanted)"]).joined(separator: "\n") + "\n"
        let running = try CommandRunner.run(.arguments(["sysctl", "-n", "-e", key])).output.trimmingWhitespace
            .split(whereSeparator: { $0 == "\t" || $0 == " " }).joined(separator: " ")
        guard running != wanted || FileSystem.text(file) != content else { return }
        let line = running.isEmpty ? "  set value to \"\(wanted)\"" : "  set value to \"\(wanted)\" (was \"\(running)\")"
        try context.converge(by: ["\(running.isEmpty ? "create" : "update") sysctl[\(key)]", line]) {
            let set = try CommandRunner.run(.arguments(["sysctl", "-w", "\(key)=\(wanted)"]))
            let ignoreError = try context.bool("ignore_error")
            if set.status != 0 && !ignoreError {
                throw ActionError("Chef::Exceptions::ShellCommandFailed", "sysctl -w \(key)=\(wanted) failed",
                                  details: ExecuteResource.outputReport(set, "sysctl -w \(key)=\(wanted)"))
            }
            try FileSystem.makeDirectories(FileSystem.dirname(of: file), mode: 0o755)
            try FileSystem.replaceAtomically(file, with: Array(content.utf8), defaultMode: 0o644)
        }
    }
}

/// `hostname`: the machine's name now (`hostname NAME`, or hostnamectl under systemd), in
/// /etc/hostname, and in /etc/hosts with the node's address (where that file may be changed;
/// a local machine's is the cluster's); then the automatic attributes are collected again.
struct HostnameResource: ResourceType {
    static let name = "hostname"
    static let actions = ["set"]
    static let defaultAction = "set"
    static let properties = [
        Property("hostname", [.string], nameProperty: true),
        Property("ipaddress", [.string]),
        Property("aliases", [.array]),
        Property.with("windows_reboot", [.boolean], default: .true),
        Property.with("fqdn", [.string], default: .null),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let name = try context.requiredString("hostname")
        let short = String(name.prefix { $0 != "." })
        var changed = false
        if Ohai.hostname != short {
            try context.converge(by: "set the host name to \(short)") {
                let result = try CommandRunner.run(.arguments(["hostname", short]))
                guard result.status == 0 else {
                    throw ActionError("Chef::Exceptions::ShellCommandFailed", "hostname \(short) failed",
                                      details: ExecuteResource.outputReport(result, "hostname \(short)"))
                }
            }
            changed = true
        }
        if FileSystem.text("/etc/hostname") != short + "\n" {
            try context.converge(by: "write \(short) to /etc/hostname") {
                try FileSystem.replaceAtomically("/etc/hostname", with: Array((short + "\n").utf8), defaultMode: 0o644)
            }
            changed = true
        }
        let address = try context.string("ipaddress") ?? context.run.node.read(["ipaddress"]).asString?.value
        if let address, let hosts = FileSystem.text("/etc/hosts") {
            let names = ([name] + (name == short ? [] : [short]) + (try context.strings("aliases"))).joined(separator: " ")
            let line = "\(address) \(names)"
            if !hosts.split(separator: "\n").contains(where: { $0 == line }) {
                if access("/etc/hosts", W_OK) == 0 {
                    try context.converge(by: "add \(line) to /etc/hosts") {
                        let kept = hosts.split(separator: "\n", omittingEmptySubsequences: false).filter {
                            !$0.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().contains(Substring(name))
                        }
                        var text = kept.joined(separator: "\n")
                        if !text.hasSuffix("\n") { text += "\n" }
                        try FileSystem.overwrite("/etc/hosts", with: Array((text + line + "\n").utf8))
                    }
                    changed = true
                } else {
                    context.logger.warn("\(resource.identity): /etc/hosts may not be changed here; \(line) is not added")
                }
            }
        }
        if changed && !context.whyRun { try Ohai.collect(into: context.run.node, interpreter: context.interpreter) }
    }
}
