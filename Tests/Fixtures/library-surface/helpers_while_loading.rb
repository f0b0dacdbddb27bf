# What cookbook libraries and recipes call while loading: Chef::Config defaults, Chef::VERSION,
# platform introspection, shell_out, the run context and its resources, Chef::Provider.
# Run with `sous apply -W` from a scratch folder; ChefLibrarySurfaceTests holds what Chef prints.
cache = Process.euid == 0 ? '/var/chef/cache' : File.join(Dir.home, '.chef', 'cache')
p Chef::Config[:file_cache_path] == cache, Chef::Config.key?(:file_cache_path), Chef::Config[:solo]
p Gem::Requirement.new('>= 15').satisfied_by?(Gem::Version.new(Chef::VERSION))
node.automatic['platform'] = 'ubuntu'
node.automatic['platform_version'] = '22.04'
node.automatic['platform_family'] = 'debian'
p value_for_platform(%w(ubuntu debian) => { '~> 22.0' => 'jammy', 'default' => 'older' }, 'default' => 'other')
p value_for_platform('ubuntu' => { '22.04' => 'exact', '>= 20' => 'range' })
p value_for_platform('centos' => { 'default' => 'c' }, 'default' => 'fallback')
p value_for_platform('ubuntu' => { '< 20' => 'old', 'default' => 'current' })
p value_for_platform_family(%w(rhel fedora) => 'yum', 'debian' => 'apt'), value_for_platform_family('suse' => 'zypper')
p platform?('ubuntu', 'debian'), platform_family?('rhel')
include Chef::Mixin::ShellOut
r = shell_out('echo out; echo err >&2; exit 3')
p r.stdout, r.stderr, r.exitstatus, r.error?
p shell_out('printf', '%s-%s', 'a', 'b').stdout, shell_out!('true').exitstatus
begin
  shell_out!('exit 2')
rescue Mixlib::ShellOut::ShellCommandFailed => e
  puts e.message.lines.first
end
p shell_out('pwd', cwd: '/').stdout, shell_out('echo $GREETING', environment: { 'GREETING' => 'hi' }).stdout
p shell_out('exit 3', returns: [0, 3]).error?
module Helpers
  include Chef::DSL::PlatformIntrospection
end
p Helpers.include?(Chef::DSL::PlatformIntrospection), Helpers.instance_methods.include?(:value_for_platform_family)
a = File.join(Dir.pwd, 'a.txt')
file a do
  content 'a'
end
p find_resource(:file, a).class, find_resource(:file, 'nope')
edit_resource(:file, a) { content 'b' }
p find_resource!("file[#{a}]").content
edit_resource(:file, File.join(Dir.pwd, 'b.txt')) { content 'c' }
with_run_context(:root) { file File.join(Dir.pwd, 'c.txt') }
p run_context.resource_collection.all_resources.map { |x| File.basename(x.name) }
begin
  find_resource!(:file, 'nope')
rescue Chef::Exceptions::ResourceNotFound => e
  p e.message
end
p run_context.node.equal?(node)
class Chef::Provider::Mine < Chef::Provider::LWRPBase; end
p Chef::Provider::Mine.ancestors.include?(Chef::Provider), Chef::Resource::LWRPBase.superclass
