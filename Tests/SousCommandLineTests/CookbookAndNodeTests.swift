import Foundation
import Testing

/// Cookbooks load as Chef loads them (dependencies, then libraries, then attribute files
/// with default.rb first; each recipe once) and node attributes merge with Chef's precedence.
@Suite struct CookbookAndNodeTests {
    static let cookbooks = TestPaths.fixtures.appendingPathComponent("cookbooks").path

    @Test func loadOrderPrecedenceAndLibraries() throws {
        let scratch = try ConvergeScratch("cookbooks")
        defer { scratch.cleanUp() }
        let result = try scratch.apply("""
            include_recipe 'app'
            include_recipe 'app::default'
            puts node.run_state[:order]
            p node['port'], node['limits'], node[:limits][:files]
            node.default['deep']['er']['est'] = 1
            p node['deep'], node.dig('deep', 'er', 'est'), node['missing']
            node.override['port'] = 1
            node.automatic['port'] = 2
            p node['port']
            puts greeting('recipes')
            begin
              node['port'] = 3
            rescue => e
              puts e.class
            end
            """, ["--cookbook-path", Self.cookbooks])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            base attributes
            app attributes (default.rb first)
            app attributes aaa_after_default.rb
            base::default
            app::default
            9090
            {"files"=>1024, "procs"=>128}
            1024
            {"er"=>{"est"=>1}}
            1
            nil
            2
            hello, recipes
            Chef::Exceptions::ImmutableAttributeModification

            """)
    }

    @Test func invalidPropertyNamesResourcePropertyValueAndLine() throws {
        let scratch = try ConvergeScratch("validation")
        defer { scratch.cleanUp() }
        let result = try scratch.apply("""
            log 'hello' do
              level :loud
            end
            """)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        // The property setter is the innermost frame, as a method of Chef's is in Ruby; the
        // recipe's own line follows it.
        #expect(result.stderr.hasPrefix("""
            \(scratch.path)/recipe.rb:2:in `level': log[hello]: Property level must be equal to one of: :debug, :info, :warn, :error, :fatal!  You passed :loud. (Chef::Exceptions::ValidationFailed)
            \tfrom \(scratch.path)/recipe.rb:2:in `block in <main>'
            """))
    }

    @Test func compileTimeResourcesRunWhileTheRecipeIsEvaluated() throws {
        let scratch = try ConvergeScratch("compiletime")
        defer { scratch.cleanUp() }
        let result = try scratch.apply("""
            file '{DIR}/early.txt' do
              content 'early'
              compile_time true
            end
            puts "compiled: #{File.read('{DIR}/early.txt')}"
            later = file '{DIR}/later.txt' do
              content 'later'
              action :nothing
            end
            later.run_action(:create)
            puts "run_action: #{File.exist?('{DIR}/later.txt')}"
            """)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("compiled: early\n"))
        #expect(result.stdout.contains("run_action: true\n"))
    }
}
