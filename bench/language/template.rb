# An ERB template of 2,000 lines, with loops, conditionals and trimmed lines, rendered with
# Ruby's ERB (trim mode "-", as Chef's templates).
require 'erb'
servers = (1..400).map { |i| { 'name' => "web#{i}", 'address' => "10.0.#{i / 250}.#{i % 250}", 'weight' => i % 5, 'backup' => i % 50 == 0 } }
template = <<~'TEMPLATE'
  # haproxy backends, generated
  <% servers.each do |server| -%>
  backend <%= server['name'] %>
    server <%= server['name'] %> <%= server['address'] %>:8080 weight <%= server['weight'] %>
  <% if server['backup'] -%>
    option backup
  <% else -%>
    option httpchk GET /health
  <% end -%>
    timeout connect <%= 5 + server['weight'] %>s
  <% end -%>
  # <%= servers.size %> servers
TEMPLATE
rendered = ''
5.times { rendered = ERB.new(template, trim_mode: '-').result(binding) }
puts rendered.lines.size
puts rendered.lines.last
puts rendered.lines[1, 5].join
