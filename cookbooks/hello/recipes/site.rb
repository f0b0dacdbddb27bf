# Converges a small static site: a folder, a page rendered from a template, a stylesheet
# from the cookbook, and commands that run only when something changed.
root = node['hello']['root']

directory root do
  mode '0755'
  recursive true
end

template "#{root}/index.html" do
  source 'index.html.erb'
  mode '0644'
  variables(greeting: node['hello']['greeting'], servers: node['hello']['servers'])
  notifies :run, 'execute[checksum the site]', :immediately
end

cookbook_file "#{root}/site.css" do
  source 'site.css'
  mode '0644'
end

link "#{root}/current" do
  to "#{root}/index.html"
end

execute 'checksum the site' do
  command "sha256sum index.html > index.html.sha256"
  cwd root
  action :nothing
end

execute 'record the first build' do
  command "date -u +%Y-%m-%dT%H:%M:%SZ > #{root}/built-at"
  creates "#{root}/built-at"
end
