result = [5, 3, 8]
  .tap { |a| puts "got #{a.size}" }
  .sort
  .then { |a| a.map { |x| x * 2 } }
  .tap { |a| p a }
  .sum
p result
p 42.then { _1 + 1 }, nil.then { |x| x.inspect }
