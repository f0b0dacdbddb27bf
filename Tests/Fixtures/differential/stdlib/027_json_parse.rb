require 'json'
data = JSON.parse('{"name": "web", "count": 3, "ratio": 0.5, "tags": ["a", "b"], "on": true, "none": null, "nested": {"k": [1, {"x": 2}]}}')
p data, data["nested"]["k"][1]["x"], data.keys
p JSON.parse('[1, 2.5, -3e2, "s\u00e9\n", "\u0041"]'), JSON.parse('{"a": 1}', symbolize_names: true)
begin
  JSON.parse("{not json}")
rescue JSON::ParserError => e
  p e.class
end
