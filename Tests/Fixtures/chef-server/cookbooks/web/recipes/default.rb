# Writes what the run saw of the server: attributes from roles, environment, -j, a data
# bag item and a search, so a test can read them back.
root = ENV.fetch('WEB_ROOT')
site = data_bag_item('web-config', 'site')
peers = search(:node, 'role:web-role').map(&:name).sort

directory root

file "#{root}/site.txt" do
  content <<~TEXT
    node: #{node.name}
    environment: #{node.chef_environment}
    port: #{node['web']['port']}
    greeting: #{node['web']['greeting']}
    owner: #{node['web']['owner']}
    title: #{site['title']}
    roles: #{node['roles'].join(',')}
    server: #{Chef::Config[:chef_server_url]}
  TEXT
end

Chef::Log.warn("peers: #{peers.join(",")}")
