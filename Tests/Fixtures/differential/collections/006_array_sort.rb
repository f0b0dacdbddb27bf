a = [3, 1, 2]
p a.sort, a.sort.reverse, a.sort { |x, y| y <=> x }, %w[pear fig apple].sort_by(&:size), a.max, a.min
p %w[pear fig apple].min_by(&:size), %w[pear fig apple].max_by(&:size), a.minmax, a.sort!, a
p [[2, "b"], [1, "z"], [2, "a"]].sort, [0.5, 1, -2].sort, %w[b B a].sort
p [3, 1, 2].max(2), [3, 1, 2].min(2)
