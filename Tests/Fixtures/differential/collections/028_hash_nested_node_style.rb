node = { "nginx" => { "port" => 80, "sites" => { "default" => { "root" => "/var/www" } } } }
p node["nginx"]["port"], node["nginx"]["sites"]["default"]["root"], node.dig("nginx", "sites", "x", "root")
node["nginx"]["workers"] ||= 4
node["nginx"]["sites"]["api"] = { "root" => "/srv/api" }
p node["nginx"].keys, node["nginx"]["sites"].map { |name, site| "#{name}:#{site["root"]}" }
def deep_merge(a, b)
  a.merge(b) { |_, x, y| x.is_a?(Hash) && y.is_a?(Hash) ? deep_merge(x, y) : y }
end
p deep_merge({ "a" => { "b" => 1, "c" => 2 } }, { "a" => { "c" => 3, "d" => 4 } })
