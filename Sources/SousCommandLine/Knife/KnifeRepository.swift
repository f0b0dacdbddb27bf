import ArgumentParser
import SousChefServer
import SousRun
import SousSupport

/// `knife upload [PATH...]`: a chef-repo's environments, roles, nodes, data bags and
/// cookbooks to the Chef server, as knife's ChefFS does it: what the server lacks is
/// created, what differs is updated, what is the same is left alone.
struct KnifeUpload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upload", abstract: "Upload a chef-repo to the Chef server.")
    @OptionGroup var options: KnifeOptions
    @Argument(help: "What to upload: roles, environments, nodes, data_bags, cookbooks or a path below them (default: all).")
    var patterns: [String] = []
    @Option(name: .customLong("chef-repo-path"), help: "The chef-repo (instead of chef_repo_path).") var repoPath: String?
    @Flag(help: "Upload even what is the same on the server.") var force = false
    @Flag(name: .customLong("dry-run"), help: "Say what would be uploaded, and upload nothing.") var dryRun = false

    func run() throws {
        try KnifeSession.run(options) { session in
            guard let root = repoPath.map({ session.host.absolutePath($0) }) ?? session.config.chefRepoPath else {
                throw UsageError("no chef-repo: give --chef-repo-path DIR, or set chef_repo_path in the config file")
            }
            let repository = ChefRepository(root: root)
            let wanted = patterns.map { pattern -> String in
                var trimmed = pattern
                while trimmed.hasPrefix("/") || trimmed.hasPrefix("./") { trimmed.removeFirst(trimmed.hasPrefix("/") ? 1 : 2) }
                while trimmed.hasSuffix("/") { trimmed.removeLast() }
                return trimmed
            }
            func selected(_ path: String) -> Bool {
                wanted.isEmpty || wanted.contains { $0.isEmpty || $0 == "." || path == $0 || path.hasPrefix($0 + "/") }
            }
            var changes = 0
            func report(_ created: Bool, _ path: String) {
                changes += 1
                session.print("\(dryRun ? (created ? "Would create" : "Would update") : (created ? "Created" : "Updated")) \(path)")
            }
            for kind in [ChefObjectKind.environment, .role, .node] {
                for entry in try repository.objects(kind, interpreter: session.interpreter) where selected(entry.path) {
                    let existing = try session.api.fetch(kind, entry.name)
                    if let existing, !force, entry.object.isSatisfied(by: existing) { continue }
                    if kind == .environment && entry.name == "_default" {
                        session.host.writeError("WARNING: \(entry.path) cannot be updated (default environment cannot be modified).\n")
                        continue
                    }
                    if !dryRun {
                        if existing == nil { try session.api.create(kind, entry.name, entry.object) } else { try session.api.save(kind, entry.name, entry.object) }
                    }
                    report(existing == nil, entry.path)
                }
            }
            for (bag, items) in try repository.dataBags() where selected("data_bags/\(bag)") || items.contains(where: { selected($0.path) }) {
                if try session.api.dataBagItems(bag) == nil {
                    if !dryRun { try session.api.createDataBag(bag) }
                    report(true, "data_bags/\(bag)")
                }
                for item in items where selected(item.path) {
                    let existing = try session.api.dataBagItem(bag, item.name)
                    if let existing, !force, item.object.isSatisfied(by: existing) { continue }
                    if !dryRun { try session.api.saveDataBagItem(bag, item.object) }
                    report(existing == nil, item.path)
                }
            }
            var cookbooks: [(CookbookOnDisk, Bool)] = []
            for folder in repository.cookbookFolders() where selected("cookbooks/\(FileSystem.basename(of: folder))") {
                let cookbook = try CookbookReader.read(folder, interpreter: session.interpreter)
                let latest = try session.api.optional("cookbooks/\(ChefServerClient.escape(cookbook.name))/_latest")
                if let latest, !force, Self.sameFiles(cookbook, latest) { continue }
                cookbooks.append((cookbook, latest == nil))
            }
            if !cookbooks.isEmpty && !dryRun {
                let workers = try (0..<10).map { _ in try session.api.sibling() }
                let savers = try (0..<max(1, min(4, cookbooks.count))).map { _ in try session.api.sibling() }
                let results = try CookbookUploader.uploadAll(cookbooks.map { $0.0.upload(frozen: false) }, server: session.api,
                                                             workers: workers, savers: savers, force: false)
                for result in results { _ = try result.get() }
            }
            for (cookbook, created) in cookbooks { report(created, "cookbooks/\(FileSystem.basename(of: cookbook.folder))") }
            if changes == 0 { session.print("Nothing to upload: the server already has everything in \(root)\(wanted.isEmpty ? "" : " that was asked for").") }
        }
    }

    /// The same files as the server's latest version: each path with the same checksum.
    static func sameFiles(_ cookbook: CookbookOnDisk, _ latest: JSON) -> Bool {
        guard latest["version"]?.stringValue == cookbook.version else { return false }
        let local = Set(cookbook.files.filter { CookbookFile.segments.contains($0.segment) }.map { "\($0.path) \($0.checksum)" })
        let remote = Set(CookbookFile.segments.flatMap { latest[$0]?.arrayValue ?? [] }.compactMap { record -> String? in
            guard let path = record["path"]?.stringValue, let checksum = record["checksum"]?.stringValue else { return nil }
            return "\(path) \(checksum)"
        })
        return local == remote
    }
}
