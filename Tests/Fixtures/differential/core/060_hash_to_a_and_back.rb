h = { b: 2, a: 1 }
p h.to_a, h.to_a.to_h, h.sort.to_h, h.map { |k, v| [v, k] }.to_h, Hash[h.map { |k, v| [k.to_s, v] }], h.invert, h.keys.zip(h.values)
