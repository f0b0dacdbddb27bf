a = 1; b = 2; puts a + b
c = [1,
     2,
     3]
p c
d = { a: 1,
      b: 2 }
p d
