result = []
3.times.each_with_index { |_, i| result << i }
p result
n = 0
loop do
  n += 1
  next if n < 3
  break
end
p n
