import SousLanguage
import SousSupport

/// What `cron` and `cron_d` share: the schedule, the command and its environment, as Chef's
/// `_cron_shared` has them.
enum CronSchedule {
    static let properties = [
        Property.with("minute", [.string, .integer], defaultString: "*"),
        Property.with("hour", [.string, .integer], defaultString: "*"),
        Property.with("day", [.string, .integer], defaultString: "*"),
        Property.with("month", [.string, .integer], defaultString: "*"),
        Property.with("weekday", [.string, .integer, .symbol], defaultString: "*"),
        Property.with("user", [.string], defaultString: "root"),
        Property("command", [.string]),
        Property("mailto", [.string]),
        Property("path", [.string]),
        Property("shell", [.string]),
        Property("home", [.string]),
        Property.with("environment", [.hash], default: .null),
        Property("time", [.symbol]),
        Property("time_out", [.hash]),
    ]

    static let weekdays = ["sunday": "0", "monday": "1", "tuesday": "2", "wednesday": "3", "thursday": "4", "friday": "5", "saturday": "6"]

    /// `M H D Mo W` (or `@daily`), with Chef's checks on each field.
    static func schedule(_ context: ActionContext) throws -> String {
        if let time = try context.string("time") {
            let allowed = ["reboot", "yearly", "annually", "monthly", "weekly", "daily", "midnight", "hourly"]
            guard allowed.contains(time) else {
                throw ActionError("Chef::Exceptions::ValidationFailed", "Property time must be one of: \(allowed.map { ":\($0)" }.joined(separator: ", "))!")
            }
            return "@\(time)"
        }
        var weekday = try context.string("weekday") ?? "*"
        if let number = weekdays[weekday.lowercased()] { weekday = number }
        return try [context.string("minute") ?? "*", context.string("hour") ?? "*", context.string("day") ?? "*",
                    context.string("month") ?? "*", weekday].joined(separator: " ")
    }

    /// The command, wrapped in `timeout` when `time_out` is given.
    static func command(_ context: ActionContext) throws -> String {
        guard let command = try context.string("command") else {
            throw ActionError("Chef::Exceptions::ValidationFailed", "command is a required property")
        }
        guard let timeOut = try context.value("time_out").asHash else { return command }
        var words = ["timeout"]
        var duration = "0"
        for (key, value) in timeOut.pairs {
            let name = try context.interpreter.toS(key), text = try context.interpreter.toS(value)
            switch name {
            case "duration": duration = text
            case "preserve-status", "foreground": if value.isTruthy { words.append("--\(name)") }
            case "kill-after", "signal": words += ["--\(name)", text]
            default: break
            }
        }
        return (words + [duration]).joined(separator: " ") + "; " + command
    }

    /// MAILTO, PATH, SHELL, HOME and the rest of `environment`, as `KEY=value` lines.
    static func environment(_ context: ActionContext, quoted: Bool) throws -> [String] {
        var lines: [String] = []
        for (property, key) in [("mailto", "MAILTO"), ("path", "PATH"), ("shell", "SHELL"), ("home", "HOME")] {
            if let value = try context.string(property) { lines.append(quoted ? "\(key)=\"\(value)\"" : "\(key)=\(value)") }
        }
        for (key, value) in try context.stringPairs("environment") { lines.append("\(key)=\(quoted ? value : shellEscaped(value))") }
        return lines
    }

