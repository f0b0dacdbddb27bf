/// The node and its attributes, written in the recipe language itself: they are Ruby
/// objects that recipes, attribute files and cookbook libraries use and sometimes reopen,
/// and Chef's own rules for them (precedence, auto-vivifying writes, read-only merged reads)
/// read most clearly in Ruby. Swift reaches the same objects through `ChefNode`.
enum NodePrelude {
    static let path = "<internal:chef/node>"

    static let source = #"""
# Chef's Mash: a Hash whose keys are strings, given as strings or symbols alike.
class Mash < Hash
  def self.from_hash(hash) = new(hash)

  def initialize(source = nil, &block)
    super(&block)
    source.each { |key, value| self[key] = value } if source.is_a?(Hash)
  end

  def [](key) = super(convert_key(key))
  def []=(key, value)
    super(convert_key(key), convert_value(value))
  end
  alias store []=
  def key?(key) = super(convert_key(key))
  alias include? key?
  alias has_key? key?
  alias member? key?
  def fetch(key, *default, &block) = super(convert_key(key), *default, &block)
  def delete(key, &block) = super(convert_key(key), &block)
  def values_at(*keys) = keys.map { |key| self[key] }
  def dig(key, *rest)
    value = self[key]
    rest.empty? || value.nil? ? value : value.dig(*rest)
  end
  def merge(other) = dup.update(other)
  def update(other)
    other.each { |key, value| self[key] = value }
    self
  end
  alias merge! update
  def to_hash = Hash[map { |key, value| [key, value.is_a?(Mash) ? value.to_hash : value] }]

  private

  def convert_key(key) = key.is_a?(Symbol) ? key.to_s : key
  def convert_value(value) = value.is_a?(Hash) && !value.is_a?(Mash) ? Mash.new(value) : value
end

class Chef
  module Exceptions
    class ValidationFailed < ArgumentError; end
    class ResourceNotFound < RuntimeError; end
    class CookbookNotFound < RuntimeError; end
    class ImmutableAttributeModification < NoMethodError
      def initialize(message = nil)
        super(message || "Node attributes are read-only when you do not specify which precedence level to set. " \
                         "To set an attribute use code like `node.default[\"key\"] = \"value\"'")
      end
    end
  end

  class Node
    # Lowest precedence first: a merged read lets each level replace the ones before it.
    PRECEDENCE = %w[default env_default role_default force_default normal
                    override role_override env_override force_override automatic].freeze

    def self.attribute_key(key)
      key.is_a?(Symbol) ? key.to_s : key
    end

    # Chef's hash_only_merge: hashes merge key by key, nil never replaces, anything else
    # replaces what was below it.
    def self.merge_values(onto, with)
      if onto.is_a?(Hash) && with.is_a?(Hash)
        merged = {}
        onto.each { |key, value| merged[key] = value }
        with.each { |key, value| merged[key] = merged.key?(key) ? merge_values(merged[key], value) : value }
        merged
      elsif with.nil?
        onto
      else
        with
      end
    end

    def self.immutable(value)
      case value
      when Hash
        mash = ImmutableMash.new
        value.each { |key, item| mash.internal_store(key, immutable(item)) }
        mash.freeze
      when Array then value.map { |item| immutable(item) }.freeze
      else value
      end
    end

    # Reads that take string or symbol keys and never make anything, shared by the hashes
    # of one level and the merged view.
    module AttributeReads
      def key?(key) = super(Node.attribute_key(key))
      alias_method :has_key?, :key?
      alias_method :include?, :key?
      alias_method :member?, :key?

      def fetch(key, *default, &block) = super(Node.attribute_key(key), *default, &block)

      def dig(key, *rest)
        value = key?(key) ? fetch(key) : nil
        rest.empty? || value.nil? ? value : value.dig(*rest)
      end

      def to_hash
        result = {}
        each { |key, value| result[key] = value.is_a?(AttributeReads) ? value.to_hash : value }
        result
      end
      alias_method :to_h, :to_hash
    end

