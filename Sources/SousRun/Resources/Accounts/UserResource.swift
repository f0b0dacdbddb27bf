#if canImport(Glibc)
import Glibc
#endif
import SousLanguage
import SousSupport

/// `user` (`linux_user`): Chef's Linux provider, through useradd, usermod and userdel. Only
/// what differs is changed, and each change is named (`change shell from A to B`).
struct LinuxUserResource: ResourceType {
    static let name = "linux_user"
    static let className = "LinuxUser"
    static let actions = ["create", "remove", "modify", "manage", "lock", "unlock"]
    static let defaultAction = "create"
    static let properties = [
        Property("username", [.string], nameProperty: true),
        Property("comment", [.string]),
        Property("uid", [.string, .integer]),
        Property("gid", [.string, .integer]),
        Property("home", [.string]),
        Property("shell", [.string]),
        Property("password", [.string], sensitive: true),
        Property("salt", [.string]),
        Property("iterations", [.integer]),
        Property("expire_date", [.string]),
        Property("inactive", [.string, .integer]),
        Property.with("system", [.boolean], default: .false),
        Property.with("manage_home", [.boolean], default: .false),
        Property.with("non_unique", [.boolean], default: .false),
        Property.with("force", [.boolean], default: .false),
    ]

    struct Current {
        var uid: String, gid: String, home: String, shell: String, comment: String
    }

    static func current(_ name: String) -> Current? {
        guard let entry = getpwnam(name) else { return nil }
        let user = entry.pointee
        return Current(uid: String(user.pw_uid), gid: String(user.pw_gid), home: user.pw_dir.map { String(cString: $0) } ?? "",
                       shell: user.pw_shell.map { String(cString: $0) } ?? "", comment: user.pw_gecos.map { String(cString: $0) } ?? "")
    }

    /// The password hash in /etc/shadow.
    static func currentPassword(_ name: String) -> String? {
        guard let text = FileSystem.text("/etc/shadow") else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count > 1, fields[0] == name { return String(fields[1]) }
        }
        return nil
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let name = try context.requiredString("username")
        let existing = current(name)
        switch action {
        case "create":
            if let existing {
                try alter(name, existing, verb: "alter", context: context)
            } else {
                try context.converge(by: "create user \(name)") {
                    var words = ["useradd"] + (try flags(name, nil, context: context).words)
                    if try context.bool("system") { words.append("-r") }
                    words.append(try context.bool("manage_home") ? "-m" : "-M")
                    try Accounts.run(words + [name], context: context)
                }
            }
        case "modify", "manage":
            guard let existing else {
                if action == "modify" { throw ActionError("Chef::Exceptions::User", "Cannot modify user \(name) - does not exist!") }
                return
            }
            try alter(name, existing, verb: action, context: context)
        case "remove":
            guard existing != nil else { return }
            try context.converge(by: "remove user \(name)") {
                var words = ["userdel"]
                if try context.bool("manage_home") { words.append("-r") }
                if try context.bool("force") { words.append("-f") }
                try Accounts.run(words + [name], context: context)
            }
        case "lock", "unlock":
            guard existing != nil else {
                throw ActionError("Chef::Exceptions::User", "Cannot \(action) user \(name) - does not exist!")
            }
            let status = try Accounts.run(["passwd", "-S", name], context: context, allowFailure: true)
            let locked = status.output.split(separator: " ").dropFirst().first == "L"
            guard locked != (action == "lock") else { return }
            try context.converge(by: action == "lock" ? "lock the user \(name)" : "unlock user \(name)") {
                try Accounts.run(["usermod", action == "lock" ? "-L" : "-U", name], context: context)
            }
        default:
            break
        }
    }

    /// The flags for what differs from `existing` (everything set, for a new user) and the
    /// lines that say what changes.
    static func flags(_ name: String, _ existing: Current?, context: ActionContext) throws -> (words: [String], lines: [String]) {
        var words: [String] = [], lines: [String] = []
        func consider(_ property: String, flag: String, current: String?, wanted: String?, label: String? = nil, sensitive: Bool = false) {
            guard let wanted, wanted != current else { return }
            words += [flag, wanted]
            if existing != nil {
                lines.append("change \(label ?? property) from \(sensitive ? "********" : current ?? "") to \(sensitive ? "********" : wanted)")
            }
        }
        consider("comment", flag: "-c", current: existing?.comment, wanted: try context.string("comment"))
        if let expire = try context.string("expire_date") { words += ["-e", expire] }
        var gid = try context.string("gid")
        if let group = gid, Int(group) == nil {
            guard let entry = getgrnam(group) else {
                throw ActionError("Chef::Exceptions::User", "Couldn't lookup integer GID for group name \(group)")
            }
            gid = String(entry.pointee.gr_gid)
        }
        consider("gid", flag: "-g", current: existing?.gid, wanted: gid)
        if let inactive = try context.string("inactive") { words += ["-f", inactive] }
        if let password = try context.string("password"), password != (existing == nil ? nil : currentPassword(name)) {
            words += ["-p", password]
            if existing != nil { lines.append("change password from ******** to ********") }
        }
        consider("shell", flag: "-s", current: existing?.shell, wanted: try context.string("shell"))
        consider("uid", flag: "-u", current: existing?.uid, wanted: try context.string("uid"))
        consider("home", flag: "-d", current: existing?.home, wanted: try context.string("home").map(cleanPath), label: "homedir")
        if try context.bool("non_unique") { words.append("-o") }
        return (words, lines)
    }

    static func alter(_ name: String, _ existing: Current, verb: String, context: ActionContext) throws {
        let (words, lines) = try flags(name, existing, context: context)
        guard !lines.isEmpty else { return }
        try context.converge(by: ["\(verb) user \(name)"] + lines) {
            var command = ["usermod"] + words
            if try context.bool("manage_home"), words.contains("-d") { command.append("-m") }
            try Accounts.run(command + [name], context: context)
        }
    }

    static func cleanPath(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}

