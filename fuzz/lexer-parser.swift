// libFuzzer target for the recipe language's lexer and parser.
//
// Built by fuzz/run.sh together with the SousLanguage sources into one module (so it needs no
// import), with -sanitize=fuzzer,address. Every input must either parse or produce a
// Diagnostic; a crash, a trap or a sanitizer report is a bug.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    runOnLargeStack {
        do {
            _ = try Parser.parse(SourceFile(path: "fuzz.rb", bytes: bytes))
        } catch is Diagnostic {
            // Expected for most inputs.
        } catch {
            fatalError("the parser threw something other than a Diagnostic: \(error)")
        }
    }
    return 0
}
