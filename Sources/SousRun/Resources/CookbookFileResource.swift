import SousSupport
/// `cookbook_file`: a file copied from the cookbook's `files/` folder.
struct CookbookFileResource: ResourceType {
    static let name = "cookbook_file"
    static let actions = ["create", "create_if_missing", "delete", "touch"]
    static let defaultAction = "create"
    static let properties = [
        Property("path", [.string], nameProperty: true),
        Property("source", [.string, .array]),
        Property("cookbook", [.string]),
    ] + FileResource.accessProperties + FileResource.updateProperties

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let path = try context.requiredString("path")
        let file = ManagedFile(context, path: path)
        if action == "delete" { return try file.delete() }
        if action == "create_if_missing", try file.currentStatus() != nil { return }
        let sources = try context.strings("source")
        let candidates = sources.isEmpty ? [FileSystem.basename(of: path)] : sources
        guard let cookbook = try CookbookSource.cookbook(for: context) else {
            throw ActionError("Chef::Exceptions::FileNotFound",
                              "cookbook_file \(path) needs a cookbook: declare it in a cookbook or set `cookbook 'NAME'` (with --cookbook-path)")
        }
        let folders = try context.run.specificFolders()
        guard let found = candidates.lazy.compactMap({ cookbook.findFile($0, in: "files", specificFolders: folders) }).first else {
            throw ActionError("Chef::Exceptions::FileNotFound",
                              "Cookbook '\(cookbook.name)' does not contain a file at any of these locations: "
                              + candidates.map { "files/\($0)" }.joined(separator: ", "))
        }
        let created = try file.create(content: try FileSystem.read(found))
        try file.applyAccessControl(created: created)
        if action == "touch" { try file.touch() }
    }
}