    # One precedence level (`node.default`...): string keys, and reads that make the
    # missing branch, so `node.default['a']['b'] = 1` works on an empty tree.
    class VividMash < Hash
      include AttributeReads
      alias_method :internal_store, :store

      def self.convert(value)
        case value
        when VividMash then value
        when Hash
          mash = VividMash.new
          value.each { |key, item| mash[key] = item }
          mash
        when Array then value.map { |item| convert(item) }
        else value
        end
      end

      def [](key)
        key = Node.attribute_key(key)
        key?(key) ? super(key) : internal_store(key, VividMash.new)
      end

      def []=(key, value)
        internal_store(Node.attribute_key(key), VividMash.convert(value))
      end
      alias_method :store, :[]=

      def delete(key, &block) = super(Node.attribute_key(key), &block)

      def update(other)
        other.each { |key, value| self[key] = value }
        self
      end
      alias_method :merge!, :update
    end

    # The merged view `node['a']` returns: read-only, reached with strings or symbols.
    class ImmutableMash < Hash
      include AttributeReads
      alias_method :internal_store, :store

      def [](key) = super(Node.attribute_key(key))

      def []=(key, value)
        raise Chef::Exceptions::ImmutableAttributeModification
      end
      alias_method :store, :[]=
      alias_method :delete, :[]=
    end

    attr_reader :run_state
    attr_accessor :chef_environment

    def initialize(name = nil)
      @name = name
      @chef_environment = "_default"
      @run_list = Chef::RunList.new
      @run_state = {}
      @levels = {}
      PRECEDENCE.each { |level| @levels[level] = VividMash.new }
    end

    def name(new_name = nil)
      @name = new_name unless new_name.nil?
      @name
    end
    alias_method :node_name, :name

    def name=(new_name)
      @name = new_name
    end

    # Attribute files call `node['x']` and `default['x']` alike; both reach this node.
    def node = self

    # Chef's platform introspection (Chef::DSL::PlatformIntrospection and chef-utils'
    # helpers), which attribute files call on the node.
    def platform?(*names) = names.flatten.map(&:to_s).include?(self['platform'].to_s)
    def platform_family?(*names) = names.flatten.map(&:to_s).include?(self['platform_family'].to_s)

    def value_for_platform(choices)
      platform = self['platform'].to_s
      version = self['platform_version'].to_s
      chosen = choices.find { |names, _| Array(names).map(&:to_s).include?(platform) }&.last || choices['default'] || choices[:default]
      return chosen unless chosen.is_a?(Hash)
      chosen.fetch(version) { chosen.find { |spec, _| spec.to_s != 'default' && version.start_with?(spec.to_s.sub(/\A[~>=< ]+/, '')) }&.last || chosen['default'] || chosen[:default] }
    end

    def value_for_platform_family(choices)
      family = self['platform_family'].to_s
      choices.find { |names, _| Array(names).map(&:to_s).include?(family) }&.last || choices['default'] || choices[:default]
    end

    def linux? = self['os'].to_s == 'linux'
    def windows? = self['os'].to_s == 'windows'
    def debian? = platform_family?('debian')
    def ubuntu? = platform?('ubuntu')
    def rhel? = platform_family?('rhel')
    def fedora? = platform_family?('fedora')
    def amazon? = platform_family?('amazon')
    def suse? = platform_family?('suse')
    def centos? = platform?('centos')
    def docker? = !!(self['virtualization'] && self['virtualization']['systems'] && self['virtualization']['systems']['docker'] == 'guest')
    def systemd? = File.exist?('/proc/1/comm') && File.read('/proc/1/comm').strip == 'systemd'

    PRECEDENCE.each do |level|
      define_method(level) { @levels[level] }
      define_method("#{level}=") { |value| @levels[level] = VividMash.convert(value) }
    end

    def precedence_level(level) = @levels.fetch(level.to_s)

    def [](key)
      key = Node.attribute_key(key)
      values = PRECEDENCE.map { |level| @levels[level].key?(key) ? @levels[level].fetch(key) : nil }
      Node.immutable(values.reduce(nil) { |merged, value| Node.merge_values(merged, value) })
    end

