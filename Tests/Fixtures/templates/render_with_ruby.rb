# Renders every template here with Erubis (Erubis::Eruby, trim on), the engine Chef's
# template resource uses, the reference the template tests hold sous to:
# ruby render_with_ruby.rb SOURCE_DIR OUTPUT_DIR
require "erubis"
require_relative "variables"

source_dir, output_dir = ARGV
node = template_node
Dir[File.join(source_dir, "*.erb")].sort.each do |path|
  context = Object.new
  template_variables.each { |key, value| context.instance_variable_set("@#{key}", value) }
  context.define_singleton_method(:node) { node }
  result = Erubis::Eruby.new(File.read(path)).result(context.instance_eval { binding })
  File.write(File.join(output_dir, File.basename(path, ".erb")), result)
end
