p %w[a b a c a b].tally, %w[a b a].tally.sort_by { |k, v| -v }.first
p [1, 2, 3, 4].inject(:+), [1, 2, 3, 4].reduce(1) { |acc, x| acc * x }, [1, 2, 3].inject { |a, b| a * 10 + b }
p [[:a, 1], [:b, 2]].inject({}) { |h, (k, v)| h.merge(k => v) }, %w[x yy].reduce(0) { |s, w| s + w.size }
p [1, 2, 3].sum { |x| x * 10 }, [3, 4].inject(:*)
