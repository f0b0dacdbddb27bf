/// `Chef::Config`, as Mixlib::Config presents it: config files run with the module as
/// `self`, so `node_name 'admin'` sets a key, `node_name` reads it, `knife[:key] = value`
/// fills knife's own hash, and recipes read the result as `Chef::Config[:key]`.
enum ConfigPrelude {
    static let path = "<internal:chef/config>"

    static let source = #"""
class Chef
  module Config
    @configuration = {}
    @assigned = []

    class << self
      def [](key)
        @configuration[key.to_sym]
      end

      def []=(key, value)
        key = key.to_sym
        @assigned << key unless @assigned.include?(key)
        @configuration[key] = value
      end

      def key?(key)
        @configuration.key?(key.to_sym)
      end
      alias has_key? key?

      def fetch(key, *default)
        @configuration.fetch(key.to_sym, *default)
      end

      def configuration
        @configuration
      end

      # The keys config files set, in the order they first set them.
      def assigned_keys
        @assigned
      end

      def knife
        @configuration[:knife] ||= {}
      end

      def method_missing(name, *args, &block)
        key = name.to_s
        if key.end_with?('=')
          self[key.chomp('=')] = args[0]
        elsif args.empty? && block.nil?
          self[key]
        else
          self[key] = args.length == 1 ? args[0] : args
        end
      end

      def respond_to_missing?(name, include_private = false)
        true
      end
    end
  end
end
"""#
}
