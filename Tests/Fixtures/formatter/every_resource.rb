# Every resource kind that acts on this machine, for the formatter's golden tests.
directory '{DIR}/out' do
  mode '0755'
end

file '{DIR}/out/motd' do
  content "hello\nworld\n"
  mode '0644'
end

file '{DIR}/out/secret' do
  content "password=hunter2\n"
  sensitive true
end

template '{DIR}/out/app.conf' do
  source 'app.conf.erb'
  cookbook 'site'
  variables(owner_name: 'golden')
end

cookbook_file '{DIR}/out/data.txt' do
  source 'data.txt'
  cookbook 'site'
end

remote_file '{DIR}/out/motd.copy' do
  source 'file://{DIR}/out/motd'
end

link '{DIR}/out/current' do
  to '{DIR}/out/motd'
end

execute 'touch marker' do
  cwd '{DIR}/out'
  creates '{DIR}/out/marker'
end

bash 'count files' do
  code 'ls {DIR}/out | wc -l > {DIR}/out/count'
  not_if { File.exist?('{DIR}/out/count') }
end

script 'python-free script' do
  interpreter 'sh'
  code 'echo script > {DIR}/out/script.txt'
  creates '{DIR}/out/script.txt'
end

ruby_block 'note the run' do
  block { node.run_state['noted'] = true }
end

log 'all done' do
  level :info
end
