require 'set'
s = Set.new([1, 2, 2, 3])
s << 4
s.add(1)
p s, s.size, s.include?(2), s.member?(9), s.to_a, Set[3, 1] | Set[2], s & Set[1, 9], s - Set[1, 2]
p Set[1, 2].subset?(s), s.superset?(Set[1]), Set.new([1, 2]) == Set.new([2, 1]), s.map { |x| x * 2 }.class
p Set.new(%w[a b]) { |x| x.upcase }, s.select(&:even?), Set.new.empty?, s.min, s.sort.reverse
s.each { |x| print x }
puts
p s.add?(1), s.add?(5).size, s.delete(5).size, s.inspect, s.to_s
