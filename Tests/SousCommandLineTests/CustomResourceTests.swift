import Foundation
import Testing

/// Cookbook-defined resources as Chef 18 runs them: a custom resource with
/// `load_current_value` and `converge_if_changed` (the lines are chef's own formats, from
/// lib/chef/provider.rb and the doc formatter), an LWRP and a definition from real
/// community cookbooks of the corpus.
@Suite struct CustomResourceTests {
    static let corpus = CorpusCookbookTests.root.appendingPathComponent("cookbooks").path

    /// A cookbook `settings` with a custom resource: a file's text compared with what is on
    /// disk, its mode set by a nested `file`, a coerced port and an allowed list of levels.
    func makeCookbook(_ scratch: ConvergeScratch) throws {
        try scratch.write("cookbooks/settings/metadata.rb", "name 'settings'\nversion '1.0.0'\n")
        try scratch.write("cookbooks/settings/recipes/default.rb", "# the resources and definitions are what this cookbook gives\n")
        try scratch.write("cookbooks/settings/resources/file.rb", """
            provides :setting_file
            property :path, String, name_property: true
            property :text, String, default: 'hello'
            property :port, Integer, coerce: proc { |value| value.to_i }, default: 80
            property :level, Symbol, equal_to: [:low, :high], default: :low
            property :secret, String, sensitive: true
            property :mode, String, default: '0644', desired_state: false

            load_current_value do |new_resource|
              current_value_does_not_exist! unless ::File.exist?(new_resource.path)
              lines = ::File.read(new_resource.path).split("\\n")
              text lines[0]
              port lines[1].to_i
              level lines[2].to_sym
            end

            action :create do
              converge_if_changed :text, :port, :level do
                ::File.write(new_resource.path, rendered)
              end
              file new_resource.path do
                mode new_resource.mode
              end
            end

            action_class do
              def rendered
                "#{new_resource.text}\\n#{new_resource.port}\\n#{new_resource.level}\\n"
              end
            end
            """)
        try scratch.write("cookbooks/settings/definitions/greeting.rb", """
            define :greeting, punctuation: '!' do
              file params[:path] do
                content "#{params[:name]}#{params[:punctuation]}\\n"
              end
            end
            """)
    }

