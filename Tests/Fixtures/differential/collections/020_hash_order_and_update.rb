h = {}
h[:z] = 1
h[:a] = 2
h[:m] = 3
p h.keys
h[:z] = 9
p h
h.delete(:a)
h[:a] = 0
p h, h.first, h.first(2), h.to_a.last
