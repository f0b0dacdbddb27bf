for i in 1..3
  print i
end
puts
for a, b in [[1, 2], [3, 4]]
  print a + b, " "
end
puts
p i
