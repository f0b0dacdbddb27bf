$current = { driver: nil, options: {} }
def with_driver(url, options = {})
  old = $current.dup
  $current = { driver: url, options: $current[:options].merge(options) }
  yield if block_given?
ensure
  $current = old if block_given?
end
def with_machine_options(opts) = $current[:options] = $current[:options].merge(opts)
with_driver 'ssh'
with_machine_options transport_options: { 'username' => 'root' }
p $current
with_driver 'local', convergence_options: { chef_version: "18" } do
  p $current
end
p $current[:driver]