    /// Ruby's Shellwords.escape: every character but `A-Za-z0-9_-.,:+/@` behind a backslash.
    static func shellEscaped(_ text: String) -> String {
        if text.isEmpty { return "''" }
        var result = ""
        for character in text {
            if character == "\n" { result += "'\n'"; continue }
            if !(character.isASCII && (character.isLetter || character.isNumber || "_-.,:+/@".contains(character))) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}

/// `cron`: an entry in a user's crontab, marked `# Chef Name: NAME` as Chef marks it, read
/// with `crontab -l -u USER` and written with `crontab -u USER -`.
struct CronResource: ResourceType {
    static let name = "cron"
    static let actions = ["create", "delete"]
    static let defaultAction = "create"
    static let properties = [Property("name", [.string], nameProperty: true)] + CronSchedule.properties

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let user = try context.string("user") ?? "root"
        let listing = try CommandRunner.run(.arguments(["crontab", "-l", "-u", user]))
        let current = listing.status == 0 ? listing.output : ""
        var lines = current.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let marker = "# Chef Name: \(resource.name)"
        // The entry: the marker, its environment lines, and the schedule line.
        var range: Range<Int>?
        if let start = lines.firstIndex(of: marker) {
            var end = start + 1
            while end < lines.count, isAssignment(lines[end]) { end += 1 }
            if end < lines.count { end += 1 }  // the schedule line
            range = start..<end
        }
        let write: ([String]) throws -> Void = { newLines in
            var options = CommandOptions()
            options.input = Array((newLines.joined(separator: "\n") + (newLines.isEmpty ? "" : "\n")).utf8)
            let result = try CommandRunner.run(.arguments(["crontab", "-u", user, "-"]), options: options)
            guard result.status == 0 else {
                throw ActionError("Chef::Exceptions::Cron", "Error updating state of \(context.resource.identity), exit: \(result.status)",
                                  details: ExecuteResource.outputReport(result, "crontab -u \(user) -"))
            }
        }
        if action == "delete" {
            guard let range else { return }
            try context.converge(by: "remove \(resource.name) from crontab") {
                var kept = lines
                kept.removeSubrange(range)
                try write(kept)
            }
            return
        }
        let entry = [marker] + (try CronSchedule.environment(context, quoted: true))
            + ["\(try CronSchedule.schedule(context)) \(try CronSchedule.command(context))"]
        if let range {
            guard Array(lines[range]) != entry else { return }
            try context.converge(by: "update crontab entry for \(context.resource.identity)") {
                var updated = lines
                updated.replaceSubrange(range, with: entry)
                try write(updated)
            }
        } else {
            try context.converge(by: "add crontab entry for \(context.resource.identity)") { try write(lines + entry) }
        }
    }
}

extension CronResource {
    /// `KEY=value` (an environment line of an entry), not a schedule line.
    static func isAssignment(_ line: String) -> Bool {
        guard let equals = line.firstIndex(of: "="), let first = line.first, first.isLetter || first == "_" else { return false }
        return line[..<equals].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}

/// `cron_d`: a file in /etc/cron.d (dots in the name become dashes), mode 0600, as Chef's
/// cron_d writes it.
struct CronDResource: ResourceType {
    static let name = "cron_d"
    static let actions = ["create", "create_if_missing", "delete"]
    static let defaultAction = "create"
    static let properties = [
        Property("cron_name", [.string], nameProperty: true, validations: [.regex(["\\A[a-zA-Z0-9_.-]+\\z"])]),
        Property("comment", [.string]),
        Property("random_delay", [.integer]),
        Property.with("mode", [.string, .integer], defaultString: "0600"),
        Property("owner", [.string, .integer]),
        Property("group", [.string, .integer]),
    ] + CronSchedule.properties + FileResource.updateProperties

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let name = String(try context.requiredString("cron_name").map { $0 == "." ? "-" : $0 })
        let path = "/etc/cron.d/\(name)"
        let file = ManagedFile(context, path: path)
        if action == "delete" { return try file.delete() }
        if action == "create_if_missing", try file.currentStatus() != nil { return }
        var lines = ["# Generated by Chef Infra Client. Changes will be overwritten."]
        lines += try CronSchedule.environment(context, quoted: false)
        if let delay = try context.integer("random_delay") { lines.append("RANDOM_DELAY=\(delay)") }
        lines.append("")
        if let comment = try context.string("comment") { lines.append("# \(comment)") }
        lines.append("\(try CronSchedule.schedule(context)) \(try context.string("user") ?? "root") \(try CronSchedule.command(context))")
        let created = try file.create(content: Array((lines.joined(separator: "\n") + "\n").utf8))
        try file.applyAccessControl(created: created)
    }
}
