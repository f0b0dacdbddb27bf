import SousLanguage

/// A Ruby type a property accepts (Chef's `kind_of`), named as Chef's messages name it.
public enum PropertyType: Sendable {
    case string, integer, float, boolean, symbol, array, hash, proc, `nil`

    var rubyName: String {
        switch self {
        case .string: return "String"
        case .integer: return "Integer"
        case .float: return "Float"
        case .boolean: return "TrueClass, FalseClass"
        case .symbol: return "Symbol"
        case .array: return "Array"
        case .hash: return "Hash"
        case .proc: return "Proc"
        case .nil: return "NilClass"
        }
    }

    func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (.string, .object(let object)): return object is RString
        case (.integer, .integer): return true
        case (.float, .float), (.float, .integer): return true
        case (.boolean, .bool): return true
        case (.symbol, .symbol): return true
        case (.array, .object(let object)): return object is RArray
        case (.hash, .object(let object)): return object is RHash
        case (.proc, .object(let object)): return object is RProc
        case (.nil, .null): return true
        default: return false
        }
    }
}

/// A check on a property's value beyond its type, with the wording of Chef's
/// `Chef::Exceptions::ValidationFailed` messages.
/// Sendable though it holds `Value`s and closures: validations are written in resource
/// types' static tables, whose values are immediates (symbols, numbers, booleans, never a
/// Ruby object) and whose checks are pure functions of their argument.
public enum PropertyValidation: @unchecked Sendable {
    /// `equal_to`: one of these values.
    case equalTo([Value])
    /// `regex`: a string matching one of these patterns (Ruby regular expressions).
    case regex([String])
    /// `callbacks`: each named check must hold.
    case callbacks([(description: String, check: (Value) -> Bool)])
}

/// One property of a resource type: its Ruby types, default and checks.
/// Sendable though it holds closures: properties are written in resource types' static
/// tables, read only after; a default is an immediate (nil, a boolean, a number, a symbol) or
/// made fresh on each call in the interpreter it is given.
public struct Property: @unchecked Sendable {
    public let name: String
    public let types: [PropertyType]
    /// The name property takes the resource's name unless set (`path` of `file`).
    public let isNameProperty: Bool
    /// Makes the default value, fresh for each resource (so default arrays are not shared).
    public let makeDefault: ((Interpreter) -> Value)?
    public let validations: [PropertyValidation]
    /// Kept out of output and logs (`password`...).
    public let isSensitive: Bool
    /// A cookbook's own property (`property :x, ...` in resources/*.rb): its Ruby types,
    /// checks, coercion and defaults, which are Ruby objects.
    var rules: CustomPropertyRules?

    public init(_ name: String, _ types: [PropertyType] = [], nameProperty: Bool = false,
                default makeDefault: ((Interpreter) -> Value)? = nil,
                validations: [PropertyValidation] = [], sensitive: Bool = false) {
        self.name = name
        self.types = types
        self.isNameProperty = nameProperty
        self.makeDefault = makeDefault
        self.validations = validations
        self.isSensitive = sensitive
    }

    /// A property with a fixed default value.
    public static func with(_ name: String, _ types: [PropertyType], default value: Value,
                            validations: [PropertyValidation] = []) -> Property {
        Property(name, types, default: { _ in value }, validations: validations)
    }

    /// A property with a default string value.
    public static func with(_ name: String, _ types: [PropertyType], defaultString text: String,
                            validations: [PropertyValidation] = []) -> Property {
        Property(name, types, default: { $0.makeString(text) }, validations: validations)
    }

    /// Why `value` is not acceptable, in Chef's words; nil when it is.
    func problem(with value: Value, interpreter: Interpreter) -> String? {
        if let rules { return rules.problem(with: value, property: self, interpreter: interpreter) }
        if !types.isEmpty && !types.contains(where: { $0.accepts(value) }) {
            let names = types.map(\.rubyName).joined(separator: ", ")
            return "Property \(name) must be one of: \(names)!  You passed \(describe(value, interpreter))."
        }
        for validation in validations {
            switch validation {
            case .equalTo(let allowed):
                let matches = allowed.contains { (try? interpreter.valuesEqual($0, value)) ?? false }
                if !matches {
                    let names = allowed.map { describe($0, interpreter) }.joined(separator: ", ")
                    return "Property \(name) must be equal to one of: \(names)!  You passed \(describe(value, interpreter))."
                }
            case .regex(let patterns):
                let text = value.asString?.value ?? ""
                let matches = patterns.contains { pattern in
                    guard let regexp = try? interpreter.makeRegexp(pattern) else { return false }
                    let match = try? interpreter.callMethod(.object(regexp), "match?", Args([interpreter.makeString(text)]))
                    return match?.isTruthy ?? false
                }
                if !matches {
                    return "Property \(name)'s value \(describe(value, interpreter)) does not match regular expression "
                        + patterns.map { "/\($0)/" }.joined(separator: ", ")
                }
            case .callbacks(let checks):
                for (description, check) in checks where !check(value) {
                    return "Property \(name)'s value \(describe(value, interpreter)) \(description)!"
                }
            }
        }
        return nil
    }

    func describe(_ value: Value, _ interpreter: Interpreter) -> String {
        isSensitive ? "(sensitive)" : ((try? interpreter.inspect(value)) ?? "?")
    }
}
