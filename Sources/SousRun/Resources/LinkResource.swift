import SousSupport
/// `link`: a symbolic (default) or hard link at `target_file` pointing to `to`.
struct LinkResource: ResourceType {
    static let name = "link"
    static let actions = ["create", "delete"]
    static let defaultAction = "create"
    static let properties = [
        Property("target_file", [.string], nameProperty: true),
        Property("to", [.string]),
        Property.with("link_type", [.symbol], default: .symbol("symbolic"),
                      validations: [.equalTo([.symbol("symbolic"), .symbol("hard")])]),
        Property("owner", [.string, .integer]),
        Property("group", [.string, .integer]),
    ]

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let path = try context.requiredString("target_file")
        let symbolic = try context.string("link_type") != "hard"
        let current = FileSystem.status(path)
        switch action {
        case "create":
            let target = try context.requiredString("to")
            let kind = symbolic ? "symlink" : "hard link"
            if symbolic {
                if current?.kind == .symlink && FileSystem.linkTarget(path) == target { return }
            } else if let current, let wanted = FileSystem.status(target, followLinks: true),
                      current.inode == wanted.inode && current.device == wanted.device {
                return
            }
            if let current {
                guard current.kind != .directory else {
                    throw ActionError("Chef::Exceptions::FileTypeMismatch", "Cannot create link at \(path): a directory is there")
                }
                try context.converge(by: "unlink existing file at \(path)") { try FileSystem.remove(path) }
            }
            if !symbolic && FileSystem.status(target, followLinks: true) == nil && !context.whyRun {
                throw ActionError("Errno::ENOENT", "No such file or directory - \(target) (the target of hard link \(path))")
            }
            try context.converge(by: "create \(kind) at \(path) to \(target)") {
                if symbolic {
                    try FileSystem.makeSymlink(path, to: target)
                } else {
                    try FileSystem.makeHardLink(path, to: target)
                }
            }
            try applyOwnership(path, context: context)
        case "delete":
            guard let current else { return }
            if symbolic && current.kind != .symlink {
                throw ActionError("Chef::Exceptions::Link", "Cannot delete \(path) at \(path)! Not a symbolic link.")
            }
            try context.converge(by: "delete link at \(path)") { try FileSystem.remove(path) }
        default:
            break
        }
    }

    /// Owner and group of the link itself, not of what it points to.
    private static func applyOwnership(_ path: String, context: ActionContext) throws {
        let owner = try context.string("owner").map(AccessControl.userID)
        let group = try context.string("group").map(AccessControl.groupID)
        guard owner != nil || group != nil else { return }
        let current = FileSystem.status(path)
        let ownerRight = owner == nil || current?.owner == owner
        let groupRight = group == nil || current?.group == group
        if ownerRight && groupRight { return }
        try context.converge(by: "change ownership of link \(path)") {
            try FileSystem.changeOwner(path, owner: owner, group: group, followLinks: false)
        }
    }
}
