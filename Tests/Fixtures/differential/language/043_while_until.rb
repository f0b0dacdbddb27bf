i = 0
while i < 3
  print i
  i += 1
end
puts
until i == 0
  i -= 1
end
p i
j = 10
j -= 3 while j > 0
p j
k = 0
begin
  k += 1
end while k < 5
p k
r = while true do break :broke end
p r
