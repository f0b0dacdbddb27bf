require 'json'
cluster = { name: "demo", machines: [{ name: "web1", tags: %w[web], attrs: { port: 80 } }, { name: "db1", tags: [], attrs: {} }] }
puts JSON.pretty_generate(cluster)
