n = [2, 4, 6]
p n.all?(&:even?), n.any? { |x| x > 5 }, n.none?(&:odd?), n.one? { |x| x > 5 }, [].all?, [].any?, [nil, false].none?
p n.all?(Integer), %w[ab cd].any?(/c/), [1, nil].all?, [nil, 1].one?, n.include?(4)
