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

/// `whyrun_safe_ruby_block`: a `ruby_block` that runs in why-run too (it computes what later
/// resources need, changing nothing), and says so as Chef's does.
struct WhyrunSafeRubyBlockResource: ResourceType {
    static let name = "whyrun_safe_ruby_block"
    static let actions = ["run", "create"]
    static let defaultAction = "run"
    static let properties = RubyBlockResource.properties

    static func installExtraMethods(on resourceClass: RModule, interpreter: Interpreter) {
        RubyBlockResource.installExtraMethods(on: resourceClass, interpreter: interpreter)
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        guard let block = try context.value("block").asProc else {
            throw ActionError("Chef::Exceptions::ValidationFailed", "whyrun_safe_ruby_block needs a block: block do ... end")
        }
        _ = try context.interpreter.callBlock(block, [])
        context.markChanged()
        context.events.change("execute the whyrun_safe_ruby_block \(resource.name)")
    }
}

/// `notify_group`: does nothing itself but counts as updated every time, so its
/// notifications send one set of actions from one place.
struct NotifyGroupResource: ResourceType {
    static let name = "notify_group"
    static let actions = ["run"]
    static let defaultAction = "run"
    static let properties = [Property("name", [.string], nameProperty: true)]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        context.markChanged()
    }
}
