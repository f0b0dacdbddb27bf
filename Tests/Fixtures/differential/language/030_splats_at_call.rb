def three(a, b, c) = [a, b, c]
args = [1, 2, 3]
p three(*args)
p three(0, *[8, 9])
def kw(a:, b: 2) = [a, b]
opts = { a: 5 }
p kw(**opts), kw(**opts, b: 6)
blk = proc { |x| x * 2 }
p [1, 2].map(&blk)
