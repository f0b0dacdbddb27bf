import SousLanguage

/// `ruby_block`: Ruby code run at converge time, in order with the other resources.
struct RubyBlockResource: ResourceType {
    static let name = "ruby_block"
    static let actions = ["run", "create"]
    static let defaultAction = "run"
    static let properties = [
        Property("block_name", [.string], nameProperty: true),
        Property("block", [.proc]),
    ]

    static func installExtraMethods(on resourceClass: RModule, interpreter: Interpreter) {
        // `block do ... end` hands over a block rather than a value.
        interpreter.define(resourceClass, "block") { interp, receiver, args in
            guard let resource = receiver.asObject as? Resource else { return .null }
            if let block = args.block {
                resource.values["block"] = .object(block)
            }
            return resource.values["block"] ?? .null
        }
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        guard let block = try context.value("block").asProc else {
            throw ActionError("Chef::Exceptions::ValidationFailed", "ruby_block needs a block: block do ... end")
        }
        try context.converge(by: "execute the ruby block \(resource.name)") {
            _ = try context.interpreter.callBlock(block, [])
        }
    }
}
