print "a", "b", 1, nil, :c, "\n"
x = p(1, 2)
p x
y = p
p y
z = p "single"
p z
