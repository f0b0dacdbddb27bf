#if canImport(Glibc)
import Glibc
#endif
import SousLanguage
import SousSupport
import SousChefData
import SousChefServer

/// Sets up a run on this machine, as chef-apply does: a node named after the host with its
/// automatic attributes, the cookbook path, the doc formatter on stdout (in colour on a
/// terminal) and logs on stderr.
public enum LocalRun {
    public static func make(interpreter: Interpreter, host: Host, whyRun: Bool, cookbookPaths: [String],
                            logLevel: LogLevel, extensions: [RunExtension] = []) throws -> RunContext {
        let node = try ChefNode(named: Ohai.hostname, in: interpreter)
        try ChefConfig.install(into: interpreter)
        // The system's own facts only: the network (three `ip` processes), hardware and dpkg's
        // packages would take a run from 12 ms to 31 ms, and a local run saves no node. A
        // recipe that needs them declares `ohai 'reload'`; `sous client` collects them all.
        try Ohai.collect(into: node, interpreter: interpreter, plugins: [])
        let formatter = DocFormatter.onStandardOutput(of: host)
        let logger = Logger(level: logLevel, clock: { host.now() }, write: { host.writeError($0) })
        return try RunContext(interpreter: interpreter, node: node, extensions: extensions, cookbooks: CookbookCollection(paths: cookbookPaths),
                              events: formatter, logger: logger, whyRun: whyRun)
    }
}
