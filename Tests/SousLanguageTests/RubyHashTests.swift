@testable import SousLanguage
import SousSupport
import Testing

/// Ruby's Hash as the Ruby documentation defines it, on sous's own table: insertion order
/// kept (a key set again keeps its place, one deleted and set again goes last), keys equal
/// by `eql?` (1 and 1.0 are two keys, two equal strings one), and `rehash` for a key changed
/// in place. Checked below and above the size where the table starts indexing.
@Suite struct RubyHashTests {
    let interpreter = Interpreter(host: ProcessHost())

    func keys(_ hash: RHash) -> [String] {
        hash.keyList.map { (try? interpreter.inspect($0)) ?? "?" }
    }

    @Test(arguments: [4, 8, 9, 100])
    func insertionOrderSurvivesUpdatesAndDeletes(size: Int) throws {
        let hash = interpreter.makeHashObject()
        for number in 0..<size { hash.set(.integer(number), .integer(number * 10)) }
        hash.set(.integer(0), .integer(-1))
        #expect(hash.get(.integer(0)).map { if case .integer(-1) = $0 { true } else { false } } == true)
        #expect(keys(hash) == (0..<size).map(String.init), "a key set again keeps its place")

        for number in stride(from: 0, to: size, by: 2) { _ = hash.remove(.integer(number)) }
        hash.set(.integer(0), .integer(0))
        let odd = stride(from: 1, to: size, by: 2).map(String.init)
        #expect(keys(hash) == odd + ["0"], "a key deleted and set again goes last")
        #expect(hash.count == odd.count + 1)
        for number in stride(from: 2, to: size, by: 2) { #expect(hash.get(.integer(number)) == nil) }
        for number in stride(from: 1, to: size, by: 2) { #expect(hash.get(.integer(number)) != nil) }
    }

    @Test func keysAreEqualByEql() throws {
        let hash = interpreter.makeHashObject()
        hash.set(.integer(1), .symbol("integer"))
        hash.set(.float(1.0), .symbol("float"))
        hash.set(interpreter.makeString("name"), .symbol("first"))
        hash.set(interpreter.makeString("name"), .symbol("second"))
        hash.set(.symbol("name"), .symbol("symbol"))
        hash.set(interpreter.makeArray([.integer(1), interpreter.makeString("a")]), .symbol("array"))
        #expect(keys(hash) == ["1", "1.0", "\"name\"", ":name", "[1, \"a\"]"])
        #expect(try interpreter.inspect(hash.get(interpreter.makeString("name")) ?? .null) == ":second")
        #expect(try interpreter.inspect(hash.get(interpreter.makeArray([.integer(1), interpreter.makeString("a")])) ?? .null) == ":array")
        #expect(hash.get(.integer(2)) == nil)
    }

    /// An array key changed in place is not found under its new value until `rehash`, as in
    /// Ruby (`h = {[1] => :x}; h.keys[0] << 2; h[[1, 2]]` is nil, then :x after rehash).
    @Test func rehashFindsAKeyChangedInPlace() throws {
        let hash = interpreter.makeHashObject()
        for number in 0..<20 { hash.set(.integer(number), .integer(number)) }
        let array = RArray([.integer(1)], klass: interpreter.classes.array)
        hash.set(.object(array), .symbol("x"))
        array.items.append(.integer(2))
        let changed = interpreter.makeArray([.integer(1), .integer(2)])
        #expect(hash.get(changed) == nil)
        hash.rehash()
        #expect(try interpreter.inspect(hash.get(changed) ?? .null) == ":x")
        #expect(hash.count == 21)
    }
}
