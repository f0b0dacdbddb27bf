# The hello cluster: a PostgreSQL database, two web nodes running the hello application,
# and HAProxy in front of them, each a machine of the local driver (namespaces on this host,
# reached over SSH), its node and run list on the Chef server, converged from the server's
# cookbooks. Each machine finds the others through search, so they come up in order: the
# database (the web nodes look it up), the two web nodes in one batch, the database again
# (it lets in the web nodes it now finds), then the load balancer.
#
#   sous -c knife/knife.rb cookbooks/hello_cluster/recipes/cluster.rb           # the hello cluster
#   sous -c knife/knife.rb -E test cookbooks/hello_cluster/recipes/cluster.rb   # test's own cluster
#
# With -E ENV the cluster is that environment's: local cluster ENV (its own subnet), machines
# named ENV-db, ENV-web1..., their nodes in environment ENV, so they converge the cookbook
# versions ENV pins and find only each other. dev, test and prod run side by side.
# HELLO_CLUSTER and HELLO_PREFIX, when set, name the local cluster and go in front of every
# machine's name instead.
require 'chef/provisioning'

# The environment of this run's -E (Chef::Config[:environment]), not the one its node kept.
environment = Chef::Config[:environment] || '_default'
cluster = ENV.fetch('HELLO_CLUSTER') { environment == '_default' ? 'hello' : environment }
prefix = ENV.fetch('HELLO_PREFIX') { environment == '_default' ? '' : "#{environment}-" }

with_driver "local:#{cluster}"
with_chef_environment environment

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
