# The hello cluster: a PostgreSQL database, two web nodes running the hello application,
# and HAProxy in front of them, each a machine of the local driver (namespaces on this host,
# reached over SSH), its node and run list on the Chef server, converged from the server's
# cookbooks. Each machine finds the others through search, so they come up in order: the
# database (the web nodes look it up), the two web nodes in one batch, the database again
# (it lets in the web nodes it now finds), then the load balancer.
#
#   sous -c knife/knife.rb cookbooks/hello_cluster/recipes/cluster.rb
#
# HELLO_CLUSTER names the local cluster (default hello) and HELLO_PREFIX goes in front of
# every machine's name, so that a second cluster can run beside the first.
require 'chef/provisioning'

cluster = ENV.fetch('HELLO_CLUSTER', 'hello')
prefix = ENV.fetch('HELLO_PREFIX', '')

with_driver "local:#{cluster}"

machine "#{prefix}db" do
  role 'hello_db'
  tag 'db'
end

machine_batch "#{prefix}web" do
  %w(web1 web2).each do |name|
    machine "#{prefix}#{name}" do
      role 'hello_web'
      tag 'web'
    end
  end
end

machine "#{prefix}db with its web nodes" do
  name "#{prefix}db"
  role 'hello_db'
  converge true
end

machine "#{prefix}lb" do
  role 'hello_lb'
  tag 'lb'
end
