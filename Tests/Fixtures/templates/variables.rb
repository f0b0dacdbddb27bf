# The variables and node attributes every template in this folder is rendered with, by
# Erubis (Chef's template engine) and by sous's `template` resource alike.
def template_variables
  {
    name: "web1",
    port: 8080,
    ratio: 0.75,
    enabled: true,
    disabled: false,
    nothing: nil,
    servers: [
      { "name" => "web1", "ip" => "10.0.0.11", "weight" => 3 },
      { "name" => "web2", "ip" => "10.0.0.12", "weight" => 1 },
      { "name" => "db1", "ip" => "10.0.0.21", "weight" => 0 },
    ],
    settings: { "worker_processes" => 4, "keepalive_timeout" => 65, "gzip" => "on" },
    tags: %w[web frontend eu-west],
    motd: "Welcome to \"web1\"\n\tmanaged by sous\\chef",
    unicode: "Grüße, 世界 ✓",
    empty_list: [],
    nested: { "a" => { "b" => { "c" => "deep" } } },
    symbols: [:alpha, :beta],
  }
end

def template_node
  { "app" => { "name" => "shop", "env" => "production", "replicas" => 3 }, "ipaddress" => "10.0.0.11" }
end
