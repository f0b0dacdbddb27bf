import SousSupport

/// knife's text output (Chef::Knife::Core::GenericPresenter#text_format): hash keys sorted
/// and aligned, `key: value` for plain values, nested values indented two spaces, a
/// one-element list of a plain value shown as that value.
enum KnifeText {
    static func render(_ value: JSON) -> String {
        var out = ""
        switch value {
        case .object(let pairs):
            let width = (pairs.map(\.0.count).max() ?? 0) + 1
            for (key, original) in pairs.sorted(by: { $0.0 < $1.0 }) {
                var value = original
                if case .array(let items) = value, items.count == 1, isPlain(items[0]) { value = items[0] }
                if isPlain(value) {
                    out += (key + ":").padding(to: width) + " " + plain(value) + "\n"
                } else {
                    out += key + ":\n"
                    for line in render(value).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                        out += "  " + line + "\n"
                    }
                }
            }
        case .array(let items):
            for item in items {
                out += isPlain(item) ? plain(item) + "\n" : render(item) + "\n"
            }
        default:
            out += plain(value) + "\n"
        }
        return out
    }

    static func isPlain(_ value: JSON) -> Bool {
        switch value {
        case .array, .object: return false
        default: return true
        }
    }

    /// A plain value as Ruby's `to_s` shows it (nil as nothing).
    static func plain(_ value: JSON) -> String {
        switch value {
        case .null: return ""
        case .string(let s): return s
        default: return value.rendered()
        }
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
