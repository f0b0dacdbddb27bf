require 'set'
a = Set[1, 2, 3]
b = Set[3, 4]
p a + b, a ^ b, a.disjoint?(Set[9]), a.intersect?(b), a.to_a.sum, a.group_by(&:odd?).transform_values(&:to_a), a.frozen?
c = a.dup
c.delete(1)
p a.size, c.size, c.include?(1), Set.new("abca".chars).size, a.sort_by { -_1 }, a == Set[3, 2, 1]
