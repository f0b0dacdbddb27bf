h = { a: 1, "b c": 2, "d": 3, if: 4 }
p h
p h.keys.map(&:class)
def kw(name:, size: 1) = "#{name}/#{size}"
p kw(name: "x"), kw(size: 2, name: "y")
