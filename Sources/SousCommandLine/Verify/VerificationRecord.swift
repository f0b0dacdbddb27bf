import SousChefServer
import SousRun
import SousSupport
import SousVerify

/// What `sous verify -E ENV` stores on the Chef server (data bag `sous_verify`, item ENV),
/// and `sous promote` reads: the environment's cookbook pins when it was verified, the
/// cookbook versions its nodes had converged, the spec files' checksums, the counts and the
/// failing examples, when and by whom.
enum VerificationRecord {
    static let bag = "sous_verify"

    /// The environment's `cookbook_versions`, name to constraint.
    static func pins(_ environment: JSON) -> [(String, String)] { sortedPins(environment["cookbook_versions"]) }

    /// The pins a record says its environment had when it was verified.
    static func verifiedPins(_ record: JSON) -> [(String, String)] { sortedPins(record["pinned"]) }

    private static func sortedPins(_ object: JSON?) -> [(String, String)] {
        (object?.objectValue ?? []).compactMap { name, rule in rule.stringValue.map { (name, $0) } }.sorted { $0.0 < $1.0 }
    }

    /// Each node of the environment and the cookbook versions it converged (`automatic.cookbooks`).
    static func convergedVersions(in environment: String, api: ChefServerClient) throws -> [(String, [(String, String)])] {
        try api.search("node", query: "chef_environment:\(environment)").compactMap { row in
            guard let name = row["name"]?.stringValue else { return nil }
            let cookbooks = (row["automatic"]?["cookbooks"]?.objectValue ?? []).compactMap { cookbook, fields in
                fields["version"]?.stringValue.map { (cookbook, $0) }
            }
            return (name, cookbooks.sorted { $0.0 < $1.0 })
        }.sorted { $0.0 < $1.0 }
    }

    static func save(environment: String, suite: SuiteResult, specFiles: [String], session: KnifeSession) throws {
        let api = session.api
        guard let document = try api.fetch(.environment, environment) else {
            throw SpecsCannotRun(reason: "environment \(environment) does not exist on the Chef server \(api.baseURL)")
        }
        var checksums: [(String, JSON)] = []
        for file in specFiles {
            let bytes = (try? session.host.readFile(file)) ?? []
            checksums.append((file, .string(Digest.sha256Hex(bytes))))
        }
        let now = session.host.now().seconds
        let item: JSON = .object([
            ("id", .string(environment)),
            ("environment", .string(environment)),
            ("passed", .bool(suite.exitCode == 0)),
            ("pinned", .object(pins(document).map { ($0.0, .string($0.1)) })),
            ("converged", .object(try convergedVersions(in: environment, api: api).map { node, versions in
                (node, .object(versions.map { ($0.0, .string($0.1)) }))
            })),
            ("specs", .object(checksums)),
            ("examples", .integer(suite.examples.count)),
            ("failures", .integer(suite.failures.count)),
            ("pending", .integer(suite.pending.count)),
            ("errors_outside_examples", .integer(suite.outsideErrors.count)),
            ("failed_examples", .array(suite.failures.map { example in
                .object([("description", .string(example.fullDescription)), ("location", .string(example.location))])
            })),
            ("verified_at", .string(CivilTime(seconds: now, offset: 0).iso8601 + "Z")),
            ("verified_by", .string(session.config.nodeName ?? "?")),
        ])
        if try api.optional("data/\(bag)") == nil {
            do {
                try api.post("data", .object([("name", .string(bag))]))
            } catch let error as ChefServerError where error.isConflict {}  // made meanwhile
        }
        try api.saveDataBagItem(bag, item)
    }

    static func load(environment: String, api: ChefServerClient) throws -> JSON? {
        try api.optional("data/\(bag)/\(ChefServerClient.escape(environment))")
    }
}
