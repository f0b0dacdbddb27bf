import SousLanguage
import SousChefData

/// The methods recipes call bare: one per resource type (`file '/x' do ... end`), `node`,
/// `include_recipe`, `resources`, `lazy`, `platform?`... They are private methods of
/// `Chef::DSL::Recipe`, included into Object the way Kernel is: callable bare from recipes
/// and from resource blocks, and a method a recipe defines itself (on Object, as a Ruby
/// script does) takes precedence over them, as it would in Chef. `main` is a `Chef::Recipe`,
/// so helpers a cookbook library includes into `Chef::Recipe` reach every recipe too.
enum RecipeDSL {
    static func install(into run: RunContext) throws {
        let interpreter = run.interpreter
        try ChefData.install(into: interpreter)
        guard let chef = interpreter.constant(path: "Chef")?.asModule else {
            preconditionFailure("Chef is missing after installing Chef's data classes")
        }
        // The Chef release whose recipe language and resources sous follows, for cookbooks that
        // compare against it (`Gem::Version.new(Chef::VERSION) >= Gem::Version.new('16')`).
        chef.setConstant("VERSION", interpreter.makeString(SousInfo.chefVersion))
        let namespace = interpreter.classes.defineModule("DSL", in: chef)
        let dsl = interpreter.classes.defineModule("Recipe", in: namespace)
        let recipeClass = interpreter.classes.defineClass("Recipe", in: chef)
        PlatformIntrospectionDSL.install(in: namespace, on: dsl, run: run)
        ShellOutDSL.install(in: chef, on: dsl, run: run)
        interpreter.include(dsl, into: interpreter.classes.object)
        try interpreter.setMainObjectClass(recipeClass)
        try ResourceDSL.install(into: run)
        for name in run.registry.names {
            interpreter.define(dsl, name) { interp, receiver, args in
                try declare(name, args, receiver: receiver, run: run)
            }
        }
        installHelpers(on: dsl, run: run)
        ServerDSL.install(on: dsl, run: run)
        RunContextDSL.install(on: dsl, run: run)
        try CustomResources.install(run: run)
        for method in dsl.methods.values { method.visibility = .private }
    }

    /// `TYPE 'name' do ... end`: makes the resource, runs its block on it, adds it to the
    /// collection (and with `compile_time true`, runs it now).
    static func declare(_ typeName: String, _ args: Args, receiver: Value, run: RunContext) throws -> Value {
        let interpreter = run.interpreter
        let platformFamily = run.registry.isPlatformSpecific(typeName)
            ? try run.node.read(["platform_family"]).asString?.value : nil
        guard let type = run.registry.type(named: typeName, platformFamily: platformFamily),
              let resourceClass = run.resourceClasses[typeName] else {
            throw interpreter.makeError(interpreter.classes.noMethodError, "no resource type \(typeName)")
        }
        let name: String
        // A resource whose name property takes a list (`package %w{a b}`) is named "a, b"
        // and keeps the list in that property.
        let listName = args.positional.first?.asArray.flatMap { list in type.nameProperty?.types.contains(.array) == true ? list : nil }
        if let listName {
            name = try listName.items.map { try interpreter.toS($0) }.joined(separator: ", ")
        } else if let nameValue = args.positional.first, !nameValue.isNil {
            name = nameValue.asArray != nil ? try interpreter.inspect(nameValue) : try interpreter.toS(nameValue)
        } else if let defaultName = type.defaultName(run.collection) {
            name = defaultName
        } else {
            throw interpreter.argumentError("You must supply a name when declaring a \(typeName) resource")
        }
        let location = interpreter.currentLocation ?? (file: "(unknown)", line: 0)
        let recipe = run.recipeStack.last ?? (cookbook: "(chef-apply cookbook)", recipe: "(chef-apply recipe)")
        let declaration = Declaration(file: location.file, line: location.line, cookbook: recipe.cookbook, recipe: recipe.recipe)
        let resource = Resource(type: type, name: name, declaration: declaration, klass: resourceClass)
        if let listName, let property = type.nameProperty { resource.values[property.name] = .object(listName) }
        if let server = run.currentChefServer, type.property(named: "chef_server") != nil {
            resource.values["chef_server"] = server  // with_chef_server; the block may still set another
        }
        if let block = args.block {
            let before = run.collection.count
            _ = try interpreter.callBlock(block, [.object(resource)], selfOverride: .object(resource), fallbackSelf: receiver)
            let declaredInside = Array(run.collection[before...])
            run.collection.replaceSubrange(before..., with: type.adopt(declaredInside, resource))
        }
        run.collection.append(resource)
        if resource.compileTime {
            for action in resource.actions {
                try ResourceAction(run: run).perform(action, on: resource, whyRun: run.whyRun)
            }
        } else if let nested = run.nesting.last, nested.unified {
            try nested.runNow(resource)  // unified mode: a custom resource's resources run as declared
        }
        return .object(resource)
    }

    private static func installHelpers(on dsl: RModule, run: RunContext) {
        let interpreter = run.interpreter
        interpreter.define(dsl, "node") { _, _, _ in run.node.value }
        interpreter.define(dsl, "cookbook_name") { interp, _, _ in
            interp.makeString(run.recipeStack.last?.cookbook ?? "(chef-apply cookbook)")
        }
        interpreter.define(dsl, "recipe_name") { interp, _, _ in
            interp.makeString(run.recipeStack.last?.recipe ?? "(chef-apply recipe)")
        }
        interpreter.define(dsl, "include_recipe") { interp, _, args in
            for value in args.positional {
                try run.includeRecipe(try interp.toS(value))
            }
            return .true
        }
        interpreter.define(dsl, "lazy") { interp, _, args in
            guard let block = args.block else { throw interp.argumentError("lazy needs a block: lazy { ... }") }
            return run.makeLazy(block)
        }
        interpreter.define(dsl, "resources") { interp, _, args in
            var references: [String] = []
            for value in args.positional {
                references.append(try interp.toS(value))
            }
            for (type, names) in args.keywords?.pairs ?? [] {
                for name in names.asArray?.items ?? [names] {
                    references.append("\(try interp.toS(type))[\(try interp.toS(name))]")
                }
            }
            var found: [Value] = []
            for reference in references {
                let identity: String
                do {
                    identity = try ResourceReference.normalize(reference)
                } catch let invalid as ResourceReference.Invalid {
                    throw interp.argumentError(invalid.description)
                }
                guard let resource = run.resource(identity: identity) else {
                    let cls = interp.constant(path: "Chef::Exceptions::ResourceNotFound")?.asModule ?? interp.classes.standardError!
                    throw interp.makeError(cls, "Cannot find a resource matching \(identity) (did you define it first?)")
                }
                found.append(.object(resource))
            }
            return found.count == 1 ? found[0] : interp.makeArray(found)
        }
        for name in ["tag", "tagged?"] {
            interpreter.define(dsl, name) { interp, _, args in try interp.callMethod(run.node.value, name, args) }
        }
    }
}
