a = "base"
b = a
a << "-more"
p b
a.concat("!", "?")
p a
c = "x"
c.replace("y")
p c
d = "world"
d.insert(0, "hello ")
d.prepend(">> ")
p d
e = "abc"
e.upcase!
p e, e.downcase!, e.capitalize!, e.capitalize!
f = +""
f << "built" << " " << "up"
p f
