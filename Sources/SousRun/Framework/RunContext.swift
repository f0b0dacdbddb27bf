#if canImport(Glibc)
import Glibc
#endif
import SousLanguage
import SousSupport
import SousChefData
import SousChefServer

/// What a layer above the run adds to every run: resource types, and recipe helpers (or
/// other set-up) installed once the run exists. The command line composes them.
public struct RunExtension {
    public let resourceTypes: [ResourceType.Type]
    public let install: (RunContext) throws -> Void

    public init(resourceTypes: [ResourceType.Type], install: @escaping (RunContext) throws -> Void) {
        self.resourceTypes = resourceTypes
        self.install = install
    }
}

/// Everything one Chef run holds: the Ruby world recipes run in, the node, the resource
/// collection the compile phase builds, the cookbooks, and where output and logs go.
public final class RunContext {
    public let interpreter: Interpreter
    public let node: ChefNode
    public internal(set) var registry: ResourceRegistry
    /// Where events go; silent while a `:before` notification probes a resource.
    public var events: RunEvents { muted > 0 ? SilentEvents.shared : output }
    let output: RunEvents
    var muted = 0
    public let logger: Logger
    public let cookbooks: CookbookCollection
    public var whyRun: Bool
    /// Resources in declaration order: the converge runs them in this order.
    public internal(set) var collection: [Resource] = []
    /// The recipe being compiled now (`cookbook::recipe`), innermost last.
    var recipeStack: [(cookbook: String, recipe: String)] = []
    /// Recipes already loaded: `include_recipe` loads each once; likewise cookbooks.
    var loadedRecipes: Set<String> = []
    var loadedCookbooks: Set<String> = []
    /// Where files about to change are backed up (Chef's `file_backup_path`).
    public var fileBackupPath: String
    /// The Chef server this run reads and saves through (`sous client`); nil for `sous apply`.
    public var server: ChefServerClient?
    /// The config the run was started with (`sous client`), for servers named in recipes.
    public var config: ChefConfig?
    /// Servers named with `with_chef_server`, by URL, client and key.
    var otherServers: [String: ChefServerClient] = [:]
    /// The `chef_server` of Cheffish resources and machines declared now (`with_chef_server`,
    /// `with_chef_local_server`).
    var currentChefServer: Value?
    /// The chef-repos served for this run by `with_chef_local_server`, by folder: written
    /// back and stopped when the run ends (`endLocalServers`).
    var localServers: [String: LocalRepositoryServer] = [:]
    /// Delayed notifications, once per (action, resource), in the order first queued.
    var delayedNotifications: [Notification] = []
    /// The custom resource actions running now, innermost last: each has its own
    /// collection and delayed notifications (Chef's child run context).
    var nesting: [NestedRun] = []
    /// Resources of nested runs that are over, kept alive for notifications that name them.
    var retiredResources: [Resource] = []
    /// The resource types cookbooks define (`resources/*.rb`, LWRPs), by their Ruby class.
    var customResources: [ObjectIdentifier: CustomResourceDefinition] = [:]
    var resourceClasses: [String: RModule] = [:]
    /// State that layers above the run keep per run (the provisioning layer's current driver
    /// and machine options), by the type that owns it.
    public var extensionState: [ObjectIdentifier: AnyObject] = [:]
    var lazyClass: RModule!

    /// `config` and `server` are set before the extensions install, so they can read them.
    public init(interpreter: Interpreter, node: ChefNode, extensions: [RunExtension] = [],
                cookbooks: CookbookCollection, events: RunEvents, logger: Logger, whyRun: Bool,
                config: ChefConfig? = nil, server: ChefServerClient? = nil) throws {
        self.interpreter = interpreter
        self.config = config
        self.server = server
        self.node = node
        var registry = ResourceRegistry.builtIn
        for type in extensions.flatMap(\.resourceTypes) { registry.register(type) }
        self.registry = registry
        self.cookbooks = cookbooks
        self.output = events
        self.logger = logger
        self.whyRun = whyRun
        let home = interpreter.host.homeDirectory()
        self.fileBackupPath = getuid() == 0 ? "/var/chef/backup" : "\(home)/.chef/backup"
        try RecipeDSL.install(into: self)
        for extensionPoint in extensions { try extensionPoint.install(self) }
    }

