# knife and sous configuration for the local development Chef server that
# `knife/chef-server start` runs (goiardi, authentication on, on a loopback port).
current_dir = File.dirname(__FILE__)
server_state = ENV['SOUS_CHEF_SERVER_DIR'] || "#{current_dir}/.chef-server"

node_name                'admin'
client_key               "#{server_state}/conf/admin.pem"
chef_server_url          File.read("#{server_state}/url").strip
validation_client_name   'chef-validator'
validation_key           "#{server_state}/conf/chef-validator.pem"
cookbook_path            ["#{current_dir}/../cookbooks"]
log_location             STDOUT
