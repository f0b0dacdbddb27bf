h = { :a => 1, "b" => 2, 3 => [4], nil => nil, [1] => { x: :y }, 1.5 => "f" }
p h
puts h
p({}, { a: {} }, { "quote\"d" => "v\n" })
p h.size, h.empty?, {}.empty?, h.keys.first(2), h.values.last
