# expect: ArgumentError at line 2 (the method definition line)
def two(a, b) = a + b
puts two(1, 2)
two(1)
