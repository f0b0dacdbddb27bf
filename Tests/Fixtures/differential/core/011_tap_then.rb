p [3, 1, 2].tap { |a| puts "size #{a.size}" }.sort
p 5.then { |x| x * 2 }
p "abc".then(&:upcase)
