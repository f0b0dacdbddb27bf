counts = Hash.new(0)
%w[a b a].each { |w| counts[w] += 1 }
p counts, counts["zz"], counts.fetch("a"), counts.key?("zz")
lists = Hash.new { |hash, key| hash[key] = [] }
lists[:x] << 1
lists[:x] << 2
lists[:y]
p lists, lists.default, counts.default
d = {}
d.default = :none
p d[:missing]
