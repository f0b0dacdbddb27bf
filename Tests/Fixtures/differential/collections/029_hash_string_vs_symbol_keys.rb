h = { "name" => "a", name: "b" }
p h["name"], h[:name], h.size
j = h.transform_keys(&:to_s)
p j
k = { "x" => 1 }.transform_keys(&:to_sym)
p k, k[:x]
