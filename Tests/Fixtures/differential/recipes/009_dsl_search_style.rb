Node = Struct.new(:name, :run_list, :ip)
NODES = [Node.new("web1", ["role[web]"], "10.0.0.1"), Node.new("db1", ["role[db]"], "10.0.0.2"), Node.new("web2", ["role[web]"], "10.0.0.3")]
def search(_index, query)
  field, value = query.split(":", 2)
  return NODES if query == "*:*"
  NODES.select { |n| field == "role" ? n.run_list.include?("role[#{value}]") : n.send(field) == value }
end
p search(:node, "role:web").map(&:name), search(:node, "*:*").map { |n| n.name }, search(:node, "name:db1").map(&:ip)
raise "unexpected" unless search(:node, "name:zz").empty?
puts "no zz"
