/// An XML element as EC2's responses need it: its local name (no namespace prefix), its
/// text and its child elements, in order. Attributes are read past.
public final class XMLElement {
    public let name: String
    public var text = ""
    public var children: [XMLElement] = []

    init(name: String) { self.name = name }

    public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }
    public func all(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// The text of a descendant by path: `value("instanceState", "name")`.
    public func value(_ path: String...) -> String? {
        var element: XMLElement? = self
        for name in path { element = element?.child(name) }
        return element?.text
    }

    /// The `<item>`s of a `<...Set>` child.
    public func items(_ set: String) -> [XMLElement] { child(set)?.all("item") ?? [] }
}

public struct XMLSyntaxError: Error, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}

/// A small XML reader for API responses: elements, text, the five entities and numeric
/// character references, CDATA, comments and the XML declaration. Bounded in depth.
public enum XMLReader {
    public static func parse(_ bytes: [UInt8]) throws -> XMLElement {
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ message: String) -> XMLSyntaxError { XMLSyntaxError(message: message, offset: index) }

        func starts(with text: String) -> Bool {
            let pattern = Array(text.utf8)
            return index + pattern.count <= bytes.count && Array(bytes[index..<(index + pattern.count)]) == pattern
        }

        mutating func skip(past text: String) throws {
            let pattern = Array(text.utf8)
            while index + pattern.count <= bytes.count {
                if Array(bytes[index..<(index + pattern.count)]) == pattern { index += pattern.count; return }
                index += 1
            }
            throw fail("no closing \(text)")
        }

        mutating func skipSpace() {
            while index < bytes.count, [32, 9, 10, 13].contains(bytes[index]) { index += 1 }
        }

        mutating func document() throws -> XMLElement {
            while true {
                skipSpace()
                if starts(with: "<?") { try skip(past: "?>") } else if starts(with: "<!--") { try skip(past: "-->") } else if starts(with: "<!") { try skip(past: ">") } else { break }
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { throw fail("no root element") }
            return try element(depth: 0)
        }

        mutating func name() throws -> String {
            let start = index
            while index < bytes.count, ![32, 9, 10, 13, UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "=")].contains(bytes[index]) { index += 1 }
            guard index > start else { throw fail("a tag without a name") }
            let full = String(decoding: bytes[start..<index], as: UTF8.self)
            return full.split(separator: ":").last.map(String.init) ?? full
        }

        mutating func element(depth: Int) throws -> XMLElement {
            guard depth < 200 else { throw fail("elements nested over 200 deep") }
            index += 1  // <
            let element = XMLElement(name: try name())
            // Attributes: read past, quotes respected.
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                if bytes[index] == UInt8(ascii: "/") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ">") {
                    index += 2
                    return element
                }
                if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    index += 1
                    while index < bytes.count, bytes[index] != quote { index += 1 }
                }
                index += 1
            }
            guard index < bytes.count else { throw fail("<\(element.name) is not closed") }
            index += 1  // >
            // Text is decoded a run at a time: entities in plain text, CDATA as it is.
            var text = ""
            var run: [UInt8] = []
            while index < bytes.count {
                if starts(with: "</") {
                    index += 2
                    let closing = try name()
                    guard closing == element.name else { throw fail("</\(closing)> closes <\(element.name)>") }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw fail("</\(closing) is not closed") }
                    index += 1
                    element.text = text + (try decode(run))
                    return element
                } else if starts(with: "<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    text += try decode(run) + String(decoding: bytes[start..<(index - 3)], as: UTF8.self)
                    run = []
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if bytes[index] == UInt8(ascii: "<") {
                    element.children.append(try self.element(depth: depth + 1))
                } else {
                    run.append(bytes[index])
                    index += 1
                }
            }
            throw fail("<\(element.name)> is never closed")
        }

        func decode(_ raw: [UInt8]) throws -> String {
            let text = String(decoding: raw, as: UTF8.self)
            guard text.contains("&") else { return text }
            var result = ""
            var rest = Substring(text)
            while let amp = rest.firstIndex(of: "&") {
                result += rest[..<amp]
                guard let semicolon = rest[amp...].firstIndex(of: ";") else { throw fail("an & without ;") }
                let entity = rest[rest.index(after: amp)..<semicolon]
                switch entity {
                case "amp": result += "&"
                case "lt": result += "<"
                case "gt": result += ">"
                case "quot": result += "\""
                case "apos": result += "'"
                default:
                    let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                    guard let number, let scalar = Unicode.Scalar(number) else { throw fail("an unknown entity &\(entity);") }
                    result.unicodeScalars.append(scalar)
                }
                rest = rest[rest.index(after: semicolon)...]
            }
            return result + rest
        }
    }
}
