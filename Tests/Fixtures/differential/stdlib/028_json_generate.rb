require 'json'
h = { name: "web", ports: [80, 443], opts: { ssl: true, cert: nil }, ratio: 1.5, "str" => "q\"uote\n" }
puts JSON.generate(h), h.to_json, [1, "a", nil].to_json, "s".to_json, nil.to_json, 1.to_json, 2.5.to_json, :sym.to_json
puts JSON.pretty_generate(h)
puts JSON.pretty_generate({ empty_a: [], empty_h: {}, list: [1, [2, []]] })
p JSON.parse(JSON.generate(h)) == JSON.parse(h.to_json)
