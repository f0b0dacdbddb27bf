cfg = { "servers" => [{ "name" => "a", "ports" => [80, 443] }, { "name" => "b", "ports" => [] }] }
p cfg.dig("servers", 0, "ports", 1), cfg.dig("servers", 1, "ports", 0), cfg["servers"].map { |s| s["ports"].size }
p cfg.fetch("servers").find { |s| s["name"] == "b" }.fetch("ports", nil), cfg.dig("servers", 5)
