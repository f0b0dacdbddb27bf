3.times { |i| print i }
puts
1.upto(4) { |i| print i }
puts
4.downto(1) { |i| print i }
puts
1.step(10, 4) { |i| print i, " " }
puts
10.step(1, -3) { |i| print i, " " }
puts
1.0.step(2.0, 0.5) { |f| print f, " " }
puts
p 3.times.to_a, 5.times.map { |i| i * i }
