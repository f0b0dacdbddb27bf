// libFuzzer target for the config loader: knife.rb / client.rb text evaluated as Chef
// evaluates it and read into a ChefConfig, in an interpreter whose host is a sealed room
// (no files but the ones given here, no environment, no shell), so what the config's Ruby
// does reaches nothing on the machine. The config text itself is read as sous reads it,
// from a file: each input is written to knife.rb in the folder fuzz/run.sh makes for it
// (SOUS_FUZZ_CONFIG_DIR) and removes afterwards. Built by fuzz/run.sh against the
// SousLanguage, SousChefData and SousChefServer modules.
//
// Every input must load or fail with an error sous reports (a Diagnostic, a RubyError, a
// ConfigError, a HostError); a crash, a trap or a sanitizer report is a bug. The recipe
// language can loop forever on purpose (`loop {}`), so inputs that could are skipped: a
// hang there is the program's, not the loader's.

#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousLanguage
import SousSupport

/// A host with nothing in it but a config folder with one key file.
final class SealedHost: Host {
    let files: [String: [UInt8]]
    init(files: [String: [UInt8]]) { self.files = files }

    func writeOutput(_ text: String) {}
    func writeError(_ text: String) {}
    func flush() {}
    func environmentVariable(_ name: String) -> String? { nil }
    func setEnvironmentVariable(_ name: String, _ value: String?) {}
    func environment() -> [(String, String)] { [] }
    func readFile(_ path: String) throws -> [UInt8] {
        guard let bytes = files[path] else { throw HostError(.notFound, path: path, operation: "open") }
        return bytes
    }
    func readRegularFile(_ path: String, limit: Int) throws -> [UInt8] {
        let bytes = try readFile(path)
        guard bytes.count <= limit else { throw HostError(.refused("too big"), path: path, operation: "read") }
        return bytes
    }
    func writeFile(_ path: String, _ bytes: [UInt8], append: Bool) throws { throw HostError(.permissionDenied, path: path, operation: "open") }
    func fileKind(_ path: String) -> FileKind? { files[path] != nil ? .file : (path == "/conf" ? .directory : nil) }
    func listDirectory(_ path: String) throws -> [String] { path == "/conf" ? files.keys.map { String($0.dropFirst(6)) }.sorted() : [] }
    func makeDirectory(_ path: String) throws { throw HostError(.permissionDenied, path: path, operation: "mkdir") }
    func removeFile(_ path: String) throws { throw HostError(.permissionDenied, path: path, operation: "unlink") }
    func currentDirectory() -> String { "/conf" }
    func homeDirectory() -> String { "/home/fuzz" }
    func now() -> (seconds: Double, utcOffset: Int) { (1_700_000_000, 0) }
    func localUTCOffset(at seconds: Double) -> Int { 0 }
    func sleep(seconds: Double) {}
    func runShell(_ command: String) -> (output: String, status: Int32) { ("", 127) }
}

/// Words with which the language can run for ever, or for as long as a number says.
let unboundedWords = ["while", "until", "loop", "redo", "retry", "times", "upto", "downto", "step", "each", "cycle", "map",
                      "define_method", "method_missing", "send", "__send__", "public_send", "instance_eval", "class_eval",
                      "module_eval", "eval", "lambda", "proc", "->", "Proc", "sleep", "*", "<<", "fill", "center", "just"]

/// Where each input is written for the loader to read.
let configPath: String = {
    guard let folder = getenv("SOUS_FUZZ_CONFIG_DIR") else { fatalError("fuzz/run.sh sets SOUS_FUZZ_CONFIG_DIR") }
    return String(cString: folder) + "/knife.rb"
}()

/// Writes the input where the loader reads it (no fsync: the file only has to outlive the
/// call).
func writeConfig(_ text: [UInt8]) {
    let fd = open(configPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { fatalError("cannot write \(configPath)") }
    defer { close(fd) }
    guard text.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == text.count else { fatalError("short write to \(configPath)") }
}

/// Loads one config text in a fresh interpreter, dismantled afterwards.
func load(_ text: [UInt8]) {
    writeConfig(text)
    let host = SealedHost(files: ["/conf/knife.rb": text, "/conf/admin.pem": Array("not a key\n".utf8)])
    let interpreter = Interpreter(host: host)
    defer { interpreter.dismantle() }
    do {
        let config = try ChefConfig.load(path: configPath, interpreter: interpreter)
        _ = try? config.requireNodeName()
    } catch is Diagnostic, is RubyError, is ConfigError, is HostError {
        // What sous reports to the user.
    } catch {
        if interpreter.describeUncaughtControlFlow(error) != nil { return }
        fatalError("the config loader threw an error no reporter knows: \(type(of: error)): \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    if unboundedWords.contains(where: { text.contains($0) }) { return -1 }
    // Numbers of seven digits or more make sizes (format widths, repetitions) that are the
    // program's to ask for, and the fuzzer's memory limit's to refuse.
    var digits = 0
    for byte in bytes {
        digits = (48...57).contains(byte) ? digits + 1 : 0
        if digits >= 7 { return -1 }
    }
    runOnLargeStack { load(bytes) }
    return 0
}
