# Takes the hello cluster down: every machine's processes, namespaces, links and files on
# this host, and its node and client on the Chef server (HELLO_CLUSTER and HELLO_PREFIX as
# for cluster.rb).
#
#   sous -c knife/knife.rb cookbooks/hello_cluster/recipes/destroy.rb
require 'chef/provisioning'

cluster = ENV.fetch('HELLO_CLUSTER', 'hello')
prefix = ENV.fetch('HELLO_PREFIX', '')

with_driver "local:#{cluster}"

machine_batch "#{prefix}hello_cluster" do
  machines %w(db web1 web2 lb).map { |name| "#{prefix}#{name}" }
  action :destroy
end
