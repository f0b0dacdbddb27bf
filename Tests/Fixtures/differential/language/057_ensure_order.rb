def inner
  yield
ensure
  puts "inner ensure"
end
def outer
  inner { return :from_block }
ensure
  puts "outer ensure"
end
p outer
x = begin
  10
ensure
  20
end
p x
