# Cycling actions on one machine, a guard that searches, and destroying what search finds.
# expect: * machine[cycled] action allocate
# expect: * machine[cycled] action destroy
# expect: * machine_batch[sweep] action destroy
raise 'a node named cycled already exists' unless search(:node, 'name:cycled').empty?
with_driver 'ssh'
[:allocate, :destroy].each do |a|
  machine 'cycled' do
    machine_options transport_options: { 'ip_address' => ENV.fetch('CYCLED_HOST', '10.255.3.1') }
    action a
  end
end
machine_batch 'sweep' do
  machines search(:node, 'tags:sweep-me').map { |n| n.name }
  action :destroy
end
