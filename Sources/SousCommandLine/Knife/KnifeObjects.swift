import ArgumentParser
import SousChefData
import SousChefServer
import SousRun
import SousSupport

/// Names one kind of Chef server object for the generic knife commands below.
protocol ObjectKindTag {
    static var kind: ChefObjectKind { get }
}

enum NodeKind: ObjectKindTag { static var kind: ChefObjectKind { .node } }
enum ClientKind: ObjectKindTag { static var kind: ChefObjectKind { .client } }
enum RoleKind: ObjectKindTag { static var kind: ChefObjectKind { .role } }
enum EnvironmentKind: ObjectKindTag { static var kind: ChefObjectKind { .environment } }

/// `knife client list|show|delete`.
struct KnifeClient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "API clients on the Chef server.",
        subcommands: [ListObjects<ClientKind>.self, ShowObject<ClientKind>.self, DeleteObject<ClientKind>.self])
}

/// `knife role list|show|from file|delete`.
struct KnifeRole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "Roles on the Chef server.",
        subcommands: [ListObjects<RoleKind>.self, ShowObject<RoleKind>.self, ObjectFrom<RoleKind>.self, DeleteObject<RoleKind>.self])
}

/// `knife environment list|show|from file|delete`.
struct KnifeEnvironment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "environment", abstract: "Environments on the Chef server.",
        subcommands: [ListObjects<EnvironmentKind>.self, ShowObject<EnvironmentKind>.self, ObjectFrom<EnvironmentKind>.self,
                      DeleteObject<EnvironmentKind>.self])
}

struct ListObjects<Kind: ObjectKindTag>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: "List every \(Kind.kind.singular).")
    }
    @OptionGroup var options: KnifeOptions

    func run() throws {
        try KnifeSession.run(options) { session in
            let names = try session.api.list(Kind.kind)
            session.outputList(names)
        }
    }
}

struct ShowObject<Kind: ObjectKindTag>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "show", abstract: "Show one \(Kind.kind.singular).")
    }
    @OptionGroup var options: KnifeOptions
    @Argument var name: String
    @Option(name: [.customShort("a"), .customLong("attribute")], help: "Show only this field; repeatable.")
    var attributes: [String] = []

    func run() throws {
        try KnifeSession.run(options) { session in
            guard let object = try session.api.fetch(Kind.kind, name) else {
                throw CommandFailure("\(Kind.kind.singular) \(name) does not exist on \(session.config.chefServerURL)")
            }
            if attributes.isEmpty {
                session.output(object)
            } else {
                session.output(.object([(name, .object(attributes.map { ($0, object[$0] ?? .null) }))]))
            }
        }
    }
}

struct DeleteObject<Kind: ObjectKindTag>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "delete", abstract: "Delete a \(Kind.kind.singular).")
    }
    @OptionGroup var options: KnifeOptions
    @Argument var name: String
    @Flag(name: [.customShort("D"), .customLong("delete-validators")], help: "Allow deleting a validator client.")
    var deleteValidators = false

    func run() throws {
        try KnifeSession.run(options) { session in
            if Kind.kind == .client, !deleteValidators, try session.api.fetch(.client, name)?["validator"]?.boolValue == true {
                throw CommandFailure("\(name) is a validator client; pass --delete-validators to delete it")
            }
            try session.confirm("Do you really want to delete \(name)")
            guard try session.api.remove(Kind.kind, name) else {
                throw CommandFailure("\(Kind.kind.singular) \(name) does not exist on \(session.config.chefServerURL)")
            }
            session.print("Deleted \(Kind.kind.singular)[\(name)]")
        }
    }
}

struct ObjectFrom<Kind: ObjectKindTag>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "from", abstract: "Create or update \(Kind.kind.rawValue) from files.",
                             subcommands: [ObjectFromFile<Kind>.self])
    }
}

struct ObjectFromFile<Kind: ObjectKindTag>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "file", abstract: "Create or update a \(Kind.kind.singular) from a JSON file.")
    }
    @OptionGroup var options: KnifeOptions
    @Argument(help: "JSON files, one object each.") var files: [String]

    func run() throws {
        try KnifeSession.run(options) { session in
            for file in files {
                let object = file.hasSuffix(".rb") && (Kind.kind == .role || Kind.kind == .environment)
                    ? ChefRepository.withDefaults(try ChefRepository.readObjectFile(session.host.absolutePath(file), kind: Kind.kind,
                                                                                    interpreter: session.interpreter), kind: Kind.kind)
                    : try session.readJSON(file)
                guard let name = object["name"]?.stringValue else {
                    throw UsageError("\(file): a \(Kind.kind.singular) needs a \"name\"")
                }
                if object.isSatisfied(by: try session.api.fetch(Kind.kind, name)) {
                    session.print("\(Kind.kind.singular.capitalizedFirst) \(name) is up to date")
                    continue
                }
                try session.api.save(Kind.kind, name, object)
                session.print("Updated \(Kind.kind.singular.capitalizedFirst) \(name)")
            }
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
