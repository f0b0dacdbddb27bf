# A daemon run as its own user: a group and user, an init script, its settings in
# /etc/default (a change restarts it once, at the end of the run), enabled and started.
home = '/srv/daemon'

group 'daemonites' do
  gid 4321
end

user 'daemon-user' do
  uid 4321
  gid 'daemonites'
  home home
  manage_home true
  shell '/usr/sbin/nologin'
end

package 'procps'

template "#{home}/index.html" do
  source 'index.html.erb'
  variables greeting: node['daemon']['greeting']
  owner 'daemon-user'
  mode '0644'
end

template '/etc/init.d/daemon' do
  source 'daemon.init.erb'
  variables user: 'daemon-user', home: home
  mode '0755'
  notifies :restart, 'service[daemon]'
end

template '/etc/default/daemon' do
  source 'default.erb'
  variables port: node['daemon']['port']
  notifies :restart, 'service[daemon]'
end

service 'daemon' do
  supports status: true, restart: true
  action [:enable, :start]
end
