#if canImport(Glibc)
import Glibc
#endif
import SousSupport

/// `remote_directory`: a folder of the cookbook's `files/` (the most specific one, as for
/// `cookbook_file`) copied to `path`, every file written only when its bytes differ;
/// with `purge`, files there that the cookbook lacks are removed.
struct RemoteDirectoryResource: ResourceType {
    static let name = "remote_directory"
    static let actions = ["create", "create_if_missing", "delete"]
    static let defaultAction = "create"
    static let properties = [
        Property("path", [.string], nameProperty: true),
        Property("source", [.string]),
        Property("cookbook", [.string]),
        Property.with("purge", [.boolean], default: .false),
        Property.with("overwrite", [.boolean], default: .true),
        Property.with("recursive", [.boolean], default: .true),
        Property("files_mode", [.string, .integer]),
        Property("files_owner", [.string, .integer]),
        Property("files_group", [.string, .integer]),
        Property.with("files_backup", [.integer, .boolean], default: .integer(5)),
    ] + FileResource.accessProperties

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let path = try context.requiredString("path")
        if action == "delete" {
            guard FileSystem.kind(path) != nil else { return }
            try context.converge(by: "delete directory \(path)") { try FileSystem.removeTree(path) }
            return
        }
        if action == "create_if_missing", FileSystem.kind(path) != nil { return }
        let source = try context.string("source") ?? FileSystem.basename(of: path)
        guard let cookbook = try CookbookSource.cookbook(for: context) else {
            throw ActionError("Chef::Exceptions::FileNotFound", "remote_directory \(path) needs a cookbook: declare it in a cookbook or set `cookbook 'NAME'`")
        }
        let folders = try context.run.specificFolders()
        guard let folder = (folders + ["default", ""]).lazy.map({ $0.isEmpty ? "\(cookbook.path)/files/\(source)" : "\(cookbook.path)/files/\($0)/\(source)" })
                .first(where: { FileSystem.kind($0) == .directory }) else {
            throw ActionError("Chef::Exceptions::FileNotFound", "Cookbook '\(cookbook.name)' has no folder files/\(source) (nor files/default/\(source))")
        }
        let mode = try context.string("mode").flatMap { UInt32($0, radix: 8) } ?? 0o755
        let filesMode = try context.string("files_mode").flatMap { UInt32($0, radix: 8) } ?? 0o644
        if FileSystem.kind(path) == nil {
            try context.converge(by: "create new directory \(path)") { try FileSystem.makeDirectories(path, mode: mode) }
        }
        var wanted = Set<String>()
        func copy(_ relative: String) throws {
            let from = relative.isEmpty ? folder : "\(folder)/\(relative)"
            for entry in try FileSystem.list(from).sorted() {
                let item = relative.isEmpty ? entry : "\(relative)/\(entry)"
                let target = "\(path)/\(item)"
                wanted.insert(item)
                if FileSystem.kind("\(folder)/\(item)") == .directory {
                    if FileSystem.kind(target) == nil {
                        try context.converge(by: "create new directory \(target)") { try FileSystem.makeDirectories(target, mode: mode) }
                    }
                    try copy(item)
                    continue
                }
                let bytes = try FileSystem.read("\(folder)/\(item)")
                let existing = try? FileSystem.read(target)
                let overwrite = try context.bool("overwrite")
                if existing == bytes || (existing != nil && !overwrite) { continue }
                try context.converge(by: existing == nil ? "create new file \(target)" : "update content in file \(target)") {
                    try FileSystem.replaceAtomically(target, with: bytes, defaultMode: filesMode)
                    try FileSystem.changeMode(target, filesMode)
                }
            }
        }
        try copy("")
        if try context.bool("purge") {
            func purge(_ relative: String) throws {
                let here = relative.isEmpty ? path : "\(path)/\(relative)"
                for entry in try FileSystem.list(here).sorted() {
                    let item = relative.isEmpty ? entry : "\(relative)/\(entry)"
                    if !wanted.contains(item) {
                        try context.converge(by: "delete unmanaged \(FileSystem.kind("\(path)/\(item)") == .directory ? "directory" : "file") \(path)/\(item)") {
                            try FileSystem.removeTree("\(path)/\(item)")
                        }
                    } else if FileSystem.kind("\(path)/\(item)") == .directory {
                        try purge(item)
                    }
                }
            }
            try purge("")
        }
    }
}
