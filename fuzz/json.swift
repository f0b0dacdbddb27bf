// libFuzzer target for the JSON reader (what reads every Chef server answer, node file and
// `-j` file), built by fuzz/run.sh with the SousSupport sources into one module.
//
// Every input must parse or be refused with a JSONSyntaxError; what parses must print back
// to text that parses to the same value (compact and pretty). A crash, a trap, a sanitizer
// report or a round trip that changes the value is a bug.

#if canImport(Glibc)
import Glibc
#endif

func hasNonFiniteNumber(_ value: JSON) -> Bool {
    switch value {
    case .float(let number): return !number.isFinite
    case .array(let items): return items.contains(where: hasNonFiniteNumber)
    case .object(let pairs): return pairs.contains { hasNonFiniteNumber($0.1) }
    default: return false
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    for depth in [100, JSON.depthLimit] {
        let value: JSON
        do {
            value = try JSON.parse(bytes: bytes, maxDepth: depth)
        } catch is JSONSyntaxError {
            continue
        } catch {
            fatalError("the JSON reader threw something other than a JSONSyntaxError: \(error)")
        }
        // A number too big for a Double reads as infinity, as in Ruby; JSON cannot print it
        // (Ruby's generator refuses it), so such a value has no round trip.
        if hasNonFiniteNumber(value) { continue }
        for pretty in [false, true] {
            let text = value.rendered(pretty: pretty)
            guard let again = try? JSON.parse(text, maxDepth: depth) else {
                fatalError("printed JSON does not parse again: \(text.prefix(200))")
            }
            // NaN cannot come from JSON text, so values compare exactly.
            if again != value { fatalError("a round trip changed the value: \(text.prefix(200))") }
        }
    }
    return 0
}
