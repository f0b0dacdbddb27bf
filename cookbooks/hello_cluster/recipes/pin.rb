# Pins an environment (PIN_ENVIRONMENT, default test) to the versions in this chef-repo's
# cookbook metadata, `= VERSION` each, as the pipeline does before it brings test up:
#
#   PIN_ENVIRONMENT=test sous -c knife/knife.rb cookbooks/hello_cluster/recipes/pin.rb
#
# Cheffish's chef_environment changes only cookbook_versions; the environment's other
# fields stay as they are.
require 'cheffish'

repository = File.expand_path('../../..', __dir__)
versions = Dir.glob(File.join(repository, 'cookbooks', '*', 'metadata.rb')).sort.to_h do |metadata|
  text = File.read(metadata)
  name = text[/^name\s+['"]([^'"]+)['"]/, 1] || File.basename(File.dirname(metadata))
  version = text[/^version\s+['"]([^'"]+)['"]/, 1] or raise "#{metadata}: no version"
  [name, "= #{version}"]
end

chef_environment ENV.fetch('PIN_ENVIRONMENT', 'test') do
  cookbook_versions versions
end
