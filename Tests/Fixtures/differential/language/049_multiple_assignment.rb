a, b = 1, 2
p [a, b]
a, b = b, a
p [a, b]
c, *d = 1, 2, 3
p [c, d]
*e, f = [1, 2, 3]
p [e, f]
g, (h, i), j = 1, [2, 3], 4
p [g, h, i, j]
k, l = [5]
p [k, l]
m = n = 7
p [m, n]
o, = [9, 8]
p o
def pair = [1, 2]
q, r = pair
p q + r
