result = %w[b a c]
  .each_with_index
  .map { |s, i| "#{i}#{s}" }
  .sort
  .reverse
p result
p [3, 1, 2].sort.reverse.first(2).map(&:to_s).join("-")
p "a,b".split(",").map(&:upcase).each_slice(1).to_a
