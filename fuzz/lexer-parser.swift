// libFuzzer target for the recipe language's lexer and parser.
//
// Built by fuzz/run.sh together with the SousLanguage sources into one module (so it needs no
// import), with -sanitize=fuzzer,address. Every input must either parse or produce a
// Diagnostic; a crash, a trap or a sanitizer report is a bug.

#if canImport(Glibc)
import Glibc
#endif

/// The parser recurses once per nesting level up to its limit; give it the same roomy stack
/// the `sous` command gives it, instead of libFuzzer's 8 MB main thread.
private final class ParseJob {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func run() {
        do {
            _ = try Parser.parse(SourceFile(path: "fuzz.rb", bytes: bytes))
        } catch is Diagnostic {
            // Expected for most inputs.
        } catch {
            fatalError("the parser threw something other than a Diagnostic: \(error)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let job = Unmanaged.passRetained(ParseJob(bytes))
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, 512 << 20)
    var thread = pthread_t()
    let created = pthread_create(&thread, &attributes, { argument in
        let job = Unmanaged<ParseJob>.fromOpaque(argument!).takeRetainedValue()
        job.run()
        return nil
    }, job.toOpaque())
    precondition(created == 0, "pthread_create failed")
    pthread_join(thread, nil)
    pthread_attr_destroy(&attributes)
    return 0
}
