p [1, nil, 2, nil].compact, [1, [2, [3, [4]]]].flatten, [1, [2, [3, [4]]]].flatten(1)
p [1, 2, 2, 3, 1].uniq, %w[a A b].uniq(&:downcase), [[1, 2], [1, 3]].uniq(&:first)
a = [3, nil, 3]
a.compact!
a.uniq!
p a, [1].uniq!, [1, [2]].flatten!
