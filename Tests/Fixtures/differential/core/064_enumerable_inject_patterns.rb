words = %w[chef sous knife]
p words.inject { |longest, w| w.size > longest.size ? w : longest }, words.inject(0) { |sum, w| sum + w.size }
p words.each_with_index.inject({}) { |h, (w, i)| h.merge(w => i) }, (1..5).reduce(:lcm), [[1, 2], [3]].reduce([], :+)
