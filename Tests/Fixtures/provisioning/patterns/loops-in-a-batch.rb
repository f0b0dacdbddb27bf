# Machines made in a loop inside a batch that uses its own name, and `machines` with %w.
# expect: * machine_batch[web-tier] action converge
# expect: - [web1] Would allocate machine web1 at root@10.255.0.11:22 (an existing host)
# expect: - [web3] Would allocate machine web3 at root@10.255.0.13:22 (an existing host)
# expect: * machine_batch[default] action setup
# expect: - [db] Would set up machine db (it does not exist yet)
require 'chef/provisioning'
require 'chef/provisioning/ssh_driver'
with_driver 'ssh'
machine_batch 'web-tier' do
  tier = name
  1.upto(3) do |i|
    machine "web#{i}" do
      machine_options transport_options: { ip_address: "10.255.0.1#{i}", 'username' => 'root' }
      attributes(:app => { :port => 8080, :tier => tier })
      recipe 'app'
    end
  end
end
machine 'db' do
  machine_options transport_options: { 'ip_address' => '10.255.0.20' }
  action :nothing
end
machine_batch do
  machines %w(db)
  action :setup
end
