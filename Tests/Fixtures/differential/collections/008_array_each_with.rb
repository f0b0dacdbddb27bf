%w[a b c].each_with_index { |x, i| print x, i, " " }
puts
p %w[a b c].each_with_object([]) { |x, acc| acc << x.upcase }
p %w[a b c].map.with_index(1) { |x, i| "#{i}.#{x}" }
p %w[a b c].each.with_index.map { |x, i| x * (i + 1) }
p %w[a b].each.with_object({}) { |x, h| h[x] = x.ord }
p %w[a b c].each_with_index.to_a, %w[x y].map.with_index.to_a
