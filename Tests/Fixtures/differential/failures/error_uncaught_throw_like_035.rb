# expect: TypeError at line 3
puts [1, 2].sum
puts [1, "2"].sum
