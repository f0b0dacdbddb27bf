@testable import SousChefData
import SousLanguage
import SousSupport
import Testing

/// Chef's data rules with no server and no binary: attribute precedence as Chef's
/// documentation orders it, run list items as knife writes them, and the names the Chef
/// server accepts.
@Suite struct ChefDataTests {
    /// Chef's attribute precedence, lowest first (docs.chef.io "Attribute precedence"):
    /// default, environment default, role default, force_default, normal, override, role
    /// override, environment override, force_override, automatic. For every pair of levels,
    /// the higher one's value is what a merged read sees, whichever was written first.
    @Test func everyHigherLevelWinsAMergedRead() throws {
        let interpreter = Interpreter(host: ProcessHost())
        let order: [AttributeLevel] = [.default, .envDefault, .roleDefault, .forceDefault, .normal,
                                       .override, .roleOverride, .envOverride, .forceOverride, .automatic]
        #expect(Set(order) == Set(AttributeLevel.allCases))
        for (lowIndex, low) in order.enumerated() {
            for high in order[(lowIndex + 1)...] {
                for highFirst in [false, true] {
                    let node = try ChefNode(named: "n", in: interpreter)
                    let writes = [(low, "from \(low.rawValue)"), (high, "from \(high.rawValue)")]
                    for (level, text) in highFirst ? writes.reversed() : writes {
                        try node.set(["app", "port"], to: interpreter.makeString(text), at: level)
                    }
                    let merged = try node.read(["app", "port"])
                    #expect(merged.asString?.value == "from \(high.rawValue)", "\(low.rawValue) under \(high.rawValue)")
                }
            }
        }
    }

    /// Hashes merge key by key across levels; a value that is not a hash at a higher level
    /// replaces the whole hash below it.
    @Test func hashesMergeAcrossLevelsAndScalarsReplace() throws {
        let interpreter = Interpreter(host: ProcessHost())
        let node = try ChefNode(named: "n", in: interpreter)
        try node.set(["app", "port"], to: .integer(80), at: .default)
        try node.set(["app", "user"], to: interpreter.makeString("www"), at: .default)
        try node.set(["app", "port"], to: .integer(8080), at: .override)
        try node.set(["app", "tls"], to: .true, at: .normal)
        func read(_ keys: String...) throws -> String { try interpreter.inspect(node.read(keys)) }
        #expect(try read("app", "port") == "8080")
        #expect(try read("app", "user") == "\"www\"")
        #expect(try read("app", "tls") == "true")
        #expect(try read("app", "missing") == "nil")

        try node.set(["app"], to: interpreter.makeString("flat"), at: .forceOverride)
        #expect(try read("app") == "\"flat\"")
    }

    /// The same order on a node as the server stores it (knife's `-a ipaddress` reads).
    @Test func storedNodeAttributesReadInPrecedenceOrder() throws {
        let node = try JSON.parse(#"""
            {"name": "web1", "chef_environment": "prod", "run_list": ["recipe[a]"],
             "default": {"port": 1, "only_default": "d", "kernel": {"machine": "x86"}},
             "normal": {"port": 2, "tags": []},
             "override": {"port": 3},
             "automatic": {"port": 4, "kernel": {"name": "Linux"}}}
            """#)
        #expect(NodeDocument.attribute(node, path: "port") == .integer(4))
        #expect(NodeDocument.attribute(node, path: "only_default") == .string("d"))
        #expect(NodeDocument.attribute(node, path: "kernel.name") == .string("Linux"))
        #expect(NodeDocument.attribute(node, path: "name") == .string("web1"))
        #expect(NodeDocument.attribute(node, path: "chef_environment") == .string("prod"))
        #expect(NodeDocument.attribute(node, path: "absent.path") == nil)
        #expect(NodeDocument.runList(node) == ["recipe[a]"])
    }

    /// Chef's deep merge: objects key by key, the other side wins elsewhere, and a null
    /// never replaces a value.
    @Test func deepMergeKeepsWhatTheOtherSideDoesNotSay() throws {
        let base = try JSON.parse(#"{"a": {"x": 1, "y": 1}, "b": [1, 2], "c": "keep"}"#)
        let other = try JSON.parse(#"{"a": {"y": 2, "z": 3}, "b": [3], "c": null}"#)
        #expect(base.deepMerged(with: other) == (try JSON.parse(#"{"a": {"x": 1, "y": 2, "z": 3}, "b": [3], "c": "keep"}"#)))
        let wanted = try JSON.parse(#"{"name": "web", "description": "d"}"#)
        #expect(wanted.isSatisfied(by: try JSON.parse(#"{"name": "web", "description": "d", "json_class": "Chef::Role"}"#)))
        #expect(!wanted.isSatisfied(by: try JSON.parse(#"{"name": "web", "description": "other"}"#)))
        #expect(!wanted.isSatisfied(by: nil))
    }

    /// Run list items as knife normalizes them: a bare name or `cookbook::recipe` is a
    /// recipe; `recipe[...]` and `role[...]` stay; anything else is refused with its text.
    @Test func runListItemsNormalizeOrAreRefused() throws {
        let accepted = [("apache2", "recipe[apache2]"), ("apache2::mod_ssl", "recipe[apache2::mod_ssl]"),
                        (" role[web] ", "role[web]"), ("recipe[base@1.0.0]", "recipe[base@1.0.0]")]
        for (given, normalized) in accepted {
            #expect(try RunListItem.normalize(given) == normalized)
        }
        for bad in ["", "recipe[]", "role[]", "role[web", "two words", "x]"] {
            let error = #expect(throws: RunListError.self) { try RunListItem.normalize(bad) }
            #expect(error?.description.hasPrefix("\(bad) is not a run list item") == true)
        }
        #expect(try RunListItem.parseList("recipe[a],role[b],c") == ["recipe[a]", "role[b]", "recipe[c]"])
    }

    /// The Chef server's client-name rule (`[.[:alnum:]_-]+`, at most 255 bytes), and not a
    /// name made only of dots, which a URL cannot carry.
    @Test func machineNamesFollowTheServersRule() {
        for good in ["web1", "db-2.example_net", "A", String(repeating: "a", count: 255)] {
            #expect(ChefNames.problem(inMachineName: good) == nil, "\(good)")
        }
        #expect(ChefNames.problem(inMachineName: "") == "a machine name cannot be empty")
        #expect(ChefNames.problem(inMachineName: String(repeating: "a", count: 256))?.contains("at most 255") == true)
        #expect(ChefNames.problem(inMachineName: "a/b")?.contains("\"/\" at position 2") == true)
        #expect(ChefNames.problem(inMachineName: "node:1")?.contains("\":\" at position 5") == true)
        #expect(ChefNames.problem(inMachineName: "..")?.contains("not a name a URL can carry") == true)
        #expect(ChefNames.problem(inMachineName: "café")?.contains("position 4") == true)
    }
}
