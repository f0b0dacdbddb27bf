/// What the layers above the language (Chef data, the resource framework) use to add their
/// own classes and DSLs to a Ruby world and to learn where the running code is.
extension Interpreter {
    /// The file and line of the Ruby code running now: where a resource was declared, where
    /// a property was set.
    public var currentLocation: (file: String, line: Int)? {
        guard let top = frameStack.last else { return nil }
        return (top.file, top.line)
    }

    /// Makes `main` an instance of `cls` (a subclass of Object), the way chef-apply evaluates
    /// a recipe on a `Chef::Recipe`: the recipe DSL, and whatever cookbook libraries include
    /// into it, are callable bare from top-level code. `main` stays `self` and `def` still
    /// defines on Object, so plain Ruby behaves inside a recipe exactly as in a script.
    public func setMainObjectClass(_ cls: RModule) throws {
        let singleton = try singletonClass(of: .object(mainObject))
        singleton.superclass = cls
        RModule.hierarchyEpoch += 1
        methodEpoch += 1
    }

    /// Includes a module into a class or module, as `include` does.
    public func include(_ module: RModule, into target: RModule) {
        if !target.isSubclass(of: module) { target.includes.insert(module, at: 0) }
        methodEpoch += 1
    }

    /// Looks up a constant path such as `Chef::Resource` from the top level.
    public func constant(path: String) -> Value? {
        var current: RModule = classes.object
        var value: Value?
        for part in path.split(separator: ":", omittingEmptySubsequences: true) {
            guard let found = current.constants[String(part)] else { return nil }
            value = found
            guard let module = found.asModule else { break }
            current = module
        }
        return value
    }

    /// The module at a constant path, made (as nested modules) where it does not exist yet.
    public func module(path: String) -> RModule {
        var current: RModule = classes.object
        for part in path.split(separator: ":", omittingEmptySubsequences: true) {
            if let existing = current.constants[String(part)]?.asModule {
                current = existing
            } else {
                current = classes.defineModule(String(part), in: current)
            }
        }
        return current
    }
}
