a = %w[x y z]
a.each_index { |i| print i }
puts
a.reverse_each { |v| print v }
puts
p a.each_with_index.max_by { |v, i| i }, a.map.with_index { |v, i| [i, v] }.to_h, a.each_slice(1).map(&:first)
