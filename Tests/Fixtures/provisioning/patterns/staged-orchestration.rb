# Staged: a base batch, then the database, then the web batch; options from one place.
# expect: * machine_batch[base] action setup
# expect: * machine[db1] action converge
# expect: - Would allocate machine db1 at ops@10.255.1.10:2222 (an existing host)
# expect: * machine_batch[web] action converge
# expect: - [app2] Would allocate machine app2 at ops@10.255.1.22:2222 (an existing host)
NODES = { 'db1' => '10.255.1.10', 'app1' => '10.255.1.21', 'app2' => '10.255.1.22' }
def ssh_options_for(name)
  { transport_options: { 'ip_address' => NODES.fetch(name), 'username' => 'ops', :port => 2222,
                         'options' => { 'prefix' => 'sudo ' } } }
end
with_driver 'ssh'
machine_batch 'base' do
  NODES.each_key { |n| machine(n) { machine_options ssh_options_for(n) } }
  action :setup
end
machine 'db1' do
  machine_options ssh_options_for('db1')
  role 'database'
end
machine_batch 'web' do
  %w(app1 app2).each do |n|
    machine n do
      machine_options ssh_options_for(n)
      recipe 'app'
    end
  end
end
