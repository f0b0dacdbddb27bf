import Foundation
import Testing

/// The chef-provisioning recipes of the corpus (`../shared/corpus/provisioning`, or
/// `$SOUS_CORPUS`), unchanged, under `--why-run` against a Chef server of their own with
/// machines of the local driver on it. The ones written for no driver in particular must
/// run; every other one either runs or stops with an error at its own file and line that
/// says what it lacks (a driver gem, a cookbook, a harness constant): never a crash. The
/// pass rate is printed. Skipped, and said so, where the corpus is absent.
@Suite(.chefServer) struct CorpusProvisioningTests {
    static let folder = CorpusCookbookTests.root.appendingPathComponent("provisioning")

    static var recipes: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".rb") }.sorted()
    }

    /// Recipes that name no driver: they work with whatever made the machines.
    static let driverAgnostic = ["chef-provisioning__destroy_all.rb"]

    @Test(.enabled(if: !recipes.isEmpty, "the corpus (../shared/corpus, or $SOUS_CORPUS) is not here"))
    func everyRecipeRunsUnderWhyRunOrSaysWhatItLacks() throws {
        #expect(Self.recipes.count >= 20)
        let local = try LocalClusterFixture()
        defer { local.cleanup() }
        // Machines sous made, so that destroy_all (all nodes, from a search) has work to do.
        let machines = [local.machine("a"), local.machine("b")]
        let made = try local.run(local.batch(machines, action: "ready"), "ready")
        try #require(made.status == 0, "\(made.stdout)\(made.stderr)")
        try #require(local.namespaces.count == 2)

        let server = try ChefServerFixture.server
        let stateBefore = try FileManager.default.contentsOfDirectory(atPath: local.state.path).sorted()
        var ran: [String] = []
        var stopped: [String] = []
        for recipe in Self.recipes {
            let path = Self.folder.appendingPathComponent(recipe).path
            let result = try ProcessRunner.run(TestPaths.sous, ["-c", local.knifeRB, "--why-run", path],
                                               environment: local.environment, timeout: 120)
            if result.status == 0 {
                ran.append(recipe)
                continue
            }
            let error = result.stderr.split(separator: "\n").first { $0.contains(path) }.map(String.init) ?? result.stderr
            stopped.append("  \(error)")
            #expect(result.status == 1, "\(recipe) ended with status \(result.status), not an error:\n\(result.stderr)")
            #expect(result.stderr.contains("\(path):"), "\(recipe): the error names no place in the recipe:\n\(result.stderr)")
        }
        for recipe in Self.driverAgnostic {
            #expect(ran.contains(recipe), "\(recipe) must run under why-run")
        }
        // Why-run made nothing: no cluster, lock or machine in the driver's state folder, no
        // node for a machine a recipe would make.
        #expect(try FileManager.default.contentsOfDirectory(atPath: local.state.path).sorted() == stateBefore)
        #expect(try server.rubyRequest("GET", "nodes/RSpec-test-vm").status == 404)
        print("provisioning corpus under --why-run: \(ran.count) of \(Self.recipes.count) run; the others stop with:\n"
              + stopped.joined(separator: "\n"))

        // destroy_all said what it would do, and why-run left both machines as they were.
        let destroyAll = Self.folder.appendingPathComponent("chef-provisioning__destroy_all.rb").path
        let wouldDestroy = try ProcessRunner.run(TestPaths.sous, ["-c", local.knifeRB, "--why-run", destroyAll],
                                                 environment: local.environment, timeout: 120)
        for machine in machines {
            #expect(wouldDestroy.stdout.contains("Would destroy machine \(machine)"), "\(wouldDestroy.stdout)")
        }
        #expect(local.namespaces.count == 2)

        // Run for real, it destroys both.
        let destroyed = try ProcessRunner.run(TestPaths.sous, ["-c", local.knifeRB, destroyAll], environment: local.environment, timeout: 180)
        #expect(destroyed.status == 0, "\(destroyed.stdout)\(destroyed.stderr)")
        #expect(local.namespaces.isEmpty)
    }
}
