[[1, [2, 3], 4, 5]].each do |a, (b, c), *d|
  p [a, b, c, d]
end
{ x: 1, y: 2 }.each { |k, v| print k, "=", v, " " }
puts
[[1, 2], [3, 4]].each_with_index { |(a, b), i| p [a, b, i] }
def yielder = yield(1, 2, k: 3)
yielder { |a, b, k: 0| p [a, b, k] }
def with_blk = yield(proc { :inner })
with_blk { |&e| p e }
