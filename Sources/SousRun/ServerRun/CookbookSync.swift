import SousChefServer
import SousSupport

/// chef-client's cookbook synchronization (chef/chef `cookbook/synchronizer.rb`): the
/// server solves the run list for the node's environment, sous checks the solution (a
/// server's solver may miss environment pins on dependencies or conflicts), then brings
/// `<file_cache_path>/cookbooks` to exactly that set: files whose checksum changed are
/// downloaded (in parallel, each to a temporary name and then renamed, so a broken download
/// leaves the last good copy), cookbooks and files no longer in the set are removed.
public struct CookbookSync {
    public let server: ChefServerClient
    /// `<file_cache_path>/cookbooks`.
    public let cacheRoot: String
    public let logger: Logger
    public var concurrency = 10

    public init(server: ChefServerClient, cacheRoot: String, logger: Logger) {
        self.server = server
        self.cacheRoot = cacheRoot
        self.logger = logger
    }

    /// One cookbook of the solution.
    public struct Version: Sendable {
        public let name: String
        public let version: String
        let document: JSON
    }

    /// What the sync did.
    public struct Outcome: Sendable {
        public var versions: [Version] = []
        public var downloaded: [String] = []
        public var removed: [String] = []
    }

    /// Solves `recipes` (the expanded run list, `name@version` where pinned) in
    /// `environment` and syncs the cache to the solution.
    public func sync(recipes: [String], environment: String) throws -> Outcome {
        let answer: JSON
        do {
            answer = try server.post("environments/\(ChefServerClient.escape(environment))/cookbook_versions",
                                     .object([("run_list", .array(recipes.map { .string($0) }))]))
        } catch let error as ChefServerError where error.status == 412 || error.status == 404 {
            throw CookbookSyncError.unsolvable(environment: environment, runList: recipes, server: error.serverMessage ?? "\(error)")
        }
        let versions = (answer.objectValue ?? []).map { name, document in
            Version(name: name, version: document["version"]?.stringValue ?? "0.0.0", document: document)
        }.sorted { $0.name < $1.name }
        try check(versions, environment: environment)
        var outcome = Outcome(versions: versions)
        outcome.removed = try removeWhatIsGone(versions)
        outcome.downloaded = try download(versions)
        return outcome
    }

    /// The solution holds: every dependency of every cookbook is in it at a version its
    /// constraint allows, and every cookbook the environment pins is at a pinned version.
    func check(_ versions: [Version], environment: String) throws {
        var problems: [String] = []
        let chosen = Dictionary(versions.map { ($0.name, $0.version) }, uniquingKeysWith: { first, _ in first })
        for cookbook in versions {
            for (dependency, constraint) in cookbook.document["metadata"]?["dependencies"]?.objectValue ?? [] {
                let rule = constraint.stringValue ?? ">= 0.0.0"
                guard let version = chosen[dependency] else {
                    problems.append("\(cookbook.name) \(cookbook.version) depends on \(dependency) (\(rule)), which the solution leaves out")
                    continue
                }
                if VersionConstraint.cookbook(rule)?.includes(version) != true {
                    problems.append("\(cookbook.name) \(cookbook.version) depends on \(dependency) \(rule), and the solution has \(version)")
                }
            }
        }
        let pins = (try server.optional("environments/\(ChefServerClient.escape(environment))"))?["cookbook_versions"]?.objectValue ?? []
        for (name, pin) in pins {
            guard let version = chosen[name], let rule = pin.stringValue else { continue }
            if VersionConstraint.cookbook(rule)?.includes(version) != true {
                problems.append("environment \(environment) pins \(name) \(rule), and the solution has \(version)")
            }
        }
        guard problems.isEmpty else { throw CookbookSyncError.inconsistent(environment: environment, problems: problems) }
    }

    /// Cookbooks that left the set, and files that left their cookbook's manifest.
    func removeWhatIsGone(_ versions: [Version]) throws -> [String] {
        var removed: [String] = []
        let names = Set(versions.map(\.name))
        for entry in ((try? FileSystem.list(cacheRoot)) ?? []).sorted() where !names.contains(entry) {
            logger.info("Removing cookbooks/\(entry) from the cache; its cookbook is no longer needed on this client.")
            try FileSystem.removeTree("\(cacheRoot)/\(entry)")
            removed.append("cookbooks/\(entry)")
        }
        for cookbook in versions {
            let kept = Set(Self.records(cookbook.document).compactMap { $0["path"]?.stringValue })
            var cached: [String] = []
            try? CookbookReader.walk("\(cacheRoot)/\(cookbook.name)", relative: "", into: &cached)
            for path in cached where !kept.contains(path) {
                logger.info("Removing cookbooks/\(cookbook.name)/\(path) from the cache; it is no longer in the cookbook manifest.")
                try FileSystem.remove("\(cacheRoot)/\(cookbook.name)/\(path)")
                removed.append("cookbooks/\(cookbook.name)/\(path)")
            }
        }
        return removed
    }