    @Test func customResourceConvergesOnceThenIsUpToDate() throws {
        let scratch = try ConvergeScratch("custom-resource")
        defer { scratch.cleanUp() }
        try makeCookbook(scratch)
        let target = "\(scratch.path)/app.conf"
        let recipe = """
            setting_file '\(target)' do
              text 'hi there'
              port '8080'
              mode '0600'
            end
            """
        let arguments = ["--cookbook-path", "\(scratch.path)/cookbooks", "-e", "include_recipe 'settings'; " + recipe.replacingOccurrences(of: "\n", with: "; ")]
        let first = try ProcessRunner.run(TestPaths.sous, ["apply"] + arguments, directory: scratch.root)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        // Not there yet: `create` and every compared property, the unset ones marked default.
        #expect(first.stdout.contains("""
              * setting_file[\(target)] action create
                - create setting_file[\(target)]
                -   set text  to "hi there"
                -   set port  to 8080
                -   set level to :low (default value)
                * file[\(target)] action create
                  - change mode from '0644' to '0600'

            """), "\(first.stdout)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "hi there\n8080\nlow\n")

        let second = try ProcessRunner.run(TestPaths.sous, ["apply"] + arguments, directory: scratch.root)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(!second.stdout.contains("    - "), "the second run changed something:\n\(second.stdout)")
        #expect(second.stdout.contains("0/1 resources updated"), "\(second.stdout)")

        // Changed on disk: why-run says what it would set, and leaves the file alone.
        try "hi there\n9090\nhigh\n".write(toFile: target, atomically: false, encoding: .utf8)
        let whyRun = try ProcessRunner.run(TestPaths.sous, ["apply", "-W"] + arguments, directory: scratch.root)
        #expect(whyRun.status == 0, "\(whyRun.stdout)\(whyRun.stderr)")
        #expect(whyRun.stdout.contains("""
                - Would update setting_file[\(target)]
                - Would   set port  to 8080 (was 9090)
                - Would   set level to :low (was :high)
            """), "\(whyRun.stdout)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "hi there\n9090\nhigh\n")
        let third = try ProcessRunner.run(TestPaths.sous, ["apply"] + arguments, directory: scratch.root)
        #expect(third.stdout.contains("    - update setting_file[\(target)]\n    -   set port  to 8080 (was 9090)\n"), "\(third.stdout)")

        // A value the property does not allow: Chef's message, naming the resource.
        let bad = try ProcessRunner.run(TestPaths.sous, ["apply", "--cookbook-path", "\(scratch.path)/cookbooks", "-e",
                                                         "include_recipe 'settings'; setting_file '\(target)' do level :middling end"],
                                        directory: scratch.root)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("Property level must be equal to one of: :low, :high!  You passed :middling."), "\(bad.stderr)")
    }

    @Test func aDefinitionAddsItsResourcesToTheRecipe() throws {
        let scratch = try ConvergeScratch("definition")
        defer { scratch.cleanUp() }
        try makeCookbook(scratch)
        let result = try ProcessRunner.run(TestPaths.sous, ["apply", "--cookbook-path", "\(scratch.path)/cookbooks", "-e",
            "include_recipe 'settings'; greeting 'hello' do path '\(scratch.path)/hello.txt'; punctuation '?' end; greeting 'bye' do path '\(scratch.path)/bye.txt' end"],
                                           directory: scratch.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try String(contentsOfFile: "\(scratch.path)/hello.txt", encoding: .utf8) == "hello?\n")
        #expect(try String(contentsOfFile: "\(scratch.path)/bye.txt", encoding: .utf8) == "bye!\n")
        #expect(ConvergeScratch.actionLines(result.stdout).contains("file[\(scratch.path)/hello.txt] action create"), "\(result.stdout)")
    }

    /// hostsfile's `hostsfile_entry` (resources/ plus providers/ with use_inline_resources),
    /// on a hosts file of the test's own.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus + "/hostsfile"), "the corpus is not here"))
    func anLWRPFromTheCorpusConverges() throws {
        let scratch = try ConvergeScratch("lwrp")
        defer { scratch.cleanUp() }
        let hosts = try scratch.write("hosts", "127.0.0.1 localhost\n")
        try scratch.write("cookbooks/hosts_entries/metadata.rb", "name 'hosts_entries'\nversion '1.0.0'\ndepends 'hostsfile'\n")
        try scratch.write("cookbooks/hosts_entries/recipes/default.rb", """
            node.default['hostsfile']['path'] = '\(hosts)'
            hostsfile_entry '10.0.0.5' do
              hostname 'db.example'
              aliases ['db']
            end
            """)
        let arguments = ["apply", "--cookbook-path", "\(scratch.path)/cookbooks", "--cookbook-path", Self.corpus, "-e",
                         "include_recipe 'hosts_entries'"]
        let first = try ProcessRunner.run(TestPaths.sous, arguments, directory: scratch.root)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("  * hostsfile_entry[10.0.0.5] action create\n"), "\(first.stdout)")
        #expect(first.stdout.contains("- Create hostsfile_entry[10.0.0.5]"), "\(first.stdout)")
        let written = try String(contentsOfFile: hosts, encoding: .utf8)
        #expect(written.contains("10.0.0.5") && written.contains("db.example") && written.contains("127.0.0.1"), "\(written)")
        let second = try ProcessRunner.run(TestPaths.sous, arguments, directory: scratch.root)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(!second.stdout.contains("- Create"), "\(second.stdout)")
        #expect(try String(contentsOfFile: hosts, encoding: .utf8) == written)
    }
}

/// The smaller resources community cookbooks use, on this host in a scratch folder (or
/// against a web server the test starts): `remote_directory`, `whyrun_safe_ruby_block`,
/// `notify_group`, `http_request`.
@Suite struct CookbookUtilityResourceTests {
    @Test func remoteDirectoryNotifyGroupWhyrunSafeBlockAndHTTPRequest() throws {
        let scratch = try ConvergeScratch("utility")
        defer { scratch.cleanUp() }
        try scratch.write("cookbooks/site/metadata.rb", "name 'site'\nversion '1.0.0'\n")
        try scratch.write("cookbooks/site/files/default/static/index.html", "<h1>hi</h1>\n")
        try scratch.write("cookbooks/site/files/default/static/css/site.css", "body { }\n")
        try scratch.write("served/ping.txt", "pong\n")
        let web = try StaticWebServer(serving: scratch.root.appendingPathComponent("served"))
        defer { web.stop() }
        try scratch.write("cookbooks/site/recipes/default.rb", """
            remote_directory '\(scratch.path)/www' do
              source 'static'
              files_mode '0640'
              purge true
            end
            whyrun_safe_ruby_block 'note' do
              block { node.run_state['noted'] = 'yes' }
            end
            log 'told' do
              message lazy { "noted=#{node.run_state['noted']}" }
              action :nothing
            end
            notify_group 'tell' do
              notifies :write, 'log[told]', :immediately
            end
            http_request 'ping' do
              url '\(web.url)/ping.txt'
            end
            """)
        let arguments = ["apply", "--cookbook-path", "\(scratch.path)/cookbooks", "-l", "info", "-e", "include_recipe 'site'"]
        try scratch.write("www/stale.txt", "left over\n")
        let first = try ProcessRunner.run(TestPaths.sous, arguments, directory: scratch.root)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(try String(contentsOfFile: "\(scratch.path)/www/css/site.css", encoding: .utf8) == "body { }\n")
        let mode = try FileManager.default.attributesOfItem(atPath: "\(scratch.path)/www/index.html")[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(!FileManager.default.fileExists(atPath: "\(scratch.path)/www/stale.txt"), "purge left a file the cookbook lacks")
        for line in ["- execute the whyrun_safe_ruby_block note", "* log[told] action write", "- http_request[ping] GET to \(web.url)/ping.txt"] {
            #expect(first.stdout.contains(line), "no '\(line)' in:\n\(first.stdout)")
        }
        #expect(first.stderr.contains("noted=yes"), "\(first.stderr)")
        // Why-run: the safe block still runs; the directory is not touched again.
        let whyRun = try ProcessRunner.run(TestPaths.sous, ["apply", "-W"] + arguments.dropFirst(), directory: scratch.root)
        #expect(whyRun.stdout.contains("    - execute the whyrun_safe_ruby_block note\n"), "\(whyRun.stdout)")
        #expect(whyRun.stdout.contains("* remote_directory[\(scratch.path)/www] action create (up to date)"), "\(whyRun.stdout)")
        // A request the server refuses fails the run, naming the URL and the status.
        let missing = try ProcessRunner.run(TestPaths.sous, ["apply", "-e", "http_request 'gone' do url '\(web.url)/gone.txt' end"],
                                            directory: scratch.root)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("GET \(web.url)/gone.txt answered 404"), "\(missing.stderr)")
    }

    /// `verify`: the proposed content must pass the command (`%{path}` is a copy of it)
    /// before it replaces the file; a failed check leaves the file as it was.
    @Test func verifyChecksTheProposedContentFirst() throws {
        let scratch = try ConvergeScratch("verify")
        defer { scratch.cleanUp() }
        let target = try scratch.write("app.conf", "old\n")
        let passing = try scratch.apply("file '\(target)' do\n  content \"port 80\\n\"\n  verify 'grep -q \"^port \" %{path}'\nend\n")
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "port 80\n")
        let failing = try scratch.apply("file '\(target)' do\n  content \"nonsense\\n\"\n  verify 'grep -q \"^port \" %{path}'\nend\n")
        #expect(failing.status != 0)
        #expect(failing.stdout.contains("Proposed content for \(target) failed verification grep -q \"^port \" %{path}"), "\(failing.stdout)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "port 80\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix(".sous-verify") }.isEmpty)
    }
}
