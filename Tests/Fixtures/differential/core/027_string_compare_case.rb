p "a" <=> "b", "b" <=> "a", "a" <=> "a", "a" < "b", "abc".casecmp("ABC"), "abc".casecmp?("ABC"), "a".casecmp?("b")
p %w[banana Apple cherry].sort, %w[banana Apple cherry].sort_by(&:downcase), %w[bb a ccc].max_by(&:size)
