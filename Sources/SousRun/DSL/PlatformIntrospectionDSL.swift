import SousLanguage

/// `Chef::DSL::PlatformIntrospection`: `platform?`, `platform_family?`, `value_for_platform`
/// and `value_for_platform_family`, answered from the node's `platform`,
/// `platform_version` and `platform_family`. Recipes have them; libraries include the
/// module to get them.
enum PlatformIntrospectionDSL {
    static func install(in namespace: RModule, on dsl: RModule, run: RunContext) {
        let interpreter = run.interpreter
        let introspection = interpreter.classes.defineModule("PlatformIntrospection", in: namespace)
        func attribute(_ interp: Interpreter, _ name: String) throws -> String { try interp.toS(try run.node.read([name])) }

        interpreter.define(introspection, "platform?") { interp, _, args in
            let platform = try attribute(interp, "platform")
            return .bool(try args.positional.contains { try interp.toS($0) == platform })
        }
        interpreter.define(introspection, "platform_family?") { interp, _, args in
            let family = try attribute(interp, "platform_family")
            return .bool(try args.positional.contains { try interp.toS($0) == family })
        }
        // { 'debian' => { '12' => v, '>= 11' => v, 'default' => v }, ['ubuntu', 'mint'] => {...}, 'default' => v }
        interpreter.define(introspection, "value_for_platform") { interp, _, args in
            guard let table = args[0].asHash else { throw interp.argumentError("value_for_platform needs a Hash of platforms") }
            let platform = try attribute(interp, "platform")
            let version = try attribute(interp, "platform_version")
            var fallback: Value = .null
            var versions: [(String, Value)]?
            for (keys, value) in table.pairs {
                let names = try (keys.asArray?.items ?? [keys]).map { try interp.toS($0) }
                if names == ["default"] { fallback = value; continue }
                guard names.contains(platform) else { continue }
                guard let byVersion = value.asHash else {
                    throw interp.argumentError("value_for_platform: the value for \(names.joined(separator: ", ")) must be a Hash of versions")
                }
                versions = try byVersion.pairs.map { (try interp.toS($0.0), $0.1) }
            }
            guard let versions else { return fallback }
            if let exact = versions.first(where: { $0.0 == version }) { return exact.1 }
            if let matched = versions.first(where: { VersionConstraint($0.0)?.includes(version) ?? false }) { return matched.1 }
            return versions.first { $0.0 == "default" }?.1 ?? fallback
        }
        // { 'debian' => v, ['rhel', 'fedora'] => v, 'default' => v }
        interpreter.define(introspection, "value_for_platform_family") { interp, _, args in
            guard let table = args[0].asHash else { throw interp.argumentError("value_for_platform_family needs a Hash of platform families") }
            let family = try attribute(interp, "platform_family")
            var fallback: Value = .null
            for (keys, value) in table.pairs {
                let names = try (keys.asArray?.items ?? [keys]).map { try interp.toS($0) }
                if names.contains(family) { return value }
                if names.contains("default") { fallback = value }
            }
            return fallback
        }
        interpreter.include(introspection, into: dsl)
    }
}

/// A platform version constraint as `value_for_platform` keys write it: `>= 11`, `~> 20.04`,
/// `< 12.1`, `= 12`. Versions compare segment by segment as numbers.
public struct VersionConstraint: Sendable {
    let op: String
    let version: [Int]

    /// A cookbook's constraint as Chef reads it: a bare version means `=`.
    public static func cookbook(_ text: String) -> VersionConstraint? {
        VersionConstraint(text) ?? VersionConstraint("= " + text)
    }

    public init?(_ text: String) {
        let compact = text.filter { $0 != " " }
        guard let op = ["~>", ">=", "<=", "!=", ">", "<", "="].first(where: { compact.hasPrefix($0) }),
              let version = VersionConstraint.segments(compact.dropFirst(op.count)) else { return nil }
        self.op = op
        self.version = version
    }

    public static func segments(_ text: some StringProtocol) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.map { $0! }
    }

    public func includes(_ candidate: String) -> Bool {
        guard let have = VersionConstraint.segments(candidate) else { return false }
        let order = VersionConstraint.compare(have, version)
        switch op {
        case ">=": return order >= 0
        case "<=": return order <= 0
        case ">": return order > 0
        case "<": return order < 0
        case "!=": return order != 0
        case "=": return order == 0
        default:
            // `~> 20.04`: at least 20.04 and below 21; `~> 12`: at least 12 and below 13.
            guard order >= 0 else { return false }
            var ceiling = version.count > 1 ? Array(version.dropLast()) : version
            ceiling[ceiling.count - 1] += 1
            return VersionConstraint.compare(have, ceiling) < 0
        }
    }

    public static func compare(_ a: [Int], _ b: [Int]) -> Int {
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0, y = index < b.count ? b[index] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }
}