    /// Every file whose cached copy is missing or has another checksum, fetched in
    /// parallel, each thread on a connection of its own.
    func download(_ versions: [Version]) throws -> [String] {
        var wanted: [(path: String, url: String, checksum: String)] = []
        for cookbook in versions {
            for record in Self.records(cookbook.document) {
                guard let path = record["path"]?.stringValue, let url = record["url"]?.stringValue,
                      let checksum = record["checksum"]?.stringValue, !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                    throw CookbookSyncError.badRecord(cookbook: cookbook.name, version: cookbook.version, record: record.rendered())
                }
                let local = "\(cacheRoot)/\(cookbook.name)/\(path)"
                if let bytes = try? FileSystem.read(local), CookbookFile.checksum(of: bytes) == checksum { continue }
                wanted.append(("\(cookbook.name)/\(path)", server.reachableURL(url), checksum))
            }
        }
        guard !wanted.isEmpty else { return [] }
        let workers = Locked(try (0..<min(concurrency, wanted.count)).map { _ in try server.sibling() })
        let failures = Locked<[String]>([])
        let root = cacheRoot
        let queued = wanted
        BlockingThreads.run(count: queued.count, limit: min(concurrency, queued.count)) { index in
            let file = queued[index]
            guard let client = workers.update({ $0.popLast() }) else { return }
            defer { workers.update { $0.append(client) } }
            do {
                let bytes = try client.send("GET", file.url).body
                guard CookbookFile.checksum(of: bytes) == file.checksum else {
                    throw CookbookSyncError.checksumMismatch(file: "cookbooks/\(file.path)", url: file.url, expected: file.checksum)
                }
                let local = "\(root)/\(file.path)"
                try FileSystem.makeDirectories(FileSystem.dirname(of: local), mode: 0o755)
                try FileSystem.replaceAtomically(local, with: bytes, defaultMode: 0o644)
            } catch {
                failures.update { $0.append("cookbooks/\(file.path): \(error)") }
            }
        }
        let failed = failures.current
        guard failed.isEmpty else { throw CookbookSyncError.downloadsFailed(failed.sorted()) }
        for file in wanted { logger.info("Storing updated cookbooks/\(file.path) in the cache.") }
        return wanted.map { "cookbooks/\($0.path)" }
    }

    /// Every file record of a cookbook version, whichever segment lists it.
    static func records(_ document: JSON) -> [JSON] {
        CookbookFile.segments.flatMap { document[$0]?.arrayValue ?? [] } + (document["all_files"]?.arrayValue ?? [])
    }
}

/// Why the cookbooks could not be synchronized; the cache keeps its last good files.
public enum CookbookSyncError: UserFacingError {
    case unsolvable(environment: String, runList: [String], server: String)
    case inconsistent(environment: String, problems: [String])
    case badRecord(cookbook: String, version: String, record: String)
    case checksumMismatch(file: String, url: String, expected: String)
    case downloadsFailed([String])

    public var description: String {
        switch self {
        case .unsolvable(let environment, let runList, let server):
            return "the Chef server cannot solve the run list \(runList) in environment \(environment): \(server); "
                + "upload the missing cookbooks (sous knife cookbook upload) or change the pins"
        case .inconsistent(let environment, let problems):
            return "the Chef server's cookbook solution for environment \(environment) does not hold, so sous will not use it:\n"
                + problems.map { "  " + $0 }.joined(separator: "\n")
        case .badRecord(let cookbook, let version, let record):
            return "cookbook \(cookbook) \(version) on the server has a file record sous cannot use: \(record)"
        case .checksumMismatch(let file, let url, let expected):
            return "\(file) from \(url) does not match its checksum \(expected); the cache keeps its last copy. Run again"
        case .downloadsFailed(let failures):
            return "\(failures.count) cookbook file\(failures.count == 1 ? "" : "s") did not download; the cache keeps its last copies. "
                + "Run again:\n" + failures.map { "  " + $0 }.joined(separator: "\n")
        }
    }
}
