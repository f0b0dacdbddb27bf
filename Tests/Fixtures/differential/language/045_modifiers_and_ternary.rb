x = 5
puts "big" if x > 3
puts "never" unless x > 3
y = x > 3 ? "yes" : "no"
z = x > 10 ? "a" : x > 4 ? "b" : "c"
p y, z
p (x.even? ? :even : :odd)
