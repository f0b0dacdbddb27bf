p [1, 2, 3].map { _1 * 2 }
p [[1, 2], [3, 4]].map { _1 + _2 }
p %w[a b].each_with_index.map { "#{_1}#{_2}" }
p [3, 1, 2].sort_by { -_1 }
