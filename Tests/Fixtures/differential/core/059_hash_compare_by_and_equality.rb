a = { x: 1, y: 2 }
b = { y: 2, x: 1 }
p a == b, a.to_a == b.to_a, a.eql?(b), a.merge(b) == a, a > { x: 1 }, a < { x: 1 }, a >= a rescue p $!.class
