def pair(a, b) = [a, b]
p pair(<<~A, <<~B)
  first
A
  second
B
