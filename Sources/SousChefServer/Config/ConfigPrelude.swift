/// `Chef::Config`, as Mixlib::Config presents it: config files run with the module as
/// `self`, so `node_name 'admin'` sets a key, `node_name` reads it, `knife[:key] = value`
/// fills knife's own hash, and recipes read the result as `Chef::Config[:key]`.
enum ConfigPrelude {
    static let path = "<internal:chef/config>"

    static let source = #"""
class Chef
  class Config
    @configuration = {}
    @assigned = []
    # Chef's defaults for keys recipes and libraries read (`Chef::Config[:file_cache_path]`)
    # and sous itself does not: as root under /var/chef, otherwise under ~/.chef.
    cache_root = Process.euid == 0 ? '/var/chef' : File.join(Dir.home, '.chef')
    @defaults = {
      cache_path: cache_root,
      file_cache_path: File.join(cache_root, 'cache'),
      solo: false, solo_legacy_mode: false, local_mode: false, why_run: false,
      chef_repo_path: File.join(cache_root, 'repo'), policy_name: nil, policy_group: nil,
      file_atomic_update: true, diff_disabled: false, enable_reporting: true,
      ohai_segment_plugin_path: File.join(cache_root, 'ohai', 'cookbook_plugins'),
    }

    class << self
      def [](key)
        key = key.to_sym
        @configuration.fetch(key) { @defaults[key] }
      end

      def []=(key, value)
        key = key.to_sym
        @assigned << key unless @assigned.include?(key)
        @configuration[key] = value
      end

      def key?(key)
        @configuration.key?(key.to_sym) || @defaults.key?(key.to_sym)
      end
      alias has_key? key?

      def fetch(key, *default, &block)
        key = key.to_sym
        return @configuration[key] if @configuration.key?(key)
        return @defaults[key] if @defaults.key?(key)
        @configuration.fetch(key, *default, &block)
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
