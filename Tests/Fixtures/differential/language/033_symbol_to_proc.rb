p %w[a b].map(&:upcase)
p [1, 2, 3].select(&:odd?)
p [[1, 2], [3]].map(&:size).sum
