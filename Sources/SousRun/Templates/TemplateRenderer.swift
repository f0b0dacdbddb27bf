import SousLanguage
import SousSupport

/// Renders ERB templates as Chef does: in a fresh context object whose instance variables
/// are the resource's `variables`, which has `node`, the resource's helpers, and `render`
/// for partials.
struct TemplateRenderer {
    let run: RunContext

    /// Helper methods for the templates of one resource (`helper(:name) { }`, `helpers(Module)`).
    struct Helpers {
        var modules: [RModule] = []
        var methods: [(name: String, body: RProc)] = []
    }

    func render(path: String, variables: RHash?, helpers: Helpers, cookbook: Cookbook?) throws -> String {
        let interpreter = run.interpreter
        let context = RObject(klass: try contextClass())
        for (key, value) in variables?.pairs ?? [] {
            context.setInstanceVariable("@" + (try interpreter.toS(key)), value)
        }
        let singleton = try interpreter.singletonClass(of: .object(context))
        for module in helpers.modules { interpreter.include(module, into: singleton) }
        for helper in helpers.methods {
            let body = helper.body
            interpreter.define(singleton, helper.name) { interp, receiver, args in
                try interp.callBlock(body, args.values, blockArgument: args.block, selfOverride: receiver)
            }
        }
        interpreter.define(singleton, "render") { interp, _, args in
            let partial = try interp.toS(args[0])
            let options = args.keywords
            let local = options?.get(.symbol("local"))?.isTruthy ?? false
            let partialVariables = options?.get(.symbol("variables"))?.asHash ?? variables
            let partialPath = try locate(partial, local: local, cookbook: cookbook)
            return interp.makeString(try render(path: partialPath, variables: partialVariables, helpers: helpers, cookbook: cookbook))
        }
        let template = String(decoding: try FileSystem.read(path), as: UTF8.self)
        let code = ErubisCompiler.compile(template)
        let result = try interpreter.evaluate(SourceFile(path: path, text: code), selfValue: .object(context), label: "template")
        return try interpreter.toS(result)
    }

    /// A template's file: an absolute path with `local true`, else the cookbook's most
    /// specific `templates/` match.
    func locate(_ source: String, local: Bool, cookbook: Cookbook?) throws -> String {
        if local || source.hasPrefix("/") {
            guard FileSystem.kind(source) == .file else {
                throw ActionError("Chef::Exceptions::FileNotFound", "template source \(source) does not exist")
            }
            return source
        }
        guard let cookbook else {
            throw ActionError("Chef::Exceptions::FileNotFound",
                              "template source \(source) needs a cookbook: declare it in a cookbook, set `cookbook 'NAME'`, or give an absolute path with `local true`")
        }
        guard let found = cookbook.findFile(source, in: "templates", specificFolders: try run.specificFolders()) else {
            throw ActionError("Chef::Exceptions::FileNotFound",
                              "template source \(source) not found in cookbook \(cookbook.name) (looked in \(cookbook.path)/templates)")
        }
        return found
    }

    private func contextClass() throws -> RModule {
        let interpreter = run.interpreter
        if let existing = interpreter.constant(path: "Chef::Mixin::Template::TemplateContext")?.asModule { return existing }
        let template = interpreter.module(path: "Chef::Mixin::Template")
        let cls = interpreter.classes.defineClass("TemplateContext", in: template)
        interpreter.define(cls, "node") { _, _, _ in run.node.value }
        return cls
    }
}

extension RunContext {
    /// The folders a cookbook's templates and files may be specific to, most specific
    /// first: `host-FQDN`, `PLATFORM-VERSION`, `PLATFORM`.
    func specificFolders() throws -> [String] {
        func fact(_ name: String) -> String? {
            guard let value = try? node.read([name]), let text = value.asString?.value, !text.isEmpty else { return nil }
            return text
        }
        var folders: [String] = []
        if let fqdn = fact("fqdn") { folders.append("host-\(fqdn)") }
        if let platform = fact("platform") {
            if let version = fact("platform_version") { folders.append("\(platform)-\(version)") }
            folders.append(platform)
        }
        return folders
    }
}
