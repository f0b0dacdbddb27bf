pairs = [[:a, 1], [:b, 2]]
p pairs.assoc(:b), pairs.rassoc(1), [[1, 2], [3, 4]].transpose, pairs.to_h, [1, 2].to_h { |x| [x, x * x] }
p pairs.map(&:last), pairs.each_with_object({}) { |(k, v), h| h[v] = k }
