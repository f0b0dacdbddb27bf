import SousLanguage
import SousSupport

/// `script`: runs `code` with an `interpreter`, from a temporary file, with everything
/// `execute` has. `bash` is the same with bash chosen.
struct ScriptResource: ResourceType {
    static let name = "script"
    static let actions = ["run"]
    static let defaultAction = "run"
    static let properties = [
        Property("command", [.string], nameProperty: true),
        Property("code", [.string]),
        Property("interpreter", [.string]),
        Property.with("flags", [.string], defaultString: ""),
    ] + ExecuteResource.commandProperties

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        try runScript(interpreter: try context.requiredString("interpreter"), in: context)
    }

    static func runScript(interpreter: String, in context: ActionContext) throws {
        let code = try context.requiredString("code")
        let flagText = try context.string("flags") ?? ""
        let flags = flagText.split(separator: " ").map(String.init)
        let folder = context.run.host.environmentVariable("TMPDIR") ?? "/tmp"
        let path = "\(folder)/sous-script-\(UInt64.random(in: 0...UInt64.max))"
        // Chef 18's `Provider::Script#command`: the interpreter quoted, then the flags (so
        // `execute "bash" ` with none); the code goes in on standard input there.
        let description = "\"\(interpreter)\" \(flagText)"
        let writeScript = {
            try FileSystem.replaceAtomically(path, with: Array(code.utf8), defaultMode: 0o644)
            if let user = try context.string("user"), let uid = FileSystem.userID(user) {
                try FileSystem.changeOwner(path, owner: uid, group: nil)
            }
        }
        if !context.whyRun { try writeScript() }
        defer { if !context.whyRun { try? FileSystem.remove(path) } }
        try ExecuteResource.runCommand(.arguments([interpreter] + flags + [path]), description: description, in: context)
    }
}

/// `bash`: a `script` run by bash.
struct BashResource: ResourceType {
    static let name = "bash"
    static let actions = ["run"]
    static let defaultAction = "run"
    static let properties = ScriptResource.properties.filter { $0.name != "interpreter" }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        try ScriptResource.runScript(interpreter: "bash", in: context)
    }
}
