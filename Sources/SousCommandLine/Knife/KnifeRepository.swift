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

/// `knife download [PATH...]`: the Chef server's environments, roles, nodes, data bags and
/// cookbooks (their latest versions) into a chef-repo, written only where they differ.
/// Ruby files are never rewritten (knife cannot safely update them either).
struct KnifeDownload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "download", abstract: "Download the Chef server's objects into a chef-repo.")
    @OptionGroup var options: KnifeOptions
    @Argument(help: "What to download: roles, environments, nodes, data_bags, cookbooks or a path below them (default: all).")
    var patterns: [String] = []
    @Option(name: .customLong("chef-repo-path"), help: "The chef-repo (instead of chef_repo_path).") var repoPath: String?
    @Flag(name: .customLong("dry-run"), help: "Say what would be written, and write nothing.") var dryRun = false

    func run() throws {
        try KnifeSession.run(options) { session in
            guard let root = repoPath.map({ session.host.absolutePath($0) }) ?? session.config.chefRepoPath else {
                throw UsageError("no chef-repo: give --chef-repo-path DIR, or set chef_repo_path in the config file")
            }
            let wanted = patterns.map { pattern -> String in
                var trimmed = pattern
                while trimmed.hasPrefix("/") || trimmed.hasPrefix("./") { trimmed.removeFirst(trimmed.hasPrefix("/") ? 1 : 2) }
                while trimmed.hasSuffix("/") { trimmed.removeLast() }
                return trimmed
            }
            func selected(_ path: String) -> Bool {
                wanted.isEmpty || wanted.contains { $0.isEmpty || $0 == "." || path == $0 || path.hasPrefix($0 + "/") || $0.hasPrefix(path + "/") }
            }
            var changes = 0
            /// Writes `bytes` at the repo path unless the file already holds them.
            func store(_ path: String, _ bytes: [UInt8], same: ([UInt8]) -> Bool) throws {
                let full = "\(root)/\(path)"
                let existing = try? FileSystem.read(full)
                if let existing, same(existing) { return }
                if !dryRun {
                    try FileSystem.makeDirectories(FileSystem.dirname(of: full), mode: 0o755)
                    try FileSystem.replaceAtomically(full, with: bytes, defaultMode: 0o644)
                }
                changes += 1
                session.print("\(dryRun ? (existing == nil ? "Would create" : "Would update") : (existing == nil ? "Created" : "Updated")) \(path)")
            }
            func storeJSON(_ path: String, _ object: JSON) throws {
                if FileSystem.kind("\(root)/\(String(path.dropLast(5))).rb") == .file {
                    session.host.writeError("WARNING: \(String(path.dropLast(5))).rb cannot be updated (can't safely update ruby files).\n")
                    return
                }
                try store(path, Array(object.rendered(pretty: true).utf8)) { existing in
                    (try? JSON.parse(bytes: existing)).map { object.isSatisfied(by: $0) && $0.isSatisfied(by: object) } ?? false
                }
            }
            for kind in [ChefObjectKind.environment, .role, .node] where selected(kind.rawValue) {
                for name in try session.api.list(kind).sorted() where selected("\(kind.rawValue)/\(name).json") {
                    guard let object = try session.api.fetch(kind, name) else { continue }
                    try storeJSON("\(kind.rawValue)/\(name).json", object)
                }
            }
            if selected("data_bags") {
                for bag in try session.api.dataBags().sorted() where selected("data_bags/\(bag)") {
                    for id in (try session.api.dataBagItems(bag) ?? []).sorted() where selected("data_bags/\(bag)/\(id).json") {
                        guard let item = try session.api.dataBagItem(bag, id) else { continue }
                        try storeJSON("data_bags/\(bag)/\(id).json", item)
                    }
                }
            }
            if selected("cookbooks") {
                let listing = try session.api.get("cookbooks")
                for name in (listing.objectValue ?? []).map(\.0).sorted() where selected("cookbooks/\(name)") {
                    guard let latest = try session.api.optional("cookbooks/\(ChefServerClient.escape(name))/_latest") else { continue }
                    for record in CookbookFile.segments.flatMap({ latest[$0]?.arrayValue ?? [] }) {
                        guard let path = record["path"]?.stringValue, let url = record["url"]?.stringValue,
                              let checksum = record["checksum"]?.stringValue, !path.split(separator: "/").contains("..") else { continue }
                        let local = "\(root)/cookbooks/\(name)/\(path)"
                        if let bytes = try? FileSystem.read(local), CookbookFile.checksum(of: bytes) == checksum { continue }
                        let bytes = try session.api.send("GET", session.api.reachableURL(url)).body
                        guard CookbookFile.checksum(of: bytes) == checksum else {
                            throw CommandFailure("cookbooks/\(name)/\(path) does not match its checksum \(checksum) after download; run again")
                        }
                        try store("cookbooks/\(name)/\(path)", bytes) { _ in false }
                    }
                }
            }
            if changes == 0 { session.print("Nothing to download: \(root) already has everything the server has\(wanted.isEmpty ? "" : " that was asked for").") }
        }
    }
}
