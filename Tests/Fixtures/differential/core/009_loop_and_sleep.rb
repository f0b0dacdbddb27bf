i = 0
loop do
  i += 1
  break if i == 3
end
p i
p sleep(0)
r = loop { raise StopIteration, "done" }
p r
