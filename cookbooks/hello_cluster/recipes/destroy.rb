# Takes the hello cluster down: every machine's processes, namespaces, links and files on
# this host, and its node and client on the Chef server.
#
#   sous -c knife/knife.rb cookbooks/hello_cluster/recipes/destroy.rb
require 'chef/provisioning'

with_driver 'local:hello'

machine_batch 'hello_cluster' do
  machines %w(db web1 web2 lb)
  action :destroy
end
