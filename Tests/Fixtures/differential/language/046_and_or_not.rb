a = nil
b = a || "default"
p b
c = 1 && 2
p c
d = (false or true)
p d
e = not(true)
p e
f = true and false
p f
p !nil, !!1, (nil && 1), (1 || 2)
x = false || nil
p x
