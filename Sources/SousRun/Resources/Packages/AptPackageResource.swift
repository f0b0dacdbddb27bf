#if canImport(Glibc)
import Glibc
#endif
import SousLanguage
import SousSupport

/// `apt_package` (and `package` on Debian): Chef's apt provider. Versions come from
/// `apt-cache policy`; every package a resource names goes in one `apt-get` call, which never
/// prompts (noninteractive, existing config files kept) and waits a bounded time for the
/// dpkg lock. On a machine that cannot reach an archive (a `local` machine sees what the
/// host has installed), a package it cannot get fails saying so.
struct AptPackageResource: ResourceType {
    static let name = "apt_package"
    static let className = "AptPackage"
    static let actions = ["install", "upgrade", "remove", "purge", "lock", "unlock"]
    static let defaultAction = "install"
    static let properties = [
        Property("package_name", [.string, .array], nameProperty: true),
        Property("version", [.string, .array]),
        Property("options", [.string, .array]),
        Property("default_release", [.string]),
        Property.with("overwrite_config_files", [.boolean], default: .false),
        Property.with("timeout", [.integer, .float], default: .integer(900)),
        Property("source", [.string]),
        Property("response_file", [.string]),
        Property("environment", [.hash]),
    ]

    /// How long an apt-get waits for another process's dpkg lock before giving up.
    static let lockTimeout = 120

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        if try context.string("source") != nil {
            throw ActionError("Chef::Exceptions::Package", "apt_package does not take a source; use dpkg_package for a .deb file")
        }
        let names = try context.strings("package_name")
        let versions = try context.strings("version")
        if !versions.isEmpty && versions.count != names.count {
            throw ActionError("Chef::Exceptions::Package", "version names \(versions.count) versions for \(names.count) packages; give one each")
        }
        // Installed already, with no version asked for: up to date, which dpkg's own
        // database says without loading apt's cache (a quarter of a second).
        if action == "install" && versions.isEmpty && installedByDpkg(names) { return }
        let states = try policy(names, context: context)
        switch action {
        case "install", "upgrade":
            var targets: [(name: String, version: String, current: String?)] = []
            var missing: [String] = []
            for (index, name) in names.enumerated() {
                let state = states[name] ?? PackageState()
                let wanted = versions.isEmpty ? nil : versions[index]
                if let wanted {
                    if state.installed == wanted { continue }
                    targets.append((name, wanted, state.installed))
                } else if action == "install" && state.installed != nil {
                    continue
                } else if let candidate = state.candidate {
                    if state.installed == candidate { continue }
                    targets.append((name, candidate, state.installed))
                } else if state.installed == nil {
                    missing.append(name)
                }
            }
            if !missing.isEmpty {
                let list = missing.joined(separator: ", ")
                if context.whyRun {
                    context.assumeUnderWhyRun("No candidate version available for \(list)",
                                              "Assuming a repository that offers \(list) would have been configured")
                    return
                }
                throw ActionError("Chef::Exceptions::Package", "No candidate version available for \(list)",
                                  details: ["No package archive this machine knows offers it: check the name, add the repository that "
                                            + "has it (apt_repository), or run apt_update first. On a sous local machine, which has no "
                                            + "route out, install it on the host (apt-get install \(list)) and the machine sees it."])
            }
            guard !targets.isEmpty else { return }
            let lines = targets.map { target in
                action == "install" ? "install version \(target.version) of package \(target.name)"
                    : "upgrade package \(target.name) from \(target.current ?? "uninstalled") to \(target.version)"
            }
            try context.converge(by: lines) {
                try aptGet(["install"] + targets.map { states[$0.name]?.isVirtual == true ? $0.name : "\($0.name)=\($0.version)" },
                           names: targets.map(\.name), context: context, confFlags: true)
            }
        case "remove", "purge":
            let present = names.filter { states[$0]?.installed != nil }
            guard !present.isEmpty else { return }
            let label = present.count == 1 ? present[0] : "[" + present.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
            try context.converge(by: action == "remove" ? "remove package \(label)" : "purge  package \(label)") {
                try aptGet([action] + present, names: present, context: context, confFlags: false)
            }
        case "lock", "unlock":
            let held = Set(try command(["apt-mark", "showhold"], context: context).output.split(separator: "\n").map(String.init))
            let changing = names.filter { held.contains($0) != (action == "lock") }
            guard !changing.isEmpty else { return }
            for name in changing {
                try context.converge(by: "\(action) package \(name)") {
                    _ = try command(["apt-mark", action == "lock" ? "hold" : "unhold", name], context: context, mustSucceed: true)
                }
            }
        default:
            break
        }
    }

    /// Whether dpkg's database has every one of `names` installed.
    static func installedByDpkg(_ names: [String]) -> Bool {
        guard let bytes = try? FileSystem.read("/var/lib/dpkg/status") else { return false }
        let installed = Set(PackageFacts.parse(bytes).compactMap { name, fields in
            fields["status"]?.stringValue == "installed" ? name : nil
        })
        return names.allSatisfy { installed.contains($0) }
    }

    struct PackageState {
        var installed: String?
        var candidate: String?
        var isVirtual = false
    }

    /// Installed and candidate versions from `apt-cache policy` (all names in one call); a
    /// name with no candidate of its own that one package provides is that package's.
    static func policy(_ names: [String], context: ActionContext) throws -> [String: PackageState] {
        var options: [String] = []
        if let release = try context.string("default_release") { options += ["-o", "APT::Default-Release=\(release)"] }
        let output = try command(["apt-cache"] + options + ["policy"] + names, context: context).output
        var states: [String: PackageState] = [:]
        var current: String?
        for line in output.split(separator: "\n") {
            if !line.hasPrefix(" "), line.hasSuffix(":") {
                current = String(line.dropLast())
                states[current!] = PackageState()
            } else if let name = current {
                let text = line.drop { $0 == " " }
                if text.hasPrefix("Installed: ") {
                    let version = String(text.dropFirst(11))
                    states[name]?.installed = version == "(none)" ? nil : version
                } else if text.hasPrefix("Candidate: ") {
                    let version = String(text.dropFirst(11))
                    states[name]?.candidate = version == "(none)" ? nil : version
                }
            }
        }
        for name in names where states[name]?.candidate == nil && states[name]?.installed == nil {
            // A virtual package: the one package that provides it.
            let shown = try command(["apt-cache", "showpkg", name], context: context).output
            guard let start = shown.firstRange(of: "Reverse Provides:") else { continue }
            let providers = shown[start.upperBound...].split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            if providers.count > 1 {
                throw ActionError("Chef::Exceptions::Package",
                                  "\(name) is a virtual package provided by multiple packages, you must explicitly select one")
            }
            if let provider = providers.first {
                let real = try policy([provider], context: context)[provider] ?? PackageState()
                states[name] = PackageState(installed: real.installed, candidate: real.candidate, isVirtual: true)
            }
        }
        return states
    }

    /// `apt-get -q -y ... ACTION ARGS`, with Chef's flags; a held dpkg lock is waited for
    /// (bounded), and failures name what to do.
    static func aptGet(_ arguments: [String], names: [String], context: ActionContext, confFlags: Bool) throws {
        var words = ["apt-get", "-q", "-y", "-o", "DPkg::Lock::Timeout=\(lockTimeout)"]
        let options = try optionWords(context)
        if confFlags {
            words.append("--allow-downgrades")
            if !options.contains(where: { $0.contains("--force-conf") }) {
                if try context.bool("overwrite_config_files") {
                    words += ["-o", "Dpkg::Options::=--force-confnew"]
                } else {
                    words += ["-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"]
                }
            }
        }
        if let release = try context.string("default_release") { words += ["-o", "APT::Default-Release=\(release)"] }
        let result = try command(words + options + arguments, context: context)
        guard result.status == 0 else {
            let text = result.errorOutput + result.output
            var details = ExecuteResource.outputReport(result, words.joined(separator: " "))
            if text.contains("Could not get lock") || text.contains("Unable to acquire the dpkg frontend lock") {
                details.insert("Another process held the dpkg lock for \(lockTimeout) s; wait for it to finish (or find it with "
                               + "`fuser /var/lib/dpkg/lock-frontend`) and run again.", at: 0)
            } else if text.contains("Temporary failure resolving") || text.contains("Unable to fetch") || text.contains("Failed to fetch") {
                details.insert("This machine could not download \(names.joined(separator: ", ")): it cannot reach the package archive. "
                               + "On a sous local machine (no route out) install it on the host (apt-get install "
                               + "\(names.joined(separator: " "))), and the machine sees it.", at: 0)
            }
            throw ActionError("Chef::Exceptions::Package", "apt-get \(arguments.first ?? "") of \(names.joined(separator: ", ")) failed "
                              + "with exit status \(result.status)", details: details)
        }
    }

    static func optionWords(_ context: ActionContext) throws -> [String] {
        let value = try context.value("options")
        if let list = value.asArray { return try list.items.map { try context.interpreter.toS($0) } }
        guard let text = try context.string("options") else { return [] }
        return text.split(separator: " ").map(String.init)
    }

    /// A command with apt's environment (noninteractive) and the resource's timeout.
    static func command(_ words: [String], context: ActionContext, mustSucceed: Bool = false) throws -> CommandResult {
        var options = CommandOptions()
        options.environment = ["DEBIAN_FRONTEND": "noninteractive", "LC_ALL": "C.UTF-8"]
        if context.resource.type.property(named: "environment") != nil {
            for (key, value) in try context.stringPairs("environment") { options.environment[key] = value }
        }
        options.timeout = try context.number("timeout")
        return try context.command(.arguments(words), options: options, failingAs: mustSucceed ? "Chef::Exceptions::Package" : nil)
    }
}

