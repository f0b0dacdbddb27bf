# chef-provisioning's first example: one machine, tagged, converged.
# expect: * machine[mario] action converge
# expect: - Would allocate machine mario at root@10.255.0.1:22 (an existing host)
# expect: - Would create node mario at SERVER
# expect: - Would converge machine mario (it does not exist yet)
require 'chef/provisioning'
with_driver 'ssh'
with_machine_options transport_options: { 'ip_address' => '10.255.0.1' }
machine 'mario' do
  tag 'itsa_me'
  converge true
end
