n = (1..10).to_a
p n.select(&:even?), n.filter { |x| x > 7 }, n.reject(&:even?), n.find { |x| x > 4 }, n.detect(&:zero?)
p n.find_all { |x| x % 3 == 0 }, n.partition(&:odd?), n.group_by { |x| x % 3 }
p n.filter_map { |x| x * 2 if x.odd? }, n.flat_map { |x| [x, -x] }.first(4), n.chunk_while { |a, b| b == a + 1 }.to_a
p [1, 2, 4, 9, 10, 11, 12, 15].slice_when { |a, b| b != a + 1 }.to_a
