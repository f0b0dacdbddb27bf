# A node's view of the local development Chef server: the demo node `hello-demo`. Its key
# does not exist until its first run, which registers it with the validator key, as
# chef-client does on a new machine.
current_dir = File.dirname(__FILE__)
server_state = ENV['SOUS_CHEF_SERVER_DIR'] || "#{current_dir}/.chef-server"

node_name                'hello-demo'
chef_server_url          File.read("#{server_state}/url").strip
client_key               "#{server_state}/hello-demo.pem"
validation_client_name   'chef-validator'
validation_key           "#{server_state}/conf/chef-validator.pem"
# No cookbook_path: the cookbooks come from the Chef server (upload them with
# `sous knife cookbook upload NAME -o cookbooks -c knife/knife.rb`), into this cache.
file_cache_path          "#{current_dir}/../.build/demo/cache"
