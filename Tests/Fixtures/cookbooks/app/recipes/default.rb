include_recipe 'base'
include_recipe 'base::default'
node.run_state[:order] << 'app::default'
node.normal['port'] = 9090
