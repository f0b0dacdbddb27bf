x = 10
[1, 2].each { |x| x * 2 }
p x
y = 1
[5].each { |v; y| y = v }
p y
z = 0
[1, 2, 3].each { |v| z += v }
p z
