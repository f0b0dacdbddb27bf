queue = [3, 1, 4, 1, 5]
seen = []
while (item = queue.shift)
  next if seen.include?(item)
  seen << item
  break if seen.size == 3
end
p seen, queue
i = 0
i += 1 until i * i > 50
p i
