def m(x = nil) = block_given? ? "m got block" : "m no block"
def n(&b) = b ? "n got" : "n none"
puts m n { }
r = m n do end
puts r
puts(m(n do end))
p [1, 2, 3].map do |x| x * 2 end
