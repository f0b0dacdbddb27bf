# Takes the hello cluster down: every machine's processes, namespaces, links and files on
# this host, and its node and client on the Chef server (-E ENV, HELLO_CLUSTER and
# HELLO_PREFIX as for cluster.rb). Another environment's cluster is not touched.
#
#   sous -c knife/knife.rb [-E ENV] cookbooks/hello_cluster/recipes/destroy.rb
require 'chef/provisioning'

# The environment of this run's -E (Chef::Config[:environment]), not the one its node kept.
environment = Chef::Config[:environment] || '_default'
cluster = ENV.fetch('HELLO_CLUSTER') { environment == '_default' ? 'hello' : environment }
prefix = ENV.fetch('HELLO_PREFIX') { environment == '_default' ? '' : "#{environment}-" }

with_driver "local:#{cluster}"

machine_batch "#{prefix}hello_cluster" do
  machines %w(db web1 web2 lb).map { |name| "#{prefix}#{name}" }
  action :destroy
end
