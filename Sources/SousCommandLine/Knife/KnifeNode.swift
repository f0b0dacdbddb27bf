import ArgumentParser
import SousChefData
import SousChefServer
import SousSupport

/// `knife node list|show|delete|from file|run_list add|remove|set`.
struct KnifeNode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Nodes on the Chef server.",
        subcommands: [List.self, Show.self, Delete.self, ObjectFrom<NodeKind>.self, RunList.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every node.")
        @OptionGroup var options: KnifeOptions

        func run() throws {
            try KnifeSession.run(options) { session in
                let names = try session.api.list(.node)
                session.outputList(names)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a node (-a ATTR for one attribute, -l for all).")
        @OptionGroup var options: KnifeOptions
        @Argument var name: String
        @Option(name: [.customShort("a"), .customLong("attribute")], help: "Show only this attribute (dotted path); repeatable.")
        var attributes: [String] = []
        @Flag(name: [.customShort("l"), .customLong("long")], help: "Show every attribute.")
        var long = false

        func run() throws {
            try KnifeSession.run(options) { session in
                guard let node = try session.api.fetch(.node, name) else {
                    throw CommandFailure("node \(name) does not exist on \(session.config.chefServerURL)")
                }
                session.showNode(node, attributes: attributes, long: long)
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a node.")
        @OptionGroup var options: KnifeOptions
        @Argument var name: String

        func run() throws {
            try KnifeSession.run(options) { session in
                try session.confirm("Do you really want to delete \(name)")
                guard try session.api.remove(.node, name) else {
                    throw CommandFailure("node \(name) does not exist on \(session.config.chefServerURL)")
                }
                session.print("Deleted node[\(name)]")
            }
        }
    }

    struct RunList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run_list", abstract: "Change a node's run list.", subcommands: [Add.self, Remove.self, Set.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Add items (comma-separated) to a node's run list.")
            @OptionGroup var options: KnifeOptions
            @Argument var node: String
            @Argument var items: [String]
            @Option(name: [.customShort("a"), .customLong("after")], help: "Insert after this item.")
            var after: String?
            @Option(name: [.customShort("b"), .customLong("before")], help: "Insert before this item.")
            var before: String?

            func run() throws {
                try KnifeSession.run(options) { session in
                    try session.changeRunList(of: node) { current in
                        let adding = try items.flatMap(RunListItem.parseList).filter { !current.contains($0) }
                        var list = current
                        if let after, let index = list.firstIndex(of: try RunListItem.normalize(after)) {
                            list.insert(contentsOf: adding, at: index + 1)
                        } else if let before, let index = list.firstIndex(of: try RunListItem.normalize(before)) {
                            list.insert(contentsOf: adding, at: index)
                        } else {
                            list += adding
                        }
                        return list
                    }
                }
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove items (comma-separated) from a node's run list.")
            @OptionGroup var options: KnifeOptions
            @Argument var node: String
            @Argument var items: [String]

            func run() throws {
                try KnifeSession.run(options) { session in
                    try session.changeRunList(of: node) { current in
                        let removing = try items.flatMap(RunListItem.parseList)
                        return current.filter { !removing.contains($0) }
                    }
                }
            }
        }

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "set", abstract: "Replace a node's run list.")
            @OptionGroup var options: KnifeOptions
            @Argument var node: String
            @Argument var items: [String]

            func run() throws {
                try KnifeSession.run(options) { session in
                    try session.changeRunList(of: node) { _ in try items.flatMap(RunListItem.parseList) }
                }
            }
        }
    }
}

extension KnifeSession {
    /// Applies a change to a node's run list, saves only when it differs, and prints the
    /// result as knife does (`NAME:` / `  run_list:` / the items).
    func changeRunList(of name: String, _ change: ([String]) throws -> [String]) throws {
        guard let node = try api.fetch(.node, name) else {
            throw CommandFailure("node \(name) does not exist on \(config.chefServerURL); create it first (knife node from file)")
        }
        let current = NodeDocument.runList(node)
        let updated = try change(current)
        if updated != current {
            try api.put("nodes/\(ChefServerClient.escape(name))", node.setting("run_list", to: .array(updated.map { .string($0) })))
        }
        output(.object([(name, .object([("run_list", .array(updated.map { .string($0) }))]))]))
        if updated == current { host.writeError("The run list of \(name) was already this; nothing changed.\n") }
    }

    /// `knife node show`: the summary, the whole node (`-l`, or `-F json`), or chosen
    /// attributes (`-a`).
    func showNode(_ node: JSON, attributes: [String], long: Bool) {
        let name = node["name"]?.stringValue ?? ""
        if !attributes.isEmpty {
            output(.object([(name, .object(attributes.map { ($0, NodeDocument.attribute(node, path: $0) ?? .null) }))]))
            return
        }
        if long || options.outputFormat == .json {
            output(node)
            return
        }
        func text(_ path: String) -> String { NodeDocument.attribute(node, path: path).map(KnifeText.plain) ?? "" }
        func list(_ path: String) -> String {
            (NodeDocument.attribute(node, path: path)?.arrayValue ?? []).map(KnifeText.plain).joined(separator: ", ")
        }
        let platform = [text("platform"), text("platform_version")].filter { !$0.isEmpty }.joined(separator: " ")
        let rows: [(String, String)] = [
            ("Node Name:", name), ("Environment:", node["chef_environment"]?.stringValue ?? "_default"), ("FQDN:", text("fqdn")),
            ("IP:", text("ipaddress")), ("Run List:", NodeDocument.runList(node).joined(separator: ", ")), ("Roles:", list("roles")),
            ("Recipes:", list("recipes")), ("Platform:", platform), ("Tags:", list("tags")),
        ]
        print(rows.map { ($0.0.padding(to: 13) + $0.1) }.joined(separator: "\n"))
    }
}
