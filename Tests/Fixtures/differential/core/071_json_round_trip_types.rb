require 'json'
data = { "int" => 1, "neg" => -2, "float" => 2.5, "exp" => 1.0e-5, "big" => 1e20, "t" => true, "f" => false, "n" => nil, "s" => "é\t\"", "a" => [], "h" => {} }
json = JSON.generate(data)
puts json
back = JSON.parse(json)
p back == data, back["float"].class, back["big"], JSON.parse("3"), JSON.parse('"x"'), JSON.parse("null")
