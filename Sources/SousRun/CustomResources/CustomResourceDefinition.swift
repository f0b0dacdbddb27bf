import SousLanguage
import SousSupport

/// One resource type a cookbook defines: a custom resource (`resources/F.rb` with
/// `property` and `action :x do ... end`) or an LWRP (`resources/F.rb` with `actions` and
/// `attribute`, and `providers/F.rb` with the actions). Filled in while its file is read;
/// its `kind` is registered once the file is done.
final class CustomResourceDefinition {
    /// `COOKBOOK_F` (`COOKBOOK` for default.rb), which the type always answers to; for a
    /// class a library defines, its name in snake case.
    let autoName: String
    let resourceClass: RModule
    /// The class actions run in (Chef's action class, a `Chef::Provider`).
    let actionClass: RModule
    var properties: [Property] = [] { didSet { kind.properties = properties } }
    var actionBlocks: [(name: String, block: RProc)] = [] { didSet { refreshActions() } }
    /// An LWRP's `actions :a, :b`: allowed, none the default.
    var declaredActions: [String] = [] { didSet { refreshActions() } }
    var defaultAction: String? { didSet { refreshActions() } }
    var providedNames: [String] = [] { didSet { kind.name = displayName } }
    var resourceName: String? { didSet { kind.name = displayName } }
    var loadCurrentValue: RProc?
    var unifiedMode = true
    private(set) var kind: ResourceKind!
    /// The names it is registered under.
    var registeredNames: Set<String> = []

    init(autoName: String, resourceClass: RModule, actionClass: RModule) {
        self.autoName = autoName
        self.resourceClass = resourceClass
        self.actionClass = actionClass
        kind = ResourceKind(name: autoName, className: resourceClass.displayName, properties: [], actions: [],
                            defaultAction: "nothing") { [unowned self] action, resource, context in
            try CustomResources.runAction(action, on: resource, in: context, definition: self)
        }
    }

    /// The name it prints as: the first `provides`, else `resource_name`, else its own.
    var displayName: String { providedNames.first ?? resourceName ?? autoName }

    func block(for action: String) -> RProc? { actionBlocks.first { $0.name == action }?.block }

    /// Every action it allows (besides :nothing).
    var allActions: [String] {
        var actions = declaredActions
        for (name, _) in actionBlocks where !actions.contains(name) { actions.append(name) }
        return actions
    }

    private func refreshActions() {
        kind.actions = allActions
        kind.defaultAction = defaultAction ?? (declaredActions.isEmpty ? actionBlocks.first?.name : nil) ?? "nothing"
    }
}

/// What a custom resource's action runs in: the new and current resource, the action's
/// context (for `converge_by`), and the helpers of `action_class`.
final class ActionObject: RObject {
    let context: ActionContext
    let definition: CustomResourceDefinition
    var currentResource: Resource?

    init(context: ActionContext, definition: CustomResourceDefinition) {
        self.context = context
        self.definition = definition
        super.init(klass: definition.actionClass)
    }
}
