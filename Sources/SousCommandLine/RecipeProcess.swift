import ArgumentParser
import SousChefServer
import SousLanguage
import SousSupport

/// How a command that evaluates Ruby runs: on a large stack (deep recipes recurse deeply),
/// with one interpreter, every error reported through `ErrorReporter` with the
/// interpreter's sources at hand, and the exit code thrown for ArgumentParser.
enum RecipeProcess {
    static func run(_ body: @escaping (Interpreter, ProcessHost) throws -> Void) throws {
        let host = ProcessHost(digests: Digest.named)
        let code: Int32 = LargeStack.run {
            let interpreter = Interpreter(host: host)
            do {
                try body(interpreter, host)
                host.flush()
                return 0
            } catch {
                host.flush()
                let report = ErrorReporter.report(error, interpreter: interpreter, source: nil)
                host.writeError(report.text)
                host.flush()
                return report.exitCode
            }
        }
        if code != 0 { throw ExitCode(code) }
    }
}
