# Blocks over large arrays and hashes: map, select, reduce, each_with_object, group_by,
# sort_by over 200,000 items, and a hash of counters.
numbers = (1..200_000).to_a
doubled = numbers.map { |n| n * 2 }
evens = doubled.select { |n| n % 3 == 0 }
puts evens.size, evens.reduce(0) { |sum, n| sum + n }
counts = numbers.each_with_object(Hash.new(0)) { |n, h| h[n % 1000] += 1 }
puts counts.size, counts[7]
groups = numbers.group_by { |n| n % 10 }
puts groups.keys.sort.inspect, groups[3].size
sorted = numbers.sort_by { |n| -(n % 1013) }
puts sorted.first(3).inspect
index = {}
numbers.each { |n| index["k#{n % 5000}"] = n }
puts index.size, index["k42"]
puts numbers.each_slice(1000).map(&:sum).max
