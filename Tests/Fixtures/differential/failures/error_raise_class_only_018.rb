# expect: ArgumentError at line 3
puts "x"
raise ArgumentError
