import ArgumentParser
import SousChefServer
import SousRun
import SousSupport

/// `sous promote FROM TO`: copies environment FROM's cookbook pins (`cookbook_versions`, and
/// nothing else) to TO, only when FROM's last recorded verification (`sous verify -E FROM`)
/// passed with exactly those pins and every node of FROM converged the pinned versions.
/// Otherwise it refuses, says why, and exits 1. TO's nodes take the new versions at their
/// next converge.
struct PromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Copy a verified environment's cookbook pins to the next environment.")

    @OptionGroup var knife: KnifeOptions

    @Argument(help: "The environment whose pins were verified (test).")
    var from: String

    @Argument(help: "The environment that takes them (prod).")
    var to: String

    @Flag(name: .customLong("dry-run"), help: "Print the change of pins; change nothing.")
    var dryRun = false

    func run() throws {
        try KnifeSession.run(knife) { session in
            let api = session.api
            guard from != to else { throw PromotionRefused("\(from) cannot be promoted to itself") }
            guard let source = try api.fetch(.environment, from) else {
                throw PromotionRefused("environment \(from) does not exist on \(api.baseURL)")
            }
            guard let target = try api.fetch(.environment, to) else {
                throw PromotionRefused("environment \(to) does not exist on \(api.baseURL)")
            }
            let pins = VerificationRecord.pins(source)
            try Promotion.check(from: from, pins: pins, api: api)
            let current = VerificationRecord.pins(target)
            let diff = Promotion.diff(old: current, new: pins)
            session.write("environment \(to): cookbook_versions from \(from)\(dryRun ? " (dry run: nothing changed)" : "")\n")
            session.write(diff.isEmpty ? "  (no change: \(to) pins the same versions)\n" : diff.map { "  \($0)\n" }.joined())
            guard !dryRun, !diff.isEmpty else { return }
            let updated = target.setting("cookbook_versions", to: .object(pins.map { ($0.0, .string($0.1)) }))
            try api.put("environments/\(ChefServerClient.escape(to))", updated)
            session.write("Promoted \(from) to \(to): \(to)'s nodes take these versions at their next converge.\n")
        }
    }
}

struct PromotionRefused: UserFacingError {
    let reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { "promotion refused: \(reason)" }
}

enum Promotion {
    /// Refuses unless FROM's last verification passed with exactly these pins and its nodes
    /// converged the pinned versions.
    static func check(from: String, pins: [(String, String)], api: ChefServerClient) throws {
        guard let record = try VerificationRecord.load(environment: from, api: api) else {
            throw PromotionRefused("\(from) was never verified: run sous verify -E \(from) first")
        }
        let when = record["verified_at"]?.stringValue ?? "?"
        guard record["passed"]?.boolValue == true else {
            let failed = (record["failed_examples"]?.arrayValue ?? []).map {
                "\n  \($0["location"]?.stringValue ?? "?") # \($0["description"]?.stringValue ?? "?")"
            }.joined()
            let counts = "\(record["failures"]?.intValue ?? 0) of \(record["examples"]?.intValue ?? 0) examples failed"
            throw PromotionRefused("the last verification of \(from) (\(when)) failed: \(counts)\(failed)")
        }
        let changes = diff(old: VerificationRecord.verifiedPins(record), new: pins)
        if !changes.isEmpty {
            throw PromotionRefused("\(from)'s pins changed since its verification (\(when)):\n" + changes.map { "  \($0)" }.joined(separator: "\n")
                + "\nverify \(from) again (sous verify -E \(from)) before promoting it")
        }
        var strays: [String] = []
        for (node, versions) in try VerificationRecord.convergedVersions(in: from, api: api) {
            for (cookbook, rule) in pins {
                guard let version = versions.first(where: { $0.0 == cookbook })?.1 else { continue }
                if VersionConstraint.cookbook(rule)?.includes(version) != true {
                    strays.append("  node \(node) converged \(cookbook) \(version), not \(rule)")
                }
            }
        }
        if !strays.isEmpty {
            throw PromotionRefused("nodes of \(from) converged other versions than its pins:\n" + strays.joined(separator: "\n")
                + "\nconverge them (or verify again) before promoting \(from)")
        }
    }

    /// The change from one set of pins to another, one line per cookbook: `- name = 1.0.0`,
    /// `+ name = 1.1.0`.
    static func diff(old: [(String, String)], new: [(String, String)]) -> [String] {
        let before = Dictionary(old, uniquingKeysWith: { $1 }), after = Dictionary(new, uniquingKeysWith: { $1 })
        var lines: [String] = []
        for name in Set(before.keys).union(after.keys).sorted() where before[name] != after[name] {
            if let rule = before[name] { lines.append("- \(name) \(rule)") }
            if let rule = after[name] { lines.append("+ \(name) \(rule)") }
        }
        return lines
    }
}
