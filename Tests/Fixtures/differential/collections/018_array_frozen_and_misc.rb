a = [3, 1].freeze
begin
  a.sort!
rescue FrozenError => e
  p e.message
end
p a.sort, a.frozen?, a.dup.frozen?, [1, 2, 3].reverse_each.to_a, [1, 2, 3].sample.class, [4, 5].each_entry.to_a rescue p $!
p [1, 2, 3].cycle.first(5), [[1, 2], [3, 4]].to_h.invert, Array(1..3), [1, 2, 3].step rescue p $!.class
