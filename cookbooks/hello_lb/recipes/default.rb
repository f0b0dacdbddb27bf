# HAProxy from Debian on port 80, its backends the web nodes that search finds. A changed
# configuration is checked by haproxy before it replaces the old one, then reloaded (HAProxy
# hands its sockets over: no connection is dropped).
servers = search(:node, "role:hello_web AND chef_environment:#{node.chef_environment}").map { |web| [web.name, web['ipaddress']] }.sort
raise 'no node with role hello_web: converge the web nodes first' if servers.empty?

package 'haproxy'

template '/etc/haproxy/haproxy.cfg' do
  source 'haproxy.cfg.erb'
  variables servers: servers, port: 8080
  verify 'haproxy -c -q -f %{path}'
  notifies :reload, 'service[haproxy]'
end

service 'haproxy' do
  supports status: true, restart: true, reload: true
  action [:enable, :start]
end
