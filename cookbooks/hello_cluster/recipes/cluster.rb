# The hello cluster: a database, two app servers and a load balancer, made by the local
# driver (namespaces on this host, reached over SSH) and registered on the Chef server.
# Their recipes (hello_db, hello_app, hello_lb) come later: for now each machine is brought
# up to setup and not converged.
#
#   sous -c knife/knife.rb cookbooks/hello_cluster/recipes/cluster.rb
require 'chef/provisioning'

with_driver 'local:hello'

machine_batch 'hello_cluster' do
  machine 'db' do
    recipe 'hello_db'
    tag 'db'
    converge false
  end
  %w(web1 web2).each do |name|
    machine name do
      recipe 'hello_app'
      tag 'app'
      converge false
    end
  end
  machine 'lb' do
    recipe 'hello_lb'
    tag 'lb'
    converge false
  end
end
