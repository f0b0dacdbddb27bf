import ArgumentParser
import SousChefData
import SousChefServer
import SousSupport

/// `knife data bag list|show|create|from file|delete`.
struct KnifeData: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "data", abstract: "Data bags.", subcommands: [Bag.self])

    struct Bag: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bag", 
            abstract: "Data bags and their items on the Chef server.",
            subcommands: [List.self, Show.self, Create.self, From.self, Delete.self])
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every data bag.")
        @OptionGroup var options: KnifeOptions

        func run() throws {
            try KnifeSession.run(options) { session in
                let names = try session.api.dataBags()
                session.outputList(names)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "List a bag's items, or show one item.")
        @OptionGroup var options: KnifeOptions
        @Argument var bag: String
        @Argument var item: String?

        func run() throws {
            try KnifeSession.run(options) { session in
                if let item {
                    guard let data = try session.api.dataBagItem(bag, item) else {
                        throw CommandFailure("data bag item \(bag)/\(item) does not exist on \(session.config.chefServerURL)")
                    }
                    session.output(data)
                } else {
                    guard let items = try session.api.dataBagItems(bag) else {
                        throw CommandFailure("data bag \(bag) does not exist on \(session.config.chefServerURL)")
                    }
                    session.outputList(items)
                }
            }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a data bag.")
        @OptionGroup var options: KnifeOptions
        @Argument var bag: String

        func run() throws {
            try KnifeSession.run(options) { session in
                session.print(try session.api.createDataBag(bag) ? "Created data_bag[\(bag)]" : "Data bag \(bag) already exists")
            }
        }
    }

    struct From: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "from", abstract: "Create or update items from files.", subcommands: [File.self])

        struct File: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "file", abstract: "Create or update data bag items from JSON files.")
            @OptionGroup var options: KnifeOptions
            @Argument var bag: String
            @Argument(help: "JSON files, one item each (with an \"id\").") var files: [String]

            func run() throws {
                try KnifeSession.run(options) { session in
                    guard try session.api.dataBagItems(bag) != nil else {
                        throw CommandFailure("data bag \(bag) does not exist; create it first with: sous knife data bag create \(bag)")
                    }
                    for file in files {
                        let item = try session.readJSON(file)
                        guard let id = item["id"]?.stringValue else { throw UsageError("\(file): a data bag item needs an \"id\"") }
                        if item.isSatisfied(by: try session.api.dataBagItem(bag, id)) {
                            session.print("Data bag item \(bag)::\(id) is up to date")
                            continue
                        }
                        try session.api.saveDataBagItem(bag, item)
                        session.print("Updated data_bag_item[\(bag)::\(id)]")
                    }
                }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a data bag, or one of its items.")
        @OptionGroup var options: KnifeOptions
        @Argument var bag: String
        @Argument var item: String?

        func run() throws {
            try KnifeSession.run(options) { session in
                let path = "data/\(ChefServerClient.escape(bag))" + (item.map { "/\(ChefServerClient.escape($0))" } ?? "")
                let label = item.map { "data_bag_item[\(bag)::\($0)]" } ?? "data_bag[\(bag)]"
                try session.confirm("Do you really want to delete \(item ?? bag)")
                try session.api.delete(path)
                session.print("Deleted \(label)")
            }
        }
    }
}
