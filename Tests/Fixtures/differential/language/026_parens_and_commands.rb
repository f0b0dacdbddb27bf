def add(a, b) = a + b
p add(1, 2)
p(add 3, 4)
puts add 5, 6
x = add(add(1, 1), add(2, 2))
p x
