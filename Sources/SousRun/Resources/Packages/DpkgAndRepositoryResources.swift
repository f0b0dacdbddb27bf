import SousChefServer
import SousLanguage
import SousSupport

/// `dpkg_package`: a .deb file installed with `dpkg -i` unless that version is installed
/// (`dpkg-deb -W` names it, `dpkg -s` says what is installed); `remove` and `purge` with
/// `dpkg -r` and `dpkg -P`.
struct DpkgPackageResource: ResourceType {
    static let name = "dpkg_package"
    static let actions = ["install", "upgrade", "remove", "purge"]
    static let defaultAction = "install"
    static let properties = [
        Property("package_name", [.string], nameProperty: true),
        Property("source", [.string]),
        Property("version", [.string]),
        Property("options", [.string, .array]),
        Property.with("timeout", [.integer, .float], default: .integer(900)),
    ]

    static func installed(_ name: String) -> String? {
        guard let result = try? CommandRunner.run(.arguments(["dpkg", "-s", name])), result.status == 0,
              result.output.contains("Status: install ok installed") else { return nil }
        return result.output.split(separator: "\n").first { $0.hasPrefix("Version: ") }.map { String($0.dropFirst(9)) }
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        var name = try context.requiredString("package_name")
        let options = try AptPackageResource.optionWords(context)
        if action == "remove" || action == "purge" {
            guard installed(name) != nil else { return }
            try context.converge(by: action == "remove" ? "remove package \(name)" : "purge  package \(name)") {
                _ = try AptPackageResource.command(["dpkg", action == "remove" ? "-r" : "-P"] + options + [name], context: context, mustSucceed: true)
            }
            return
        }
        guard let source = try context.string("source") ?? (name.hasSuffix(".deb") ? name : nil) else {
            throw ActionError("Chef::Exceptions::Package", "dpkg_package \(name) needs a source: the path of its .deb file")
        }
        guard FileSystem.kind(source) == .file else {
            throw ActionError("Chef::Exceptions::Package", "Source for package \(name) does not exist: \(source)")
        }
        let fields = try AptPackageResource.command(["dpkg-deb", "-W", source], context: context, mustSucceed: true).output
            .trimmingWhitespace.split(separator: "\t").map(String.init)
        if name == source, let first = fields.first { name = first }
        let version = fields.count > 1 ? fields[1] : "?"
        guard installed(name) != version else { return }
        try context.converge(by: "install version \(version) of package \(name)") {
            _ = try AptPackageResource.command(["dpkg", "-i"] + options + [source], context: context, mustSucceed: true)
        }
    }
}

/// `apt_repository`: a source list in /etc/apt/sources.list.d/NAME.list and its signing key
/// (a local file or an https URL, dearmored into /etc/apt/keyrings/NAME.gpg and named by
/// `signed-by`), then that list's index updated. Used where the machine reaches the archive.
struct AptRepositoryResource: ResourceType {
    static let name = "apt_repository"
    static let actions = ["add", "remove"]
    static let defaultAction = "add"
    static let properties = [
        Property("repo_name", [.string], nameProperty: true),
        Property("uri", [.string]),
        Property("distribution", [.string]),
        Property.with("components", [.array], default: .null),
        Property("arch", [.string]),
        Property.with("trusted", [.boolean], default: .false),
        Property.with("deb_src", [.boolean], default: .false),
        Property("key", [.string, .array]),
        Property.with("cache_rebuild", [.boolean], default: .true),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let name = try context.requiredString("repo_name")
        let list = "/etc/apt/sources.list.d/\(name).list", keyring = "/etc/apt/keyrings/\(name).gpg"
        if action == "remove" {
            guard FileSystem.kind(list) != nil else { return }
            try context.converge(by: "remove \(name) repository") {
                try FileSystem.remove(list)
                if FileSystem.kind(keyring) != nil { try FileSystem.remove(keyring) }
            }
            return
        }
        guard let uri = try context.string("uri") else { throw ActionError("Chef::Exceptions::ValidationFailed", "uri is a required property") }
        let distribution = try context.string("distribution")
            ?? context.run.node.read(["lsb", "codename"]).asString?.value ?? ""
        let keys = try context.strings("key")
        var options: [String] = []
        if let arch = try context.string("arch") { options.append("arch=\(arch)") }
        if try context.bool("trusted") { options.append("trusted=yes") }
        if !keys.isEmpty { options.append("signed-by=\(keyring)") }
        let prefix = options.isEmpty ? "" : "[\(options.joined(separator: " "))] "
        let components = try context.strings("components").joined(separator: " ")
        var lines = ["deb \(prefix)\(uri) \(distribution) \(components)".trimmingWhitespace]
        if try context.bool("deb_src") { lines.append("deb-src \(prefix)\(uri) \(distribution) \(components)".trimmingWhitespace) }
        let content = "# Written by sous (apt_repository[\(name)])\n" + lines.joined(separator: "\n") + "\n"
        if let key = keys.first, FileSystem.kind(keyring) == nil {
            try context.converge(by: "add the signing key of \(name) to \(keyring)") {
                let armored: [UInt8]
                if key.hasPrefix("http://") || key.hasPrefix("https://") {
                    let response = try HTTPConnection().send(url: key, timeout: 60)
                    guard response.status == 200 else { throw ActionError("Chef::Exceptions::FileNotFound", "GET \(key) answered \(response.status)") }
                    armored = response.body
                } else {
                    armored = try FileSystem.read(key)
                }
                try FileSystem.makeDirectories("/etc/apt/keyrings", mode: 0o755)
                var options = CommandOptions()
                options.input = armored
                let result = try CommandRunner.run(.arguments(["gpg", "--batch", "--yes", "--dearmor", "-o", keyring]), options: options)
                guard result.status == 0 else {
                    throw ActionError("Chef::Exceptions::ShellCommandFailed", "gpg --dearmor of the key of \(name) failed",
                                      details: ExecuteResource.outputReport(result, "gpg --dearmor"))
                }
            }
        }
        guard FileSystem.text(list) != content else { return }
        try context.converge(by: "\(FileSystem.kind(list) == nil ? "create" : "update") repository file \(list)") {
            try FileSystem.replaceAtomically(list, with: Array(content.utf8), defaultMode: 0o644)
            if try context.bool("cache_rebuild") {
                let result = try CommandRunner.run(.arguments(["apt-get", "-q", "update", "-o", "Dir::Etc::sourcelist=\(list)",
                                                               "-o", "Dir::Etc::sourceparts=-", "-o", "APT::Get::List-Cleanup=0"]))
                guard result.status == 0 else {
                    throw ActionError("Chef::Exceptions::ShellCommandFailed", "apt-get update of \(name) failed (does this machine reach \(uri)?)",
                                      details: ExecuteResource.outputReport(result, "apt-get update"))
                }
            }
        }
    }
}
