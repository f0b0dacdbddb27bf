import SousLanguage

/// A kind of resource (`file`, `execute`...): its DSL name, properties and actions, and the
/// code that carries out each action. Adding a resource type to sous is one file with one
/// type conforming to this, listed in `ResourceRegistry.builtIn`.
///
/// An action makes its changes inside `context.converge(by:)`, as a Chef provider does with
/// `converge_by`: in why-run the description is reported and the change is not made, and a
/// resource with no converge is reported `(up to date)`.
public protocol ResourceType {
    /// The DSL name: `file`.
    static var name: String { get }
    /// The Ruby class name under `Chef::Resource`: `File`. Defaults to the camel-cased name.
    static var className: String { get }
    static var properties: [Property] { get }
    /// Every action but `:nothing`, which every resource has.
    static var actions: [String] { get }
    static var defaultAction: String { get }
    /// DSL methods that are not plain properties (`block` of `ruby_block`), on top of the
    /// ones every resource has.
    static func installExtraMethods(on resourceClass: RModule, interpreter: Interpreter)
    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws
    /// Resources declared inside this resource's block: the ones returned stay in the run's
    /// collection; a `machine_batch` keeps its `machine`s to itself.
    static func adopt(_ declared: [Resource], into resource: Resource) -> [Resource]
    /// The name of a resource declared without one (`machine_batch do ... end`); nil when a
    /// name is required. `declared` is the run's collection so far.
    static func defaultName(after declared: [Resource]) -> String?
}

extension ResourceType {
    public static var className: String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    public static func installExtraMethods(on resourceClass: RModule, interpreter: Interpreter) {}

    public static func adopt(_ declared: [Resource], into resource: Resource) -> [Resource] { declared }

    public static func defaultName(after declared: [Resource]) -> String? { nil }

    static var nameProperty: Property? { properties.first { $0.isNameProperty } }

    static func property(named name: String) -> Property? { properties.first { $0.name == name } }
}

/// A kind of resource as a run knows it: a built-in `ResourceType`, or one a cookbook
/// defines at run time (a custom resource or an LWRP, `CustomResources`). Resources, the
/// registry and the DSL work with kinds, so both are the same to them.
public final class ResourceKind {
    public internal(set) var name: String
    public let className: String
    public internal(set) var properties: [Property]
    public internal(set) var actions: [String]
    public internal(set) var defaultAction: String
    /// The built-in type behind this kind, if it is one.
    public let builtIn: ResourceType.Type?
    let perform: (String, Resource, ActionContext) throws -> Void
    let installExtraMethods: (RModule, Interpreter) -> Void
    let adopt: ([Resource], Resource) -> [Resource]
    let defaultName: ([Resource]) -> String?

    public init(_ type: ResourceType.Type) {
        name = type.name
        className = type.className
        properties = type.properties
        actions = type.actions
        defaultAction = type.defaultAction
        builtIn = type
        perform = { try type.run($0, on: $1, in: $2) }
        installExtraMethods = { type.installExtraMethods(on: $0, interpreter: $1) }
        adopt = { type.adopt($0, into: $1) }
        defaultName = { type.defaultName(after: $0) }
    }

    init(name: String, className: String, properties: [Property], actions: [String], defaultAction: String,
         perform: @escaping (String, Resource, ActionContext) throws -> Void) {
        self.name = name
        self.className = className
        self.properties = properties
        self.actions = actions
        self.defaultAction = defaultAction
        builtIn = nil
        self.perform = perform
        installExtraMethods = { _, _ in }
        adopt = { declared, _ in declared }
        defaultName = { _ in nil }
    }

    var nameProperty: Property? { properties.first { $0.isNameProperty } }

    func property(named name: String) -> Property? { properties.first { $0.name == name } }
}

/// Chooses the implementation of a resource type for a platform. The resources that act on
/// this machine have one implementation; `package`, `service`, `user` and `group` (the node
/// converge issue) register one per platform family and the run's node decides.
public struct ResourceRegistry {
    private var kinds: [String: [(platformFamilies: Set<String>, kind: ResourceKind)]] = [:]
    /// Declaration order, for installing DSL methods deterministically.
    public private(set) var names: [String] = []

    public init() {}

    /// The resources every run has.
    public static var builtIn: ResourceRegistry {
        var registry = ResourceRegistry()
        for type: ResourceType.Type in [
            LogResource.self, FileResource.self, DirectoryResource.self, LinkResource.self,
            ExecuteResource.self, BashResource.self, ScriptResource.self, RubyBlockResource.self,
            TemplateResource.self, CookbookFileResource.self, RemoteFileResource.self, OhaiResource.self,
            ChefNodeResource.self, ChefClientResource.self, ChefRoleResource.self, ChefEnvironmentResource.self,
            ChefDataBagResource.self, ChefDataBagItemResource.self,
            AptPackageResource.self, AptUpdateResource.self, ServiceResource.self, LinuxUserResource.self, GroupResource.self,
            WhyrunSafeRubyBlockResource.self, NotifyGroupResource.self, CronResource.self, CronDResource.self,
            SysctlResource.self, HostnameResource.self, HTTPRequestResource.self, RemoteDirectoryResource.self,
            DpkgPackageResource.self, AptRepositoryResource.self, SystemdUnitResource.self,
        ] {
            registry.register(type)
        }
        // What Chef picks on Debian for the generic names.
        registry.register(AptPackageResource.self, as: "package", platformFamilies: ["debian"])
        registry.register(LinuxUserResource.self, as: "user")
        registry.register(SysctlResource.self, as: "sysctl_param")
        return registry
    }

    /// Registers an implementation under its own name (or `name`, as `package` is
    /// `apt_package` on Debian); with platform families it serves only those, and the most
    /// specific registration wins.
    public mutating func register(_ type: ResourceType.Type, as name: String? = nil, platformFamilies: Set<String> = []) {
        register(ResourceKind(type), as: name, platformFamilies: platformFamilies)
    }

    mutating func register(_ kind: ResourceKind, as name: String? = nil, platformFamilies: Set<String> = []) {
        let key = name ?? kind.name
        if kinds[key] == nil { names.append(key) }
        kinds[key, default: []].append((platformFamilies, kind))
    }

    /// Some implementation of `name`, whatever the platform: for its Ruby class.
    public func anyType(named name: String) -> ResourceKind? {
        kinds[name]?.last?.kind
    }

    /// Whether the implementation of `name` depends on the platform, so that declaring one
    /// needs the node's platform family at all.
    public func isPlatformSpecific(_ name: String) -> Bool {
        kinds[name]?.contains { !$0.platformFamilies.isEmpty } ?? false
    }

    /// The implementation for `name` on a platform family, if any.
    public func type(named name: String, platformFamily: String? = nil) -> ResourceKind? {
        guard let candidates = kinds[name] else { return nil }
        if let platformFamily, let specific = candidates.last(where: { $0.platformFamilies.contains(platformFamily) }) {
            return specific.kind
        }
        return candidates.last(where: { $0.platformFamilies.isEmpty })?.kind
    }
}
