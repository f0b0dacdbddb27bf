/// `file`: a file's content, mode, owner and group.
struct FileResource: ResourceType {
    static let name = "file"
    static let actions = ["create", "create_if_missing", "delete", "touch"]
    static let defaultAction = "create"
    static let properties = [
        Property("path", [.string], nameProperty: true),
        Property("content", [.string]),
    ] + FileResource.accessProperties + FileResource.updateProperties

    /// What every file-like resource has for access control.
    static let accessProperties = [
        Property("mode", [.string, .integer]),
        Property("owner", [.string, .integer]),
        Property("group", [.string, .integer]),
    ]

    /// How file-like resources replace content.
    static let updateProperties = [
        Property.with("backup", [.integer, .boolean], default: .integer(5)),
        Property.with("atomic_update", [.boolean], default: .true),
        Property.with("force_unlink", [.boolean], default: .false),
        Property("verify", [.string, .array, .proc]),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let file = ManagedFile(context, path: try context.requiredString("path"))
        switch action {
        case "create":
            let created = try file.create(content: try context.string("content").map { Array($0.utf8) })
            try file.applyAccessControl(created: created)
        case "create_if_missing":
            if try file.currentStatus() == nil {
                let created = try file.create(content: try context.string("content").map { Array($0.utf8) })
                try file.applyAccessControl(created: created)
            }
        case "delete":
            try file.delete()
        case "touch":
            let created = try file.create(content: try context.string("content").map { Array($0.utf8) })
            try file.applyAccessControl(created: created)
            try file.touch()
        default:
            break
        }
    }
}