/// `apt_update`: `apt-get -q update`, every `frequency` seconds (`:periodic`, the default,
/// judged by apt's own success stamp) or every run (`:update`).
struct AptUpdateResource: ResourceType {
    static let name = "apt_update"
    static let actions = ["periodic", "update"]
    static let defaultAction = "periodic"
    static let properties = [
        Property("name", [.string], nameProperty: true),
        Property.with("frequency", [.integer], default: .integer(86400)),
    ]
    static let stamp = "/var/lib/apt/periodic/update-success-stamp"

    static func defaultName(after declared: [Resource]) -> String? { "" }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        if action == "periodic", let status = FileSystem.status(stamp, followLinks: true),
           Double(status.modified.tv_sec) > context.run.host.now().seconds - Double(try context.integer("frequency") ?? 86400) {
            return
        }
        try context.converge(by: action == "update" ? "force update new lists of packages" : "update new lists of packages") {
            try FileSystem.makeDirectories("/var/lib/apt/periodic", mode: 0o755)
            let hook = "/etc/apt/apt.conf.d/15update-stamp"
            let text = "APT::Update::Post-Invoke-Success {\"touch /var/lib/apt/periodic/update-success-stamp 2>/dev/null || true\";};\n"
            if FileSystem.text(hook) != text { try FileSystem.replaceAtomically(hook, with: Array(text.utf8), defaultMode: 0o644) }
            var options = CommandOptions()
            options.environment = ["DEBIAN_FRONTEND": "noninteractive"]
            options.timeout = 900
            let result = try CommandRunner.run(.arguments(["apt-get", "-q", "-o", "DPkg::Lock::Timeout=\(AptPackageResource.lockTimeout)", "update"]),
                                               options: options)
            guard result.status == 0 else {
                throw ActionError("Mixlib::ShellOut::ShellCommandFailed", "apt-get -q update failed with exit status \(result.status)",
                                  details: ExecuteResource.outputReport(result, "apt-get -q update"))
            }
        }
    }

}
