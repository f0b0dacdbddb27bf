name = "web"
n = 3
puts "machine #{name}-#{n + 1}"
puts "outer #{"inner #{name.upcase} #{"deep #{n * 2}"}"} done"
puts "expr: #{[1, 2, 3].map { |x| x * n }.join(",")}"
puts "ternary: #{n > 2 ? "big" : "small"}"
puts "nil: [#{nil}] sym: #{:s} float: #{1.5} arr: #{[1, "a"]} hash: #{{a: 1}}"
