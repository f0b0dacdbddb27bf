user = nil
p user&.name
p user&.name&.upcase
s = "abc"
p s&.length, s&.upcase
h = { a: { b: nil } }
p h[:a][:b]&.size
p h.dig(:a, :b)&.size.nil?
x = nil
x&.push(1)
p x
