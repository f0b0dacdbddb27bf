# Renders every template here with sous's `template` resource:
#   TEMPLATE_SOURCES=DIR TEMPLATE_OUTPUT=DIR sous apply render_with_sous.rb
require_relative "variables"

template_node.each { |key, value| node.default[key] = value }
# ohai's facts are automatic attributes, which win over default ones: the template's
# address is set where ohai's is.
node.automatic['ipaddress'] = template_node['ipaddress']
Dir.glob(File.join(ENV.fetch("TEMPLATE_SOURCES"), "*.erb")).sort.each do |path|
  template File.join(ENV.fetch("TEMPLATE_OUTPUT"), File.basename(path, ".erb")) do
    source path
    local true
    variables(template_variables)
  end
end
