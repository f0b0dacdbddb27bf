h = { a: 1, b: nil, c: 3 }
p h.delete(:a), h.delete(:zz), h.delete(:zz) { |k| "no #{k}" }, h
p h.compact, h.delete_if { |k, v| v.nil? }, h
h2 = { a: 1, b: 2 }
h2.keep_if { |k, v| v > 1 }
p h2, h2.sort, { b: 1, a: 2 }.sort.to_h, { b: 1, a: 2 }.min, Hash[[[:k, :v]]], Hash[:a, 1, :b, 2] rescue p $!
p({ a: 1 }.to_a.flatten, { a: 1 }.eql?({ a: 1 }), { a: 1 }.hash == { a: 1 }.hash, { a: nil }.compact.empty?)
