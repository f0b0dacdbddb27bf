# shift and unshift, one or several, with the array read between them (a queue, a stack at the front).
a = (1..10).to_a
p a.shift, a.shift(2), a.first, a.size, a.empty?, a
a.unshift(-1, 0)
p a, a.size
b = []
5.times { |i| b.unshift(i) }
p b, b.shift(3), b
begin; b.shift(-1); rescue ArgumentError => e; p e.message; end
c = [1]; p c.shift, c.shift, c, c.empty?
d = [1,2,3]; d.prepend(0); d << 4; p d
