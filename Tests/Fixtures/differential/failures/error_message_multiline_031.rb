# expect: RuntimeError at line 3
puts "before"
raise "first line\nsecond line"