    def []=(key, value)
      raise Chef::Exceptions::ImmutableAttributeModification
    end

    # What the Chef server stores as "default" and "override": each family of levels merged.
    def combined_default = combine(%w[default env_default role_default force_default])
    def combined_override = combine(%w[override role_override env_override force_override])

    def combine(levels)
      levels.reduce({}) { |merged, level| Node.merge_values(merged, @levels[level].to_hash) }
    end

    def merged_attributes
      Node.immutable(PRECEDENCE.reduce({}) { |merged, level| Node.merge_values(merged, @levels[level]) })
    end
    alias_method :attributes, :merged_attributes

    # Reads merge only the branch they reach into, never the whole tree.
    def key?(key) = PRECEDENCE.any? { |level| @levels[level].key?(key) }
    alias_method :attribute?, :key?
    alias_method :has_key?, :key?

    def dig(key, *rest)
      value = self[key]
      rest.empty? || value.nil? ? value : value.dig(*rest)
    end
    alias_method :read, :dig

    def fetch(key, *default, &block)
      return self[key] if key?(key)
      return block.call(key) if block
      return default.first unless default.empty?
      raise KeyError, "key not found: #{Node.attribute_key(key).inspect}"
    end

    def exist?(key, *rest)
      return false unless key?(key)
      value = self[key]
      rest.all? do |part|
        return false unless value.is_a?(Hash) && value.key?(part)
        value = value[part]
      end
    end

    def to_hash = merged_attributes.to_hash

    def run_list(*items)
      @run_list.reset!(*items) unless items.empty?
      @run_list
    end

    def run_list=(items)
      @run_list.reset!(*Array(items))
    end

    def run_list?(item) = @run_list.include?(item)

    def tags
      normal["tags"] = [] unless normal.key?("tags")
      normal["tags"]
    end

    def tag(*new_tags)
      new_tags.flatten.each { |tag| tags << tag.to_s unless tags.include?(tag.to_s) }
      tags
    end

    def tagged?(*wanted) = wanted.all? { |tag| tags.include?(tag.to_s) }

    def to_s = "node[#{@name}]"
    def inspect = "#<Chef::Node name=#{@name.inspect} run_list=#{@run_list}>"
  end

  # A node's run list: `recipe[...]` and `role[...]` items, in order, each at most once.
  class RunList
    include Enumerable

    def self.normalize(item)
      item = item.to_s.strip
      return item if item.match?(/\A(recipe|role)\[[^\]]+\]\z/)
      raise ArgumentError, "Unable to create Chef::RunList::RunListItem from #{item.inspect}: " \
                           "must be recipe[] or role[]" if item.include?("[")
      "recipe[#{item}]"
    end

    def initialize(*items)
      @items = []
      items.flatten.each { |item| self << item }
    end

    def <<(item)
      item = RunList.normalize(item)
      @items << item unless @items.include?(item)
      self
    end
    alias_method :push, :<<
    alias_method :add, :<<

    def reset!(*items)
      @items = []
      items.flatten.each { |item| self << item }
      self
    end

    def remove(item)
      @items.delete(RunList.normalize(item))
      self
    end
    alias_method :delete, :remove

    def include?(item) = @items.include?(RunList.normalize(item))
    def each(&block) = @items.each(&block)
    def empty? = @items.empty?
    def size = @items.size
    def [](index) = @items[index]
    def to_a = @items.dup
    def recipe_names = @items.grep(/\Arecipe\[/).map { |item| item[7..-2] }
    alias_method :recipes, :recipe_names
    def role_names = @items.grep(/\Arole\[/).map { |item| item[5..-2] }
    alias_method :roles, :role_names
    def ==(other) = other.respond_to?(:to_a) && to_a == other.to_a.map { |item| RunList.normalize(item) }
    def to_s = @items.join(", ")
    def inspect = @items.inspect
  end
end
"""#
}
