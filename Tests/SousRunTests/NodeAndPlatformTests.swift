@testable import SousRun
import SousSupport
import Testing

/// Parts of a run that need no binary, server or root: the rules come from Chef's and
/// Cheffish's documented behaviour.
@Suite struct NodeAndPlatformTests {
    /// `value_for_platform` keys: Chef's platform version constraints (`~>` allows the last
    /// given segment to grow, `~> 20.04` is at least 20.04 and below 21).
    @Test func platformVersionConstraints() throws {
        let cases: [(String, String, Bool)] = [
            ("~> 20.04", "20.04", true), ("~> 20.04", "20.10", true), ("~> 20.04", "21.04", false), ("~> 20.04", "18.04", false),
            ("~> 12", "12.9", true), ("~> 12", "13", false),
            (">= 11", "12", true), (">= 11", "10.9", false), ("> 11", "11.0", false),
            ("< 12.1", "12.0.9", true), ("< 12.1", "12.1", false), ("<= 12.1", "12.1.0", true),
            ("= 12", "12.0", true), ("!= 12", "12.0", false), ("!= 12", "11", true),
        ]
        for (constraint, version, expected) in cases {
            let parsed = try #require(VersionConstraint(constraint), "\(constraint) did not parse")
            #expect(parsed.includes(version) == expected, "\(version) against \(constraint)")
        }
        #expect(VersionConstraint("default") == nil)
        #expect(VersionConstraint("12.04") == nil, "an exact version is not a constraint")
    }

    /// Cheffish's node properties applied in order: `tags` replaces, `tag` adds once,
    /// `remove_tag` takes out, `attribute` sets a path (making hashes on the way) or deletes.
    @Test func nodeEditsApplyInOrder() throws {
        var edits = NodeEdits()
        edits.edits = [
            .set(["app", "version"], .string("1.2")),
            .set(["ip"], .string("10.0.0.1")),
            .delete(["ip"]),
            .set(["tags"], .array([.string("a"), .string("b")])),
            .addTags(["c", "a"]),
            .removeTags(["b"]),
            .delete(["app", "missing"]),
        ]
        let stored = try JSON.parse(#"{"team":"ops","app":{"port":80}}"#)
        let normal = edits.applyAttributes(to: stored)
        #expect(normal == (try JSON.parse(#"{"team":"ops","app":{"port":80,"version":"1.2"},"tags":["a","c"]}"#)))

        edits.runListAdditions = ["recipe[base]", "role[web]", "recipe[app]"]
        edits.runListRemovals = ["recipe[old]"]
        #expect(edits.applyRunList(to: ["recipe[old]", "recipe[app]"]) == ["recipe[app]", "recipe[base]", "role[web]"])
    }
}
