node.run_state[:order] << 'app attributes aaa_after_default.rb'
