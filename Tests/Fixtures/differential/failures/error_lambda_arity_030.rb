# expect: ArgumentError at line 2
check = ->(a, b) { a == b }
puts check.call(1, 1)
check.call(1)
