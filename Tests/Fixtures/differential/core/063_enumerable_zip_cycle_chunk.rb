p [1, 2, 3].zip(%w[a b c]).map { |n, s| s * n }, %w[a b c d e].each_slice(2).map(&:join)
p [1, 1, 2, 3, 3].chunk_while { |a, b| a == b }.map(&:size), (1..10).each_cons(3).count, [4, 5].each_with_index.to_h
p (1..6).partition(&:even?), %w[apple avocado banana].group_by { |w| w[0] }.values.map(&:size)
