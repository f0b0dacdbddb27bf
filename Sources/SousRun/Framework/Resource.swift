import SousLanguage
import SousSupport

/// Where a resource was declared: the recipe file and line, and its cookbook and recipe.
public struct Declaration: Sendable {
    public let file: String
    public let line: Int
    public let cookbook: String
    public let recipe: String

    public var recipeName: String { "\(cookbook)::\(recipe)" }
}

/// `not_if` / `only_if`: a shell command, or a Ruby block run at converge time.
public struct Guard {
    public enum Kind: String { case onlyIf = "only_if", notIf = "not_if" }
    public enum Test {
        case command(ProcessCommand, options: CommandOptions)
        case block(RProc)
    }
    public let kind: Kind
    public let test: Test
}

/// When a notification fires relative to the notifying resource.
public enum NotificationTiming: String {
    case before, immediate, delayed
}

/// `notifies :action, 'type[name]', :timing`. The target is a reference until the converge
/// starts, because it may be declared after the notifying resource.
public final class Notification {
    public enum Target {
        case reference(String)
        case resource(Resource)
    }
    public let action: String
    public var target: Target
    public let timing: NotificationTiming
    public unowned let notifier: Resource

    init(action: String, target: Target, timing: NotificationTiming, notifier: Resource) {
        self.action = action
        self.target = target
        self.timing = timing
        self.notifier = notifier
    }

    var resolved: Resource? {
        if case .resource(let resource) = target { return resource }
        return nil
    }
}

/// One declared resource: its type, name and property values, and what every resource has
/// (actions, guards, notifications, retries...). It is also the Ruby object its block runs on,
/// so `content 'x'` inside `file '/x' do ... end` sets a property here.
public final class Resource: RObject {
    public let type: ResourceKind
    public let name: String
    public let declaration: Declaration
    var values: [String: Value] = [:]
    /// The properties the recipe set (rather than a default stored on first read).
    var explicitlySet: Set<String> = []
    public var actions: [String]
    public var guards: [Guard] = []
    public var notifications: [Notification] = []
    /// `subscribes`: resolved into notifications on the subscribed-to resource.
    var subscriptions: [(action: String, target: Notification.Target, timing: NotificationTiming)] = []
    public var ignoreFailure = false
    public var retries = 0
    public var retryDelay = 2.0
    public var sensitive = false
    public var compileTime = false
    /// Whether the last action changed anything, and whether any action did.
    public internal(set) var updatedByLastAction = false
    public internal(set) var updated = false
    /// `helper` / `helpers` of a `template`.
    var templateHelpers = TemplateRenderer.Helpers()
    /// `attribute`, `tag`, `recipe`... on a `chef_node` or `machine`.
    public internal(set) var nodeChanges = NodeChanges()

    init(type: ResourceKind, name: String, declaration: Declaration, klass: RModule) {
        self.type = type
        self.name = name
        self.declaration = declaration
        self.actions = [type.defaultAction]
        super.init(klass: klass)
    }

    /// `file[/etc/motd]`: how Chef names a resource everywhere.
    public var identity: String { "\(type.name)[\(name)]" }

    /// A property's value as the recipe set it (nil when unset), for resource types in other
    /// layers; `ActionContext.value` applies defaults and lazy values.
    public func setValue(of property: String) -> Value? { values[property] }

    public func set(_ property: String, to value: Value) {
        values[property] = value
        explicitlySet.insert(property)
    }
}

extension RunContext {
    /// A `lazy { }` value: a `Chef::DelayedEvaluator`, a Proc evaluated when the property is
    /// read at converge time.
    func makeLazy(_ block: RProc) -> Value {
        .object(RProc(body: block.body, frame: block.frame, isLambda: block.isLambda, breakTag: block.breakTag, klass: lazyClass))
    }

    func isLazy(_ value: Value) -> Bool {
        guard let proc = value.asProc else { return false }
        return proc.klass.realClass === lazyClass
    }
}
