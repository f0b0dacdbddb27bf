node.run_state[:order] << 'app attributes (default.rb first)'
default['port'] = 8080
override['limits']['procs'] = 128