    /// The last resource declared with this identity (`file[/etc/motd]`), as Chef's
    /// `resources('file[/etc/motd]')` finds it.
    /// Runs `body` (a run's compile and converge), then writes back and stops the chef-repos
    /// `with_chef_local_server` served, whether `body` failed or not.
    public func servingLocalRepositories(_ body: () throws -> Void) throws {
        var failure: Error?
        do { try body() } catch { failure = error }
        for root in localServers.keys.sorted() {
            do {
                try localServers[root]?.finish(writingBack: ["nodes", "clients", "data_bags"])
            } catch {
                failure = failure ?? error
            }
        }
        localServers = [:]
        if let failure { throw failure }
    }

    /// The resource named `identity`: in this (nested) collection, else in the ones around it.
    public func resource(identity: String) -> Resource? {
        if let found = collection.last(where: { $0.identity == identity }) { return found }
        for outer in nesting.reversed() {
            if let found = outer.outerCollection.last(where: { $0.identity == identity }) { return found }
        }
        return nil
    }

    /// A resource made by another resource rather than declared (a `machine` a batch names
    /// but the recipe never declared), attributed to where that resource was declared and
    /// on the same Chef server.
    public func makeResource(_ builtIn: ResourceType.Type, named name: String, declaredLike other: Resource) throws -> Resource {
        guard let type = registry.anyType(named: builtIn.name), let resourceClass = resourceClasses[type.name] else {
            throw ActionError("NameError", "no resource type \(builtIn.name)")
        }
        let made = Resource(type: type, name: name, declaration: other.declaration, klass: resourceClass)
        if type.property(named: "chef_server") != nil, let server = other.values["chef_server"] { made.values["chef_server"] = server }
        return made
    }

    /// The host's world, for actions that read files and run commands.
    public var host: Host { interpreter.host }
}

// MARK: - Reading property values

extension RunContext {
    /// A property's value as the provider sees it: set, or the default, or the resource's
    /// name for the name property; `lazy` values are evaluated now and validated.
    public func value(of property: String, in resource: Resource) throws -> Value {
        guard let spec = resource.type.property(named: property) else {
            // A provider reading a property its type lacks is sous's mistake: an error that
            // names it, rather than a trap.
            throw ActionError("RuntimeError", "sous read property \(property) of \(resource.identity), which \(resource.type.name) "
                              + "does not have; please report this")
        }
        if let rules = spec.rules { return try rules.value(of: spec, in: resource, run: self) }
        var value: Value
        if let set = resource.values[property] {
            value = set
        } else if spec.isNameProperty {
            value = interpreter.makeString(resource.name)
        } else if let makeDefault = spec.makeDefault {
            value = makeDefault(interpreter)
            resource.values[property] = value
        } else {
            return .null
        }
        if isLazy(value), let lazy = value.asProc {
            value = try interpreter.callBlock(lazy, [.object(resource)])
            if let problem = spec.problem(with: value, interpreter: interpreter) {
                throw ActionError("Chef::Exceptions::ValidationFailed", "\(resource.identity): \(problem)")
            }
        }
        return value
    }

    public func string(_ property: String, in resource: Resource) throws -> String? {
        let value = try value(of: property, in: resource)
        if value.isNil { return nil }
        return try interpreter.toS(value)
    }

    public func bool(_ property: String, in resource: Resource) throws -> Bool {
        try value(of: property, in: resource).isTruthy
    }

    public func integer(_ property: String, in resource: Resource) throws -> Int? {
        if case .integer(let number) = try value(of: property, in: resource) { return number }
        return nil
    }

    public func number(_ property: String, in resource: Resource) throws -> Double? {
        switch try value(of: property, in: resource) {
        case .integer(let number): return Double(number)
        case .float(let number): return number
        default: return nil
        }
    }

    /// A string or an array of strings, as a list.
    public func strings(_ property: String, in resource: Resource) throws -> [String] {
        let value = try value(of: property, in: resource)
        if value.isNil { return [] }
        if let array = value.asArray { return try array.items.map { try interpreter.toS($0) } }
        return [try interpreter.toS(value)]
    }

    /// A hash of strings (`environment`), in insertion order.
    public func stringPairs(_ property: String, in resource: Resource) throws -> [(String, String)] {
        guard let hash = try value(of: property, in: resource).asHash else { return [] }
        return try hash.pairs.map { (try interpreter.toS($0.0), try interpreter.toS($0.1)) }
    }
}
