import SousChefServer
import SousLanguage
import SousSupport

/// A chef-repo to a Chef server and back, as knife's ChefFS does it (`knife upload`,
/// `knife download`, and local mode's load and write-back): created where the other side
/// lacks it, updated where it differs, left alone where it is the same. Each change is
/// told through `print` in knife's words; both return how many there were.
public struct RepositoryTransfer {
    let api: ChefServerClient
    let interpreter: Interpreter
    public let root: String
    /// What to take (`roles`, `cookbooks/app`, `data_bags/users/alice.json`); empty: all.
    let patterns: [String]
    var dryRun = false
    var force = false
    /// Download also deletes the repo's JSON files of objects the server no longer has
    /// (`knife download --purge`; local mode's write-back after a run deleted something).
    var purge = false
    /// Repo paths download never writes: a local server's own admin and validator clients,
    /// whose keys die with it, the run's client, whose key is new each run, and the
    /// `_default` environment, which every server has.
    var keptOut: Set<String> = []
    let print: (String) -> Void
    let warn: (String) -> Void

    public init(api: ChefServerClient, interpreter: Interpreter, root: String, patterns: [String], dryRun: Bool = false,
                force: Bool = false, purge: Bool = false, keptOut: Set<String> = [],
                print: @escaping (String) -> Void, warn: @escaping (String) -> Void) {
        self.api = api
        self.interpreter = interpreter
        self.root = root
        self.patterns = patterns
        self.dryRun = dryRun
        self.force = force
        self.purge = purge
        self.keptOut = keptOut
        self.print = print
        self.warn = warn
    }

    func selected(_ path: String) -> Bool {
        let wanted = patterns.map { pattern -> String in
            var trimmed = pattern
            while trimmed.hasPrefix("/") || trimmed.hasPrefix("./") { trimmed.removeFirst(trimmed.hasPrefix("/") ? 1 : 2) }
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            return trimmed
        }
        return wanted.isEmpty || wanted.contains { $0.isEmpty || $0 == "." || path == $0 || path.hasPrefix($0 + "/") || $0.hasPrefix(path + "/") }
    }

    func report(_ created: Bool, _ path: String) {
        print("\(dryRun ? (created ? "Would create" : "Would update") : (created ? "Created" : "Updated")) \(path)")
    }

    // MARK: Up

    /// The kinds of object a chef-repo holds as files, in the order they are sent.
    static let objectKinds: [ChefObjectKind] = [.environment, .role, .node, .client]

    public func upload() throws -> Int {
        let repository = ChefRepository(root: root)
        var changes = 0
        for kind in Self.objectKinds {
            for entry in try repository.objects(kind, interpreter: interpreter) where selected(entry.path) {
                let existing = try api.fetch(kind, entry.name)
                if let existing, !force, entry.object.isSatisfied(by: existing) { continue }
                if kind == .environment && entry.name == "_default" {
                    warn("\(entry.path) cannot be updated (default environment cannot be modified).")
                    continue
                }
                if !dryRun {
                    if existing == nil { try api.create(kind, entry.name, entry.object) } else { try api.save(kind, entry.name, entry.object) }
                }
                report(existing == nil, entry.path)
                changes += 1
            }
        }
        for (bag, items) in try repository.dataBags() where selected("data_bags/\(bag)") {
            if try api.dataBagItems(bag) == nil {
                if !dryRun { try api.createDataBag(bag) }
                report(true, "data_bags/\(bag)")
                changes += 1
            }
            for item in items where selected(item.path) {
                let existing = try api.dataBagItem(bag, item.name)
                if let existing, !force, item.object.isSatisfied(by: existing) { continue }
                if !dryRun { try api.saveDataBagItem(bag, item.object) }
                report(existing == nil, item.path)
                changes += 1
            }
        }
        var cookbooks: [(CookbookOnDisk, Bool)] = []
        for folder in repository.cookbookFolders() where selected("cookbooks/\(FileSystem.basename(of: folder))") {
            let cookbook = try CookbookReader.read(folder, interpreter: interpreter)
            let latest = try api.optional("cookbooks/\(ChefServerClient.escape(cookbook.name))/_latest")
            if let latest, !force, Self.sameFiles(cookbook, latest) { continue }
            cookbooks.append((cookbook, latest == nil))
        }
        if !cookbooks.isEmpty && !dryRun {
            let results = try CookbookUploader.uploadAll(cookbooks.map { $0.0.upload(frozen: false) }, server: api,
                                                         concurrency: 10, force: false)
            for result in results { _ = try result.get() }
        }
        for (cookbook, created) in cookbooks { report(created, "cookbooks/\(FileSystem.basename(of: cookbook.folder))") }
        return changes + cookbooks.count
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

    // MARK: Down

    public func download() throws -> Int {
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
            report(existing == nil, path)
            changes += 1
        }
        func storeJSON(_ path: String, _ object: JSON) throws {
            if FileSystem.kind("\(root)/\(String(path.dropLast(5))).rb") == .file {
                warn("\(String(path.dropLast(5))).rb cannot be updated (can't safely update ruby files).")
                return
            }
            try store(path, Array(object.rendered(pretty: true).utf8)) { existing in
                (try? JSON.parse(bytes: existing)).map { object.isSatisfied(by: $0) && $0.isSatisfied(by: object) } ?? false
            }
        }
        /// With `purge`: deletes the JSON files in `folder` (a repo path) not named in `kept`.
        func purgeFiles(in folder: String, keeping kept: Set<String>) throws {
            guard purge, FileSystem.kind("\(root)/\(folder)") == .directory else { return }
            for file in try FileSystem.list("\(root)/\(folder)").sorted() where file.hasSuffix(".json") && !file.hasPrefix(".") {
                let name = String(file.dropLast(5))
                guard !kept.contains(name), selected("\(folder)/\(file)") else { continue }
                if !dryRun { try FileSystem.remove("\(root)/\(folder)/\(file)") }
                print("\(dryRun ? "Would delete" : "Deleted") extra entry \(folder)/\(file) (purge is on)")
                changes += 1
            }
        }
        for kind in Self.objectKinds where selected(kind.rawValue) {
            let names = try api.list(kind)
            for name in names.sorted() where selected("\(kind.rawValue)/\(name).json") && !keptOut.contains("\(kind.rawValue)/\(name).json") {
                guard let object = try api.fetch(kind, name) else { continue }
                try storeJSON("\(kind.rawValue)/\(name).json", object)
            }
            try purgeFiles(in: kind.rawValue, keeping: Set(names))
        }
        if selected("data_bags") {
            let bags = try api.dataBags()
            for bag in bags.sorted() where selected("data_bags/\(bag)") {
                let ids = try api.dataBagItems(bag) ?? []
                for id in ids.sorted() where selected("data_bags/\(bag)/\(id).json") {
                    guard let item = try api.dataBagItem(bag, id) else { continue }
                    try storeJSON("data_bags/\(bag)/\(id).json", item)
                }
                try purgeFiles(in: "data_bags/\(bag)", keeping: Set(ids))
            }
            if purge, FileSystem.kind("\(root)/data_bags") == .directory {
                for bag in try FileSystem.list("\(root)/data_bags").sorted() where !bags.contains(bag) && !bag.hasPrefix(".") {
                    try purgeFiles(in: "data_bags/\(bag)", keeping: [])
                }
            }
        }
        if selected("cookbooks") {
            let listing = try api.get("cookbooks")
            for name in (listing.objectValue ?? []).map(\.0).sorted() where selected("cookbooks/\(name)") {
                guard let latest = try api.optional("cookbooks/\(ChefServerClient.escape(name))/_latest") else { continue }
                for record in CookbookFile.segments.flatMap({ latest[$0]?.arrayValue ?? [] }) {
                    guard let path = record["path"]?.stringValue, let url = record["url"]?.stringValue,
                          let checksum = record["checksum"]?.stringValue, !path.split(separator: "/").contains("..") else { continue }
                    let local = "\(root)/cookbooks/\(name)/\(path)"
                    if let bytes = try? FileSystem.read(local), CookbookFile.checksum(of: bytes) == checksum { continue }
                    let bytes = try api.send("GET", api.reachableURL(url)).body
                    guard CookbookFile.checksum(of: bytes) == checksum else {
                        throw ChefRepositoryError.downloadMismatch(path: "cookbooks/\(name)/\(path)", checksum: checksum)
                    }
                    try store("cookbooks/\(name)/\(path)", bytes) { _ in false }
                }
            }
        }
        return changes
    }
}

