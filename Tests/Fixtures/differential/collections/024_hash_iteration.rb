h = { web: 2, db: 1 }
h.each { |k, v| puts "#{k}=#{v}" }
h.each_pair { |k, v| print k, v }
puts
h.each_with_index { |(k, v), i| p [k, v, i] }
h.each.with_index(1) { |(k, v), i| p [i, k] }
p h.map { |k, v| "#{k}:#{v}" }, h.each_with_object({}) { |(k, v), acc| acc[v] = k }
h.each_key { |k| print k }
h.each_value { |v| print v }
puts
