# PostgreSQL from Debian: database `hello` with one greeting, an application role whose
# password comes from a data bag item, listening on the cluster's address for the web nodes
# that search finds. Every change is guarded by what psql reports.
version = node['hello_db']['postgresql_version']
database = node['hello_db']['database']
role = node['hello_db']['user']
password = data_bag_item('hello', 'db')['password']
conf_dir = "/etc/postgresql/#{version}/main"
web_addresses = search(:node, "role:hello_web AND chef_environment:#{node.chef_environment}").map { |web| web['ipaddress'] }.compact.sort
psql = 'runuser -u postgres -- psql -v ON_ERROR_STOP=1 -tA'

package 'postgresql'

template "#{conf_dir}/conf.d/hello.conf" do
  source 'hello.conf.erb'
  variables address: node['ipaddress']
  owner 'postgres'
  group 'postgres'
  mode '0644'
  notifies :restart, 'service[postgresql]'
end

template "#{conf_dir}/pg_hba.conf" do
  source 'pg_hba.conf.erb'
  variables web_addresses: web_addresses, database: database, user: role
  owner 'postgres'
  group 'postgres'
  mode '0640'
  notifies :reload, 'service[postgresql]'
end

service 'postgresql' do
  supports status: true, restart: true, reload: true
  action [:enable, :start]
end

execute "create role #{role}" do
  command %(#{psql} -c "CREATE ROLE #{role} LOGIN PASSWORD '#{password}'")
  sensitive true
  not_if %(#{psql} -c "SELECT 1 FROM pg_roles WHERE rolname = '#{role}'" | grep -qx 1)
end

execute "create database #{database}" do
  command %(#{psql} -c "CREATE DATABASE #{database} OWNER #{role}")
  not_if %(#{psql} -c "SELECT 1 FROM pg_database WHERE datname = '#{database}'" | grep -qx 1)
end

execute 'create table greetings' do
  command %(#{psql} -d #{database} -c "CREATE TABLE greetings (id serial PRIMARY KEY, message text NOT NULL); ALTER TABLE greetings OWNER TO #{role}")
  not_if %(#{psql} -d #{database} -c "SELECT 1 FROM pg_tables WHERE tablename = 'greetings'" | grep -qx 1)
end

execute 'insert the greeting' do
  command %(#{psql} -d #{database} -c "INSERT INTO greetings (message) VALUES ('#{node['hello_db']['greeting']}')")
  not_if %(#{psql} -d #{database} -c "SELECT count(*) FROM greetings" | grep -qvx 0)
end
