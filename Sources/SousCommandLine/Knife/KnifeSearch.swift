import ArgumentParser
import SousChefData
import SousChefServer
import SousSupport

/// `knife search INDEX QUERY`: matching objects, summarised, or chosen attributes (`-a`).
struct KnifeSearch: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search the Chef server's index.")
    @OptionGroup var options: KnifeOptions
    @Argument(help: "node, client, role, environment or a data bag name.") var index: String
    @Argument(help: "A query such as 'role:web AND chef_environment:qa' (default: *:*).") var query: String?
    @Option(name: [.customShort("a"), .customLong("attribute")], help: "Show only this attribute; repeatable.")
    var attributes: [String] = []
    @Flag(name: [.customShort("i"), .customLong("id-only")], help: "Show only the names.")
    var idOnly = false
    @Option(name: [.customShort("R"), .customLong("rows")], help: "Rows fetched per request.")
    var rows: Int = 1000

    func run() throws {
        try KnifeSession.run(options) { session in
            let query = query ?? "*:*"
            let found = try session.api.search(index, query: query.contains(":") ? query : "\(query):*", pageSize: max(1, rows))
            let isNode = index == "node"
            func name(_ row: JSON) -> String {
                row["name"]?.stringValue ?? row["id"]?.stringValue ?? row["raw_data"]?["id"]?.stringValue ?? ""
            }
            let shown: [JSON] = found.map { row in
                if idOnly { return .string(name(row)) }
                if !attributes.isEmpty {
                    return .object([(name(row), .object(attributes.map { path in
                        (path, (isNode ? NodeDocument.attribute(row, path: path) : row[path]) ?? .null)
                    }))])
                }
                return row
            }
            if session.options.outputFormat == .json {
                session.output(.object([("results", .integer(found.count)), ("rows", .array(shown))]))
                return
            }
            session.write("\(found.count) items found\n\n")
            for (row, value) in zip(found, shown) {
                if isNode && !idOnly && attributes.isEmpty {
                    session.showNode(row, attributes: [], long: false)
                    session.print("")
                } else {
                    session.write(KnifeText.render(value) + "\n")
                }
            }
        }
    }
}
