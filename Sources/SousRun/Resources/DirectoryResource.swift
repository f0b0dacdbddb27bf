import SousSupport
/// `directory`: a folder, made with its parents when `recursive`, with mode, owner and group.
struct DirectoryResource: ResourceType {
    static let name = "directory"
    static let actions = ["create", "delete"]
    static let defaultAction = "create"
    static let properties = [
        Property("path", [.string], nameProperty: true),
        Property.with("recursive", [.boolean], default: .false),
    ] + FileResource.accessProperties

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let path = try context.requiredString("path")
        let recursive = try context.bool("recursive")
        let status = FileSystem.status(path, followLinks: true)
        if let status, status.kind != .directory {
            throw ActionError("Chef::Exceptions::FileTypeMismatch", "Cannot create directory \(path): a file of another type is there")
        }
        switch action {
        case "create":
            let created = status == nil
            if created {
                let parent = FileSystem.dirname(of: path)
                if !recursive && FileSystem.kind(parent) != .directory && !context.whyRun {
                    throw ActionError("Chef::Exceptions::EnclosingDirectoryDoesNotExist",
                                      "Parent directory \(parent) does not exist, cannot create \(path)")
                }
                try context.converge(by: "create new directory \(path)") {
                    if recursive {
                        try FileSystem.makeDirectories(path)
                    } else {
                        try FileSystem.makeDirectory(path)
                    }
                }
            }
            try AccessControl(context: context, path: path, created: created).apply()
        case "delete":
            guard status != nil else { return }
            try context.converge(by: "delete existing directory \(path)") {
                if recursive {
                    try FileSystem.removeTree(path)
                } else {
                    try FileSystem.removeDirectory(path)
                }
            }
        default:
            break
        }
    }
}
