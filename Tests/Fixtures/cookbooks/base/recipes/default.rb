node.run_state[:order] << 'base::default'
