import SousLanguage

/// Chef's definitions (definitions/*.rb): `define :name, param: default do ... end` makes a
/// recipe method; `name 'x' do key value end` collects the parameters (one argument gives
/// the value, more an Array; `params[:name]` is 'x') and runs the body then and there, as
/// part of the recipe that called it: its resources join that recipe's collection, and the
/// definition itself prints nothing.
enum Definitions {
    static func install(run: RunContext) throws {
        let interp = run.interpreter
        guard let chef = interp.constant(path: "Chef")?.asModule, let dsl = interp.constant(path: "Chef::DSL::Recipe")?.asModule,
              let recipeClass = interp.constant(path: "Chef::Recipe")?.asModule else { return }
        // What the body runs on: a recipe with `params`.
        let bodyClass = interp.classes.defineClass("ResourceDefinitionContext", superclass: recipeClass, in: chef)
        interp.define(bodyClass, "params") { _, receiver, _ in receiver.asObject?.getInstanceVariable("@params") ?? .null }
        // What the caller's block runs on: every call sets a parameter.
        let collector = interp.classes.defineClass("ResourceDefinitionParameters", in: chef)
        interp.define(collector, "method_missing") { interp, receiver, args in
            guard let name = args.positional.first?.asSymbolName, let params = receiver.asObject?.getInstanceVariable("@params").asHash else {
                return .null
            }
            let values = Array(args.positional.dropFirst())
            if values.isEmpty { return params.get(.symbol(name)) ?? .null }
            params.set(.symbol(name), values.count == 1 ? values[0] : interp.makeArray(values))
            return values.count == 1 ? values[0] : interp.makeArray(values)
        }
        interp.define(dsl, "define", visibility: .private) { interp, _, args in
            guard let first = args.positional.first, let body = args.block else { throw interp.argumentError("define needs a name and a block") }
            let name = try interp.toS(first)
            let defaults = args.keywords ?? args.positional.dropFirst().first?.asHash
            interp.define(dsl, name, visibility: .private) { interp, receiver, args in
                let params = interp.makeHashObject()
                for (key, value) in defaults?.pairs ?? [] { params.set(.symbol(try interp.toS(key)), value) }
                if let given = args.positional.first { params.set(.symbol("name"), given) }
                if let block = args.block {
                    let parameters = RObject(klass: collector)
                    _ = parameters.setInstanceVariable("@params", .object(params))
                    _ = try interp.callBlock(block, [], selfOverride: .object(parameters), fallbackSelf: receiver)
                }
                let context = RObject(klass: bodyClass)
                _ = context.setInstanceVariable("@params", .object(params))
                return try interp.callBlock(body, [], selfOverride: .object(context), fallbackSelf: receiver)
            }
            return .true
        }
    }
}
