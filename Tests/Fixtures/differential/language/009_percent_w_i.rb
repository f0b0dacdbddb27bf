p %w[a b c]
p %w(x y)
p %w{nested {braces} ok}
p %w<one two>
p %w|p q|
p %i[a b c]
p %W[a#{1 + 1} b c]
p %I[s#{2} t]
p %w[]
