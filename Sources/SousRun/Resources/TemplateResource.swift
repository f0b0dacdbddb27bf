import SousLanguage
import SousSupport

/// `template`: a file rendered from an ERB template in the cookbook's `templates/` folder
/// (or an absolute path with `local true`), with `variables` as instance variables.
struct TemplateResource: ResourceType {
    static let name = "template"
    static let actions = ["create", "create_if_missing", "delete", "touch"]
    static let defaultAction = "create"
    static let properties = [
        Property("path", [.string], nameProperty: true),
        Property("source", [.string]),
        Property("cookbook", [.string]),
        Property.with("local", [.boolean], default: .false),
        Property("variables", [.hash]),
    ] + FileResource.accessProperties + FileResource.updateProperties

    static func installExtraMethods(on resourceClass: RModule, interpreter: Interpreter) {
        // `helper(:name) { ... }` defines one method for the template; `helpers(Module)` or
        // `helpers do ... end` adds many.
        interpreter.define(resourceClass, "helper") { interp, receiver, args in
            guard let resource = receiver.asObject as? Resource, let block = args.block else {
                throw interp.argumentError("helper needs a name and a block: helper(:name) { ... }")
            }
            resource.templateHelpers.methods.append((try interp.toS(args[0]), block))
            return .null
        }
        interpreter.define(resourceClass, "helpers") { interp, receiver, args in
            guard let resource = receiver.asObject as? Resource else { return .null }
            if let module = args[0].asModule {
                resource.templateHelpers.modules.append(module)
            } else if let block = args.block {
                let module = RModule(name: nil, isClass: false, superclass: nil, klass: interp.classes.moduleClass)
                _ = try interp.callBlock(block, [], selfOverride: .object(module), definitionTarget: module)
                resource.templateHelpers.modules.append(module)
            } else {
                throw interp.argumentError("helpers needs a module or a block")
            }
            return .null
        }
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let path = try context.requiredString("path")
        let file = ManagedFile(context, path: path)
        if action == "delete" { return try file.delete() }
        if action == "create_if_missing", try file.currentStatus() != nil { return }
        let content = try render(context, path: path)
        let created = try file.create(content: Array(content.utf8))
        try file.applyAccessControl(created: created)
        if action == "touch" { try file.touch() }
    }

    private static func render(_ context: ActionContext, path: String) throws -> String {
        let renderer = TemplateRenderer(run: context.run)
        let source = try context.string("source") ?? FileSystem.basename(of: path) + ".erb"
        let cookbook = try CookbookSource.cookbook(for: context)
        let templatePath = try renderer.locate(source, local: try context.bool("local"), cookbook: cookbook)
        return try renderer.render(path: templatePath, variables: try context.value("variables").asHash,
                                   helpers: context.resource.templateHelpers, cookbook: cookbook)
    }
}

/// Which cookbook a `template` or `cookbook_file` takes its source from: its `cookbook`
/// property, else the cookbook its recipe belongs to.
enum CookbookSource {
    static func cookbook(for context: ActionContext) throws -> Cookbook? {
        if let name = try context.string("cookbook") { return try context.run.loadCookbook(name) }
        let declared = context.resource.declaration.cookbook
        if declared.hasPrefix("(") { return nil }
        return try context.run.loadCookbook(declared)
    }
}
