import SousLanguage
import SousSupport

/// The compile phase: loading cookbooks (dependencies first, then their libraries and
/// attribute files) and evaluating recipes, which fills the resource collection.
extension RunContext {
    /// Evaluates a recipe file given on the command line (`sous apply FILE`), as chef-apply
    /// does: it belongs to no cookbook.
    public func compileRecipe(file path: String) throws {
        try interpreter.run(SourceFile(path: path, bytes: try FileSystem.read(path)))
    }

    /// Evaluates a recipe file given to `sous client`, which chef-client files under the
    /// made-up cookbook `@recipe_files` (so output says `Recipe: @recipe_files::/path`).
    public func compileRecipeFile(_ path: String) throws {
        recipeStack.append(("@recipe_files", path))
        defer { recipeStack.removeLast() }
        try compileRecipe(file: path)
    }

    /// Evaluates recipe code given with `-e`.
    public func compileRecipe(code: String) throws {
        try interpreter.run(SourceFile(path: "-e", text: code))
    }

    /// `include_recipe 'cookbook::recipe'` (or `'cookbook'` for its default recipe): loads
    /// the cookbook if needed and evaluates the recipe, once per run.
    public func includeRecipe(_ reference: String) throws {
        let parts = reference.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        guard let cookbookName = parts.first, parts.count <= 2 else {
            throw interpreter.argumentError("include_recipe needs 'cookbook' or 'cookbook::recipe'; got \(reference.debugDescription)")
        }
        let recipe = parts.count == 2 ? parts[1] : "default"
        let key = "\(cookbookName)::\(recipe)"
        guard !loadedRecipes.contains(key) else {
            logger.debug("I am not loading \(key), because I have already seen it.")
            return
        }
        loadedRecipes.insert(key)
        let cookbook = try loadCookbook(cookbookName)
        let path = cookbook.recipePath(recipe)
        guard FileSystem.kind(path) == .file else {
            throw cookbookError(CookbookError.recipeNotFound(cookbook: cookbookName, recipe: recipe, path: path))
        }
        recipeStack.append((cookbookName, recipe))
        defer { recipeStack.removeLast() }
        try interpreter.load(path: path)
    }

    /// Loads a cookbook's dependencies (in metadata order), then its libraries, then its
    /// attribute files (default.rb first), each cookbook once.
    @discardableResult
    public func loadCookbook(_ name: String) throws -> Cookbook {
        let cookbook: Cookbook
        do {
            cookbook = try cookbooks.cookbook(named: name, interpreter: interpreter)
        } catch let error as CookbookError {
            throw cookbookError(error)
        }
        guard !loadedCookbooks.contains(cookbook.name) else { return cookbook }
        loadedCookbooks.insert(cookbook.name)
        for dependency in cookbook.dependencies {
            try loadCookbook(dependency)
        }
        for library in cookbook.rubyFiles(in: "libraries") {
            try interpreter.load(path: library)
        }
        recipeStack.append((cookbook.name, "attributes"))
        defer { recipeStack.removeLast() }
        for attributes in cookbook.rubyFiles(in: "attributes", first: "default.rb") {
            try interpreter.load(path: attributes, selfValue: node.value)
        }
        for resource in cookbook.rubyFiles(in: "resources") {
            try CustomResources.loadResource(resource, cookbook: cookbook.name, run: self)
        }
        for provider in cookbook.rubyFiles(in: "providers") {
            try CustomResources.loadProvider(provider, cookbook: cookbook.name, run: self)
        }
        for definition in cookbook.rubyFiles(in: "definitions") {
            try interpreter.load(path: definition)
        }
        return cookbook
    }

    private func cookbookError(_ error: CookbookError) -> RubyError {
        let cls = interpreter.constant(path: "Chef::Exceptions::CookbookNotFound")?.asModule ?? interpreter.classes.runtimeError!
        return interpreter.makeError(cls, error.description)
    }
}

extension RunContext {
    /// A run list's recipes, as chef-client compiles them: every cookbook they name is
    /// loaded first (libraries and attributes of all of them), then the recipes run in
    /// order.
    public func compileRunList(_ recipes: [String]) throws {
        for recipe in recipes {
            let cookbook = String(recipe.prefix(while: { $0 != ":" }))
            try loadCookbook(cookbook)
        }
        for recipe in recipes { try includeRecipe(recipe) }
    }
}
