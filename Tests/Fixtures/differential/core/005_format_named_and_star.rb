p format("%<name>s is %<age>d", name: "Ann", age: 30)
p format("%{a}-%{b}", a: 1, b: :two)
p format("%*d|%-*d|", 5, 1, 4, 2)
p format("%.3s", "abcdef")
p "%s and %s" % ["x", "y"], "%05d" % 42, "%.1f%%" % 99.5
