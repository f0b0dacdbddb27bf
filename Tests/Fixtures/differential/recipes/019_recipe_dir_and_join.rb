base = "chef-repo"
%w[cookbooks roles nodes].each do |d|
  Dir.mkdir(base) unless Dir.exist?(base)
  path = File.join(base, d)
  Dir.mkdir(path) unless File.directory?(path)
end
File.write(File.join(base, "nodes", "web1.json"), '{"name": "web1"}')
p Dir.children(base).sort, Dir.glob(File.join(base, "**", "*.json")), File.read(File.join(base, "nodes", "web1.json"))
