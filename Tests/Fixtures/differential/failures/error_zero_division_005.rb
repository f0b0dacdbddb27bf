# expect: ZeroDivisionError at line 5
def ratio(a, b)
  a / b
end
puts ratio(4, 2)
ratio(1, 0)
