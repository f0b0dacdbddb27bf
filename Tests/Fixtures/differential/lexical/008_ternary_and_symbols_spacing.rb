a = true
p a ? :yes : :no
p a ?1:2
b = a ? "x" : nil
p b
c = [1, 2].include?(1) ? 'in' : 'out'
p c
h = { x: a ? 1 : 2 }
p h