/// `group`: Chef's gpasswd provider (groupadd, groupmod, gpasswd, groupdel).
struct GroupResource: ResourceType {
    static let name = "group"
    static let actions = ["create", "remove", "modify", "manage"]
    static let defaultAction = "create"
    static let properties = [
        Property("group_name", [.string], nameProperty: true),
        Property("gid", [.string, .integer]),
        Property.with("members", [.array, .string], default: .null),
        Property.with("excluded_members", [.array, .string], default: .null),
        Property.with("append", [.boolean], default: .false),
        Property.with("system", [.boolean], default: .false),
        Property.with("non_unique", [.boolean], default: .false),
        Property("comment", [.string]),
    ]

    static func current(_ name: String) -> (gid: String, members: [String])? {
        guard let entry = getgrnam(name) else { return nil }
        var members: [String] = []
        var pointer = entry.pointee.gr_mem
        while let member = pointer?.pointee {
            members.append(String(cString: member))
            pointer = pointer?.advanced(by: 1)
        }
        return (String(entry.pointee.gr_gid), members)
    }

    static func list(_ property: String, _ context: ActionContext) throws -> [String] {
        let value = try context.value(property)
        if let array = value.asArray { return try array.items.map { try context.interpreter.toS($0) } }
        guard let text = value.asString?.value else { return [] }
        return text.split(separator: ",").map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let name = try context.requiredString("group_name")
        let existing = current(name)
        let members = try list("members", context), excluded = try list("excluded_members", context)
        if let conflict = members.first(where: { excluded.contains($0) }) {
            throw ActionError("Chef::Exceptions::ConflictingMembersInGroup", "Attempting to both add and remove users from a group: \(conflict)")
        }
        let append = try context.bool("append")
        let gid = try context.string("gid")
        switch action {
        case "create":
            guard let existing else {
                try context.converge(by: "create group \(name)") {
                    var words = ["groupadd"]
                    if let gid { words += ["-g", gid] }
                    words.append(name)
                    if try context.bool("system") { words.append("-r") }
                    if try context.bool("non_unique") { words.append("-o") }
                    try Accounts.run(words, context: context)
                    try setMembers(name, current: [], members: members, excluded: excluded, append: append, context: context)
                }
                return
            }
            try alter(name, existing, gid: gid, members: members, excluded: excluded, append: append, verb: "alter", context: context)
        case "modify", "manage":
            guard let existing else {
                if action == "modify" { throw ActionError("Chef::Exceptions::Group", "Cannot modify group \(name) - does not exist!") }
                return
            }
            try alter(name, existing, gid: gid, members: members, excluded: excluded, append: append, verb: action, context: context)
        case "remove":
            guard existing != nil else { return }
            try context.converge(by: "remove group \(name)") { try Accounts.run(["groupdel", name], context: context) }
        default:
            break
        }
    }

    static func alter(_ name: String, _ existing: (gid: String, members: [String]), gid: String?, members: [String], excluded: [String],
                      append: Bool, verb: String, context: ActionContext) throws {
        var lines: [String] = []
        if let gid, gid != existing.gid { lines.append("change gid \(existing.gid) to \(gid)") }
        let membersSet = context.resource.values["members"] != nil || context.resource.values["excluded_members"] != nil
        if membersSet {
            if append {
                let missing = members.filter { !existing.members.contains($0) }
                let present = excluded.filter { existing.members.contains($0) }
                if !missing.isEmpty { lines.append("add missing member(s): \(missing.joined(separator: ", "))") }
                if !present.isEmpty { lines.append("remove existing member(s): \(present.joined(separator: ", "))") }
            } else if members.sorted() != existing.members.sorted() {
                lines.append("replace group members with new list of members: \(members.joined(separator: ", "))")
            }
        }
        guard !lines.isEmpty else { return }
        try context.converge(by: ["\(verb) group \(name)"] + lines) {
            if let gid, gid != existing.gid { try Accounts.run(["groupmod", "-g", gid, name], context: context) }
            if membersSet {
                try setMembers(name, current: existing.members, members: members, excluded: excluded, append: append, context: context)
            }
        }
    }

    static func setMembers(_ name: String, current: [String], members: [String], excluded: [String], append: Bool,
                           context: ActionContext) throws {
        if append {
            for user in members where !current.contains(user) { try Accounts.run(["gpasswd", "-a", user, name], context: context) }
            for user in excluded where current.contains(user) { try Accounts.run(["gpasswd", "-d", user, name], context: context) }
        } else {
            try Accounts.run(["gpasswd", "-M", members.joined(separator: ","), name], context: context)
        }
    }
}

/// The account tools, run with their output kept for the error when one fails.
enum Accounts {
    @discardableResult
    static func run(_ words: [String], context: ActionContext, allowFailure: Bool = false) throws -> CommandResult {
        // A password hash is never shown.
        let shown = words.contains("-p") ? "\(words[0]) ... \(words.last ?? "") (password hidden)" : words.joined(separator: " ")
        return try context.command(.arguments(words), shown: shown, failingAs: allowFailure ? nil : "Mixlib::ShellOut::ShellCommandFailed")
    }
}
