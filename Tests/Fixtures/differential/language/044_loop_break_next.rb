n = 0
v = loop do
  n += 1
  next if n.odd?
  break n * 100 if n > 5
end
p v
p [1, 2, 3, 4].map { |x| next 0 if x.even?; x }
p [1, 2, 3].each { |x| break x * 7 if x == 2 }
