# The hello application on a web node: its own system user, the program, its settings (the
# database found through search, the password from the data bag), and a service with an
# init script that starts at boot.
user_name = node['hello_app']['user']
home = node['hello_app']['home']
db = search(:node, "role:hello_db AND chef_environment:#{node.chef_environment}").first
raise 'no node with role hello_db: converge the database first' unless db

package 'python3-psycopg2'

group user_name do
  system true
end

user user_name do
  gid user_name
  home home
  shell '/usr/sbin/nologin'
  system true
end

directory home do
  mode '0755'
end

cookbook_file "#{home}/hello_app.py" do
  source 'hello_app.py'
  mode '0755'
  notifies :restart, 'service[hello]'
end

template '/etc/default/hello' do
  source 'default.erb'
  variables port: node['hello_app']['port'], db_host: db['ipaddress'], db_name: 'hello', db_user: 'hello',
            db_password: data_bag_item('hello', 'db')['password']
  owner 'root'
  group user_name
  mode '0640'
  sensitive true
  notifies :restart, 'service[hello]'
end

template '/etc/init.d/hello' do
  source 'hello.init.erb'
  variables user: user_name, home: home
  mode '0755'
  notifies :restart, 'service[hello]'
end

service 'hello' do
  supports status: true, restart: true
  action [:enable, :start]
end
