sorted = [1, 3, 5, 7, 9]
p sorted.bsearch { |x| x >= 4 }, sorted.sum / sorted.size.to_f, sorted.each_slice(2).map(&:first), sorted.include?(7)
p sorted.partition.with_index { |_, i| i.even? }, sorted.each_with_index.select { |x, i| i.odd? }.map(&:first)
p sorted.min_by(2) { |x| (x - 6).abs }, sorted.find_index(7), sorted.reverse.take(2), sorted.first(0)
