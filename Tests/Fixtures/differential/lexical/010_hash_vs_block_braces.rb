def m(h = nil) = block_given? ? "block" : "hash #{h.inspect}"
p m({ a: 1 }), m { }, (m a: 2), m()
p [1, 2].map { |x| { v: x } }
p({ a: 1 }.map { |k, v| { k => v * 2 } })
