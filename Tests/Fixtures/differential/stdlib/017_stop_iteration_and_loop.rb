r = loop do
  raise StopIteration
end
p r
n = 0
loop do
  n += 1
  raise StopIteration if n > 2
end
p n
begin
  raise StopIteration, "manual"
rescue StopIteration => e
  p e.message, e.class.superclass
end
