import Foundation
import SousChefData
import SousLanguage
@testable import SousRun
import SousSupport
import Testing

/// The run layer in this process, on a temporary folder: no binary, server or root. What
/// is held here is Chef's documented converge behaviour: why-run changes nothing, a
/// resource changes once and is then up to date, notifications run in Chef's order, and a
/// machine's confined folder refuses paths that lead out of it.
@Suite struct ConvergeInProcessTests {
    struct Outcome {
        var updated: Int
        var output: String
        var order: String
    }

    /// Compiles and converges `code` in a fresh run; `$order` is read back afterwards.
    func converge(_ code: String, whyRun: Bool = false) throws -> Outcome {
        let interpreter = Interpreter(host: ProcessHost())
        defer { interpreter.dismantle() }
        let node = try ChefNode(named: "unit", in: interpreter)
        var output = ""
        let formatter = DocFormatter(colors: false) { output += $0 }
        let run = try RunContext(interpreter: interpreter, node: node, cookbooks: CookbookCollection(paths: []), events: formatter,
                                 logger: Logger(level: .warn, clock: { (0, 0) }, write: { _ in }), whyRun: whyRun)
        try run.compileRecipe(code: code)
        let updated = try Converger(run: run).converge()
        let order = try interpreter.toS(interpreter.evaluate(SourceFile(path: "-e", text: "($order || []).join(',')")))
        return Outcome(updated: updated, output: output, order: order)
    }

    func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sous-run-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func whyRunChangesNothingThenAConvergeChangesOnce() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let recipe = """
            directory '\(folder)/conf.d' do
              mode '0750'
            end
            file '\(folder)/conf.d/app.conf' do
              content "port 8080\\n"
              mode '0640'
            end
            """
        let preview = try converge(recipe, whyRun: true)
        #expect(preview.updated == 2)
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/conf.d"), "why-run made the folder")

        let first = try converge(recipe)
        #expect(first.updated == 2)
        #expect(try String(contentsOfFile: "\(folder)/conf.d/app.conf", encoding: .utf8) == "port 8080\n")
        #expect(FileSystem.status("\(folder)/conf.d/app.conf")?.mode == 0o640)
        #expect(FileSystem.status("\(folder)/conf.d")?.mode == 0o750)
        #expect(first.output.contains("- create new file \(folder)/conf.d/app.conf"))

        let again = try converge(recipe)
        #expect(again.updated == 0, "a second run found something to change:\n\(again.output)")
        #expect(!again.output.contains("- "), "\(again.output)")

        let changed = try converge(recipe.replacingOccurrences(of: "8080", with: "9090"))
        #expect(changed.updated == 1)
        #expect(try String(contentsOfFile: "\(folder)/conf.d/app.conf", encoding: .utf8) == "port 9090\n")
    }

    /// Chef's notification order (docs.chef.io "Notifications"): `:immediately` right after
    /// the notifying resource changed, `:delayed` at the end of the converge, once per
    /// resource and action however many times it was queued; a resource that did not change
    /// notifies nothing.
    @Test func notificationsRunInChefsOrder() throws {
        let outcome = try converge("""
            $order = []
            ruby_block 'late' do
              block { $order << 'late' }
              action :nothing
            end
            ruby_block 'now' do
              block { $order << 'now' }
              action :nothing
            end
            ruby_block 'first' do
              block { $order << 'first' }
              notifies :run, 'ruby_block[late]', :delayed
              notifies :run, 'ruby_block[now]', :immediately
            end
            ruby_block 'second' do
              block { $order << 'second' }
              notifies :run, 'ruby_block[late]', :delayed
            end
            log 'unchanged' do
              action :nothing
              notifies :run, 'ruby_block[now]', :immediately
            end
            """)
        #expect(outcome.order == "first,now,second,late")
    }

    /// A machine's folder is reached beneath itself only: a symbolic link or `..` that leads
    /// out is refused, and nothing is written outside.
    @Test func aConfinedFolderRefusesPathsThatLeaveIt() throws {
        let folder = try temporaryFolder()
        let outside = try temporaryFolder()
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: outside)
        }
        let confined = try ConfinedFolder(folder, owner: "machine web1")
        try confined.makeDirectories("etc/chef", mode: 0o700)
        try confined.write("etc/chef/client.rb", Array("node_name 'web1'\n".utf8), mode: 0o600)
        #expect(try confined.read("etc/chef/client.rb") == Array("node_name 'web1'\n".utf8))
        #expect(try confined.writeIfDifferent("etc/chef/client.rb", Array("node_name 'web1'\n".utf8), mode: 0o600) == false)
        #expect(FileSystem.status("\(folder)/etc/chef/client.rb")?.mode == 0o600)

        try FileManager.default.createSymbolicLink(atPath: "\(folder)/escape", withDestinationPath: outside)
        #expect(throws: ConfinedFolder.Refusal.self) { try confined.write("escape/planted", [1], mode: 0o644) }
        #expect(throws: ConfinedFolder.Refusal.self) { try confined.write("../planted", [1], mode: 0o644) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: (folder as NSString).deletingLastPathComponent + "/planted"))
    }
}
