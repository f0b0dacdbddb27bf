import SousSupport

/// Ruby's JSON library: `JSON.parse`, `JSON.generate`, `to_json`, and the conversions between
/// Ruby values and SousSupport's JSON documents that every layer uses.
extension Interpreter {
    func installJSON() {
        let json = classes.json!
        defineSingleton(json, [
            .method("parse", arity: .atLeast(1)) { interp, _, args in
                let text = try interp.toStr(args.positional[0])
                let symbolize = args.keywords?.get(.symbol("symbolize_names"))?.isTruthy ?? false
                do {
                    // The json gem's max_nesting: 100 unless given (false or 0: no limit).
                    let nesting = args.keywords?.get(.symbol("max_nesting"))
                    let depth: Int
                    switch nesting {
                    case .integer(let n)?: depth = n > 0 ? n : JSON.depthLimit
                    case .some(let value) where !value.isTruthy: depth = JSON.depthLimit
                    default: depth = 100
                    }
                    return interp.rubyValue(from: try JSON.parse(text, maxDepth: depth), symbolizeNames: symbolize)
                } catch let error as JSONSyntaxError {
                    let nesting = error.message.hasPrefix("nesting of") ? json.constants["NestingError"]?.asModule : nil
                    throw interp.makeError(nesting ?? interp.classes.jsonParserError, error.message)
                }
            },
            .method("generate", "dump", arity: .atLeast(1)) { interp, _, args in
                interp.makeString(try interp.jsonValue(of: args[0]).rendered())
            },
            .method("pretty_generate", arity: .atLeast(1)) { interp, _, args in
                interp.makeString(try interp.jsonValue(of: args[0]).rendered(pretty: true))
            },
        ])
        define(classes.kernel, [
            .method("to_json", arity: .checkedByBody) { interp, receiver, _ in
                interp.makeString(try interp.jsonValue(of: receiver).rendered())
            },
        ])
        classes.defineClass("GeneratorError", superclass: classes.jsonParserError.superclass!, in: json)
        classes.defineClass("NestingError", superclass: classes.jsonParserError, in: json)
    }

    /// A JSON document as Ruby objects: hashes with string (or symbol) keys, arrays, strings.
    public func rubyValue(from json: JSON, symbolizeNames: Bool = false) -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .integer(let i): return .integer(i)
        case .float(let f): return .float(f)
        case .string(let s): return makeString(s)
        case .array(let items): return makeArray(items.map { rubyValue(from: $0, symbolizeNames: symbolizeNames) })
        case .object(let pairs):
            let hash = makeHashObject()
            for (key, value) in pairs {
                hash.set(symbolizeNames ? .symbol(key) : makeString(key), rubyValue(from: value, symbolizeNames: symbolizeNames))
            }
            return .object(hash)
        }
    }

    /// A Ruby value as JSON, as `to_json` sees it: hash keys become strings, symbols
    /// strings, an object with its own `to_json` is what that method returns, anything else
    /// its `to_s`.
    public func jsonValue(of value: Value) throws -> JSON {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .integer(let i): return .integer(i)
        case .float(let f):
            guard f.isFinite else {
                let cls = (classes.json.constants["GeneratorError"]?.asModule) ?? classes.standardError!
                throw makeError(cls, "\(RubyFormat.float(f)) not allowed in JSON")
            }
            return .float(f)
        case .symbol(let s): return .string(s)
        case .object(let object):
            if let string = object as? RString { return .string(string.value) }
            if let array = object as? RArray { return .array(try array.items.map { try jsonValue(of: $0) }) }
            if let hash = object as? RHash {
                return .object(try hash.pairs.map { (try toS($0.0), try jsonValue(of: $0.1)) })
            }
            if let method = findMethod(object.klass, "to_json"), method.owner !== classes.kernel {
                let text = try toS(try invoke(method, value, Args(), name: "to_json"))
                do {
                    return try JSON.parse(text)
                } catch let error as JSONSyntaxError {
                    throw makeError(classes.jsonParserError, "\(object.klass.name ?? "an object")#to_json returned something that is not JSON: \(error.message)")
                }
            }
            return .string(try toS(value))
        }
    }
}
