/// `ohai`: collects the automatic attributes again mid-run, as Chef's does after a recipe
/// changed what they describe (a new address, a package installed). `plugin` is accepted;
/// sous collects everything, which takes milliseconds.
struct OhaiResource: ResourceType {
    static let name = "ohai"
    static let actions = ["reload"]
    static let defaultAction = "reload"
    static let properties = [
        Property("name", [.string], nameProperty: true),
        Property("plugin", [.string]),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        try context.converge(by: "re-run ohai and merge results into node attributes") {
            try Ohai.collect(into: context.run.node, interpreter: context.interpreter)
        }
    }
}
