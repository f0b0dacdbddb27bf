sq = ->(x) { x * x }
add = ->(a, b = 10) do a + b end
p sq.call(3), sq.(4), sq[5], add.(1), add.(1, 2)
l = lambda { |x| x + 1 }
pr = proc { |x, y| [x, y] }
p l.call(1), pr.call(1), pr.call(1, 2, 3), pr.call([4, 5])
p l.lambda?, pr.lambda?
noargs = -> { :none }
p noargs.()
