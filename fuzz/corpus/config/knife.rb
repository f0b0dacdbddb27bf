current_dir = File.dirname(__FILE__)
log_level                :info
log_location             STDOUT
node_name                'admin'
client_key               "#{current_dir}/admin.pem"
chef_server_url          'https://chef.example/organizations/ops'
cookbook_path            ["#{current_dir}/../cookbooks"]
ssl_verify_mode          :verify_peer
trusted_certs_dir        'certs'
authentication_protocol_version '1.3'
knife[:ssh_user] = ENV['USER'] || 'ops'
http_retry_count 3
