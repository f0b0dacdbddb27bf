x = "hello"
if /ell/ =~ x then p :match end
p(/h/.match?(x))
y = x.split /l+/
p y
p [x].grep /o/
z = 10 / 2 / 5
p z
