# expect: NameError at line 3
puts "before"
puts undefined_thing
