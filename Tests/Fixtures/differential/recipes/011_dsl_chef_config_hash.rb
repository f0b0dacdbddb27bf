class Chef
  class Config
    @values = { node_name: "workstation", chef_server_url: "https://chef.example.test/organizations/ops" }
    def self.[](key) = @values[key.to_sym]
    def self.[]=(key, value)
      @values[key.to_sym] = value
    end
  end
end
Chef::Config[:log_level] = :info
p Chef::Config[:node_name], Chef::Config["chef_server_url"], Chef::Config[:log_level], Chef::Config[:missing]
org = Chef::Config[:chef_server_url][%r{/organizations/([^/]+)}, 1]
p org, "#{org}-validator"
