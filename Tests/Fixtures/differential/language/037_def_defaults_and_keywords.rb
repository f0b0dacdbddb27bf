def f(a, b = a * 2, *rest, c, d:, e: d + 1, **opts, &blk)
  [a, b, rest, c, d, e, opts, blk ? blk.call : nil]
end
p f(1, 9, d: 4)
p f(1, 2, 3, 4, 5, d: 0, z: 1) { :blk }
def g(x, y = {}) = [x, y]
p g(1, a: 2)
