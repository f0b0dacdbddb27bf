import Foundation
import Testing

/// The Chef library surface community cookbooks touch while loading, under `sous apply`:
/// each line below is what Chef 18 prints for the fixture (its documented defaults, its
/// `value_for_platform` rules, Mixlib::ShellOut's results and failure message, the resource
/// collection's lookups and their error).
@Suite struct ChefLibrarySurfaceTests {
    @Test func helpersCookbooksCallWhileLoadingAnswerAsChefDoes() throws {
        let recipe = TestPaths.fixtures.appendingPathComponent("library-surface/helpers_while_loading.rb").path
        let directory = try TestPaths.makeScratchDirectory("library-surface")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ProcessRunner.run(TestPaths.sous, ["apply", "-W", recipe], directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let printed = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.hasPrefix("Converging") }
        let expected = [
            // Chef::Config: file_cache_path under /var/chef as root (else ~/.chef), solo off.
            "true", "true", "false",
            // Chef::VERSION is a Chef 18 release.
            "true",
            // value_for_platform: a version constraint, then an exact version before a range,
            // the top-level default, the platform's default; then by platform family.
            "\"jammy\"", "\"exact\"", "\"fallback\"", "\"current\"", "\"apt\"", "nil", "true", "false",
            // shell_out: output, error output and status apart; an argument vector; shell_out!.
            "\"out\\n\"", "\"err\\n\"", "3", "true", "\"a-b\"", "0",
            "Expected process to exit with [0], but received '2'",
            "\"/\\n\"", "\"hi\\n\"", "false",
            // Chef::DSL::PlatformIntrospection, for libraries to include.
            "true", "true",
            // find_resource, edit_resource (an existing one changed, a missing one declared),
            // with_run_context, the collection, and lookup's error.
            "Chef::Resource::File", "nil", "\"b\"", "[\"a.txt\", \"b.txt\", \"c.txt\"]",
            "\"Cannot find a resource matching file[nope] (did you define it first?)\"", "true",
            // Chef::Provider::LWRPBase and Chef::Resource::LWRPBase to subclass.
            "true", "Chef::Resource",
        ]
        #expect(Array(printed.map(String.init)) == expected)
        #expect(result.stdout.contains("Would create new file \(directory.path)/a.txt"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("a.txt").path))
    }
}
