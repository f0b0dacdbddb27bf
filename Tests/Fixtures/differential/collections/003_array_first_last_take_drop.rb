a = [5, 3, 8, 1, 9, 2]
p a.first, a.first(2), a.last, a.last(2), a.take(3), a.drop(4)
p a.take_while { |x| x > 2 }, a.drop_while { |x| x > 2 }, a.first(10)
