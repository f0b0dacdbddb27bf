import Foundation
import Testing

/// Notifications and guards, pinned to Chef's documented semantics (and lib/chef/runner.rb):
/// what runs, and in which order, as the doc formatter's action lines show it.
@Suite struct NotificationTests {
    func run(_ recipe: String, setUp: (ConvergeScratch) throws -> Void = { _ in }) throws -> (ProcessResult, [String], ConvergeScratch) {
        let scratch = try ConvergeScratch("notify")
        do {
            try setUp(scratch)
            let result = try scratch.apply(recipe)
            return (result, ConvergeScratch.actionLines(scratch.normalized(result.stdout)), scratch)
        } catch {
            scratch.cleanUp()  // the caller's `defer` is not in place yet
            throw error
        }
    }

    @Test func delayedNotificationsRunAtTheEndOncePerActionAndResourceInFirstQueuedOrder() throws {
        let (result, lines, scratch) = try run("""
            log 'x' do action :nothing end
            log 'y' do action :nothing end
            log 'z' do action :nothing end
            log 'a' do
              notifies :write, 'log[y]', :delayed
              notifies :write, 'log[x]'
            end
            log 'b' do
              notifies :write, 'log[x]', :delayed
              notifies :write, 'log[z]', :delayed
            end
            log 'c'
            """)
        defer { scratch.cleanUp() }
        #expect(result.status == 0)
        #expect(lines == [
            "log[x] action nothing (skipped due to action :nothing)",
            "log[y] action nothing (skipped due to action :nothing)",
            "log[z] action nothing (skipped due to action :nothing)",
            "log[a] action write", "log[b] action write", "log[c] action write",
            "log[y] action write", "log[x] action write", "log[z] action write",
        ])
    }

    @Test func immediateNotificationsRunRightAfterTheNotifierEachTime() throws {
        let (result, lines, scratch) = try run("""
            log 'target' do action :nothing end
            log 'first' do notifies :write, 'log[target]', :immediately end
            log 'second' do notifies :write, resources('log[target]'), :immediate end
            log 'third'
            """)
        defer { scratch.cleanUp() }
        #expect(result.status == 0)
        #expect(lines == [
            "log[target] action nothing (skipped due to action :nothing)",
            "log[first] action write", "log[target] action write",
            "log[second] action write", "log[target] action write",
            "log[third] action write",
        ])
    }

    @Test func onlyAnUpdatedResourceNotifiesAndSubscribersHearIt() throws {
        let (result, lines, scratch) = try run("""
            file '{DIR}/same.txt' do
              content "same\\n"
              notifies :write, 'log[never]', :immediately
            end
            log 'never' do action :nothing end
            log 'subscriber' do
              action :nothing
              subscribes :write, 'file[{DIR}/changes.txt]', :immediately
              subscribes :write, 'file[{DIR}/declared-nowhere.txt]'
            end
            file '{DIR}/changes.txt' do content "new\\n" end
            """, setUp: { try $0.write("same.txt", "same\n") })
        defer { scratch.cleanUp() }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(lines == [
            "file[{DIR}/same.txt] action create (up to date)",
            "log[never] action nothing (skipped due to action :nothing)",
            "log[subscriber] action nothing (skipped due to action :nothing)",
            "file[{DIR}/changes.txt] action create",
            "log[subscriber] action write",
        ])
    }

    @Test func beforeNotificationsRunOnlyWhenTheNotifierWillChange() throws {
        let recipe = """
            log 'before hook' do action :nothing end
            file '{DIR}/b.txt' do
              content "b\\n"
              notifies :write, 'log[before hook]', :before
            end
            """
        let (first, lines, scratch) = try run(recipe)
        defer { scratch.cleanUp() }
        #expect(first.status == 0)
        #expect(lines == [
            "log[before hook] action nothing (skipped due to action :nothing)",
            "log[before hook] action write",
            "file[{DIR}/b.txt] action create",
        ])
        let second = try scratch.apply(recipe)
        #expect(ConvergeScratch.actionLines(scratch.normalized(second.stdout)) == [
            "log[before hook] action nothing (skipped due to action :nothing)",
            "file[{DIR}/b.txt] action create (up to date)",
        ])
    }

    @Test func queuedDelayedNotificationsStillRunAfterAFailure() throws {
        let (result, lines, scratch) = try run("""
            log 'cleanup' do action :nothing end
            log 'first' do notifies :write, 'log[cleanup]', :delayed end
            execute 'false'
            log 'never reached'
            """)
        defer { scratch.cleanUp() }
        #expect(result.status == 1)
        #expect(lines == [
            "log[cleanup] action nothing (skipped due to action :nothing)",
            "log[first] action write",
            "execute[false] action run",
            "log[cleanup] action write",
        ])
        #expect(result.stderr.contains("recipe.rb:3: error: execute[false] action run failed: Expected process to exit with [0], but received '1'"))
    }

    @Test func notifyingAResourceThatDoesNotExistFailsBeforeAnythingRuns() throws {
        let (result, lines, scratch) = try run("""
            log 'first'
            log 'notifier' do notifies :write, 'log[missing]' end
            """)
        defer { scratch.cleanUp() }
        #expect(result.status == 1)
        #expect(lines.isEmpty)
        #expect(result.stderr.contains("recipe.rb:2: error: log[notifier]"))
        #expect(result.stderr.contains("log[missing] cannot be found in the resource collection"))
    }

    @Test func guardsSkipInDeclarationOrderWithCommandsAndBlocks() throws {
        let (result, lines, scratch) = try run("""
            log 'not_if true' do not_if 'true' end
            log 'not_if false' do not_if 'false' end
            log 'only_if block false' do only_if { false } end
            log 'only_if block true' do only_if { 1 + 1 == 2 } end
            log 'guard with cwd and environment' do
              only_if 'test "$GREETING" = hello && test -f marker', cwd: '{DIR}', environment: { 'GREETING' => 'hello' }
            end
            log 'the first guard that says no wins' do
              only_if { true }
              not_if 'true'
              only_if { raise 'never evaluated' }
            end
            """, setUp: { try $0.write("marker", "") })
        defer { scratch.cleanUp() }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(lines == [
            "log[not_if true] action write (skipped due to not_if)",
            "log[not_if false] action write",
            "log[only_if block false] action write (skipped due to only_if)",
            "log[only_if block true] action write",
            "log[guard with cwd and environment] action write",
            "log[the first guard that says no wins] action write (skipped due to not_if)",
        ])
    }

    @Test func retriesRunAgainAndIgnoreFailureCarriesOn() throws {
        let (result, lines, scratch) = try run("""
            bash 'flaky' do
              code 'n=$(cat {DIR}/count 2>/dev/null || echo 0); echo $((n+1)) > {DIR}/count; [ $n -ge 1 ]'
              retries 2
              retry_delay 0
            end
            execute 'false' do ignore_failure true end
            log 'after'
            """)
        defer { scratch.cleanUp() }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: scratch.path + "/count", encoding: .utf8) == "2\n")
        #expect(lines == ["bash[flaky] action run", "execute[false] action run", "log[after] action write"])
        #expect(result.stderr.contains("Retrying execution of bash[flaky], 1 attempt left"))
        #expect(result.stderr.contains("ignore_failure is set, continuing"))
    }
}