extension RepositoryTransfer {
    /// What differs between the chef-repo and the server, as `knife diff --name-status`
    /// lists it: `A` only in the repo, `D` only on the server, `M` on both but different.
    public func differences() throws -> [(status: Character, path: String)] {
        var found: [(Character, String)] = []
        let repository = ChefRepository(root: root)
        for kind in Self.objectKinds where selected(kind.rawValue) {
            let local = try repository.objects(kind, interpreter: interpreter).filter { selected($0.path) }
            for entry in local {
                guard let stored = try api.fetch(kind, entry.name) else { found.append(("A", entry.path)); continue }
                if !entry.object.isSatisfied(by: stored) { found.append(("M", entry.path)) }
            }
            for name in try api.list(kind) where !local.contains(where: { $0.name == name }) && selected("\(kind.rawValue)/\(name).json") {
                if kind == .environment && name == "_default" { continue }
                found.append(("D", "\(kind.rawValue)/\(name).json"))
            }
        }
        if selected("data_bags") {
            let local = try repository.dataBags()
            for (bag, items) in local where selected("data_bags/\(bag)") {
                for item in items where selected(item.path) {
                    guard let stored = try api.dataBagItem(bag, item.name) else { found.append(("A", item.path)); continue }
                    if !item.object.isSatisfied(by: stored) { found.append(("M", item.path)) }
                }
                for id in try api.dataBagItems(bag) ?? [] where !items.contains(where: { $0.name == id }) && selected("data_bags/\(bag)/\(id).json") {
                    found.append(("D", "data_bags/\(bag)/\(id).json"))
                }
            }
            for bag in try api.dataBags() where !local.contains(where: { $0.bag == bag }) && selected("data_bags/\(bag)") {
                found.append(("D", "data_bags/\(bag)"))
            }
        }
        if selected("cookbooks") {
            var localNames: Set<String> = []
            for folder in repository.cookbookFolders() where selected("cookbooks/\(FileSystem.basename(of: folder))") {
                let cookbook = try CookbookReader.read(folder, interpreter: interpreter)
                localNames.insert(FileSystem.basename(of: folder))
                guard let latest = try api.optional("cookbooks/\(ChefServerClient.escape(cookbook.name))/_latest") else {
                    found.append(("A", "cookbooks/\(FileSystem.basename(of: folder))"))
                    continue
                }
                if !Self.sameFiles(cookbook, latest) { found.append(("M", "cookbooks/\(FileSystem.basename(of: folder))")) }
            }
            for name in (try api.get("cookbooks").objectValue ?? []).map(\.0) where !localNames.contains(name) && selected("cookbooks/\(name)") {
                found.append(("D", "cookbooks/\(name)"))
            }
        }
        return found.sorted { $0.1 < $1.1 }
    }
}
