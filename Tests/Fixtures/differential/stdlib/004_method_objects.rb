def double(x) = x * 2
m = method(:double)
p m.call(4), [1, 2].map(&method(:double)), m.arity, m.name
%w[a b].each(&method(:puts))
up = "str".method(:upcase)
p up.call
