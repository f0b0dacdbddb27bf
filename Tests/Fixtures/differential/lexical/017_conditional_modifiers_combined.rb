items = [1, 2, 3, 4]
items.each do |i|
  next unless i.even?
  puts "even #{i}" if i > 1
end
puts "done" unless items.empty?
x = (items.size > 3 and items.first == 1)
p x
