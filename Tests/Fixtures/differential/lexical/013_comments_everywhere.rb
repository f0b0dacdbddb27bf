h = { # comment after brace
  a: 1, # trailing
  # full line
  b: 2,
}
p h
def m( # comment in params
  x
) = x
p m(3)
=begin
block comment
=end
p [1, # one
   2] # two
