a = { x: 1, y: { z: 1 } }
b = { x: 2, w: 3 }
p a.merge(b), a.merge(b) { |key, old, new| old + new }, a.merge(b, { v: 0 }), a
a.merge!(b)
p a
c = { k: 1 }
c.update(k: 5, j: 6)
p c
