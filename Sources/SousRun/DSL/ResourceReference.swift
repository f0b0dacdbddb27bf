/// `'type[name]'`, the way recipes name a resource in `notifies`, `subscribes` and
/// `resources(...)`.
enum ResourceReference {
    struct Invalid: Error, CustomStringConvertible {
        let text: String
        var description: String {
            "The string `\(text)' is not a valid resource reference; resources are named as resource_type[resource_name], e.g. 'service[nginx]'"
        }
    }

    /// The canonical `type[name]` of a reference, with stray spaces removed.
    static func normalize(_ text: String) throws -> String {
        guard let open = text.firstIndex(of: "["), text.hasSuffix("]") else { throw Invalid(text: text) }
        let type = text[..<open].filter { $0 != " " }
        let name = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard !type.isEmpty, !name.isEmpty else { throw Invalid(text: text) }
        return "\(type)[\(name)]"
    }
}
