# Ruby's side of recipe.rb: the same resources declared through a small resource DSL of the
# same shape as Chef's (resource objects, property blocks, a resource collection, a converge
# pass under why-run with delayed notifications), printing what chef-client's doc formatter
# prints. Real Chef is not installed here; this does the language work such a run needs.
class Resource
  attr_reader :name, :notifications
  def initialize(name)
    @name = name
    @notifications = []
    @action = default_action
  end

  def action(value = nil)
    value ? (@action = value) : @action
  end

  def notifies(action, target, timing = :delayed)
    @notifications << [action, target, timing]
  end

  def self.property(*names)
    names.each do |property|
      define_method(property) do |value = nil|
        value.nil? ? instance_variable_get("@#{property}") : instance_variable_set("@#{property}", value)
      end
    end
  end

  def identity = "#{type}[#{name}]"
  def default_action = :create
end

class DirectoryResource < Resource
  property :mode, :recursive
  def type = 'directory'
  def changes
    ["Would create new directory #{name}", ("Would change mode from '' to '#{mode}'" if mode)].compact
  end
end

class FileResource < Resource
  property :content, :mode
  def type = 'file'
  # Chef's file provider under why-run: a missing parent folder is a requirement that fails
  # and is assumed made; content is reported only of a file that exists already (never here:
  # the recipe's files are all new).
  def changes
    parent = File.dirname(name)
    lines = []
    lines << "* Parent directory #{parent} does not exist." << "* Assuming directory #{parent} would have been created" unless File.directory?(parent)
    lines << "Would create new file #{name}"
    lines << "Would change mode from '' to '#{mode}'" if mode
    lines
  end
end

class LinkResource < Resource
  property :to
  def type = 'link'
  def changes = ["Would create symlink at #{name} to #{to}"]
end

class ExecuteResource < Resource
  property :command
  def type = 'execute'
  def default_action = :run
  def changes = ["Would execute #{command}"]
end

$collection = []
{ directory: DirectoryResource, file: FileResource, link: LinkResource, execute: ExecuteResource }.each do |dsl, klass|
  define_method(dsl) do |name, &block|
    resource = klass.new(name)
    resource.instance_eval(&block) if block
    $collection << resource
  end
end

load File.join(__dir__, 'recipe.rb')

by_identity = $collection.to_h { |resource| [resource.identity, resource] }
puts "Converging #{$collection.size} resources"
puts 'Recipe: (chef-apply cookbook)::(chef-apply recipe)'
updated = 0
delayed = []
converge = lambda do |resource, action|
  puts "  * #{resource.identity} action #{action}"
  resource.changes.each { |line| puts "    #{line.start_with?('Would') ? '- ' : ''}#{line}" }
  updated += 1
  resource.notifications.each { |_, target, _| delayed << target unless delayed.include?(target) }
end
$collection.each do |resource|
  if resource.action == :nothing
    puts "  * #{resource.identity} action nothing (skipped due to action :nothing)"
  else
    converge.call(resource, resource.action)
  end
end
delayed.each { |target| converge.call(by_identity.fetch(target), :run) }
puts
puts "Infra Phase complete, #{updated}/#{$collection.size} resources would have been updated"
