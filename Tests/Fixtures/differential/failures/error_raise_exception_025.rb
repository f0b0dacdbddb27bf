# expect: Exception at line 3
puts "raising the base class"
raise Exception, "x"
