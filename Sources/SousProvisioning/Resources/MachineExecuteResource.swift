import SousChefServer
import SousRun

/// `machine_execute`: a command run on a machine (over its SSH connection).
struct MachineExecuteResource: ResourceType {
    static let name = "machine_execute"
    static let actions = ["run"]
    static let defaultAction = "run"
    static let properties = [
        Property("command", [.string], nameProperty: true),
        Property("machine", [.string]),
        ServerObjectSync.chefServerProperty,
        Property.with("timeout", [.integer], default: .integer(900)),
        Property.with("live_stream", [.boolean], default: .false),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let machine = try context.requiredString("machine")
        let command = try context.requiredString("command")
        let liveStream = try context.bool("live_stream")
        try context.converge(by: "run `\(command)` on \(machine)") {
            let connection = try context.run.provisioning.connection(to: machine, for: resource, run: context.run)
            let result = try connection.execute(command, timeout: try context.integer("timeout") ?? 900) { _, line in
                if liveStream { context.events.streamed(line) }
            }
            guard result.exitStatus == 0 else {
                throw ActionError("Chef::Exceptions::Exec", "`\(command)` on \(machine) exited \(result.exitStatus)",
                                  details: (result.stderr + result.stdout).split(separator: "\n").suffix(10).map(String.init))
            }
        }
    }
}
