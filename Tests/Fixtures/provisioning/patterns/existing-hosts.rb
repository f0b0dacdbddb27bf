# Existing hosts: mixed string and symbol keys, explicit stages, then commands and files.
# expect: * machine[legacy] action ready
# expect: * machine[legacy] action setup
# expect: * machine_execute[uptime] action run
# expect: - Would run `uptime` on legacy
# expect: * machine_file[/etc/hosts] action download
# expect: - Would download /etc/hosts from legacy (it does not exist yet)
with_driver 'ssh'
with_chef_server Chef::Config[:chef_server_url], :client_name => Chef::Config[:node_name],
                 :signing_key_filename => Chef::Config[:client_key]
machine 'legacy' do
  machine_options 'transport_options' => { :ip_address => '10.255.2.1', 'username' => 'root',
                                           'ssh_options' => { :keys => ['~/.ssh/id_ed25519'] } }
  action [:ready, :setup, :converge]
end
machine_execute 'uptime' do
  machine 'legacy'
end
machine_file '/etc/hosts' do
  machine 'legacy'
  local_path '/tmp/legacy-hosts'
  action :download
end
