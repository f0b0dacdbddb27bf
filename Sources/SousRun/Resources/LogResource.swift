/// `log`: writes a message to the log at a level. Like Chef's, it counts as updated each
/// run, so it can notify.
struct LogResource: ResourceType {
    static let name = "log"
    static let actions = ["write"]
    static let defaultAction = "write"
    static let properties = [
        Property("message", [.string], nameProperty: true),
        Property.with("level", [.symbol], default: .symbol("info"),
                      validations: [.equalTo(["debug", "info", "warn", "error", "fatal"].map { .symbol($0) })]),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let message = try context.requiredString("message")
        let level = LogLevel(name: try context.string("level") ?? "info") ?? .info
        if !context.whyRun { context.logger.log(level, message) }
        context.markChanged()
    }
}
