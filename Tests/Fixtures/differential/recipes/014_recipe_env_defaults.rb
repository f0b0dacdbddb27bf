ENV.delete("SOUS_DEMO_KEYPAIR")
keypair = ENV['SOUS_DEMO_KEYPAIR'] || "default-key"
count = Integer(ENV.fetch("SOUS_DEMO_COUNT", "2"))
ENV["SOUS_DEMO_REGION"] = "eu-west-1"
p keypair, count, ENV["SOUS_DEMO_REGION"], (ENV["SOUS_DEMO_MISSING"] || "").empty?
