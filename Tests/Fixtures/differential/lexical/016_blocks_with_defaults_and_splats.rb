pr = proc { |a, b = 2, *rest, c| [a, b, rest, c] }
p pr.call(1), pr.call(1, 3), pr.call(1, 3, 4, 5, 6)
l = ->(a, *r, k: 0, **o) { [a, r, k, o] }
p l.(1, 2, 3, k: 4, z: 5)
[[1, 2, 3]].each { |first, *others| p [first, others] }
