# expect: TypeError at line 3
puts "count: " + 1.to_s
puts "count: " + 1
