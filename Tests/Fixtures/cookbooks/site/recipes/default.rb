root = node['site']['root']

directory "#{root}/etc/app" do
  recursive true
  mode '0750'
end

file "#{root}/etc/app/plain.txt" do
  content "plain content\n"
  mode '0640'
end

template "#{root}/etc/app/app.conf" do
  source 'app.conf.erb'
  mode '0644'
  variables(owner_name: 'the converge test')
end

cookbook_file "#{root}/etc/app/data.txt" do
  source 'data.txt'
end

link "#{root}/current.conf" do
  to "#{root}/etc/app/app.conf"
end

link "#{root}/hard.txt" do
  to "#{root}/etc/app/plain.txt"
  link_type :hard
end

execute 'write the marker' do
  command "echo converged > #{root}/marker"
  creates "#{root}/marker"
end

bash 'write the report' do
  code <<-SCRIPT
    ls etc/app > report.txt
  SCRIPT
  cwd root
  not_if { ::File.exist?("#{root}/report.txt") }
end

remote_file "#{root}/copy.txt" do
  source "file://#{root}/etc/app/plain.txt"
  mode '0600'
end
