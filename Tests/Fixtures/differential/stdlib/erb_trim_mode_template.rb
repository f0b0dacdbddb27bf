# A template rendered by Ruby's ERB with trim mode '-' (Chef's): loops, conditionals,
# indented <%- lines, -%> newlines, literal <%% and comments.
require 'erb'
servers = [{ 'name' => 'web1', 'port' => 80, 'backup' => false }, { 'name' => 'web2', 'port' => 8080, 'backup' => true }]
template = <<~'T'
  # <%# a comment %>generated
  <% servers.each do |s| -%>
  server <%= s['name'] %>:<%= s['port'] %>
    <%- if s['backup'] -%>
    backup
    <%- end -%>
  <% end -%>
  literal <%%= kept %>
  total <%= servers.size -%>
  end
T
puts ERB.new(template, trim_mode: '-').result(binding)
erb = ERB.new("<%= greeting %>, <%= name %>\n", trim_mode: '-')
print erb.result_with_hash(greeting: 'hello', name: 'sous')
