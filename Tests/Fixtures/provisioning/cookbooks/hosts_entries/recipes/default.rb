# The hostsfile cookbook's LWRP on a hosts file of this cookbook's own (a local machine's
# /etc/hosts is the cluster's, which it may not change).
path = '/etc/hosts.entries'
node.default['hostsfile']['path'] = path

file path do
  content "127.0.0.1 localhost\n"
  action :create_if_missing
end

hostsfile_entry '10.0.0.5' do
  hostname 'db.example.test'
  aliases ['db']
end
