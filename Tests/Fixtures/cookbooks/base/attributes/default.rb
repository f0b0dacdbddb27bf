default['base']['loaded'] = (node.run_state[:order] ||= []) << 'base attributes'
default['port'] = 80
default['limits'] = { 'files' => 1024, 'procs' => 64 }
