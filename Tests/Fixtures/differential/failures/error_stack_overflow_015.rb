# expect: SystemStackError at line 2
def forever(n) = forever(n + 1)
puts "going deep"
forever(0)
