h = { a: 1, b: 2 }
p h.key?(:a), h.has_key?(:z), h.include?(:b), h.member?(:a), h.value?(2), h.has_value?(9)
p h.keys, h.values, h.values_at(:a, :z), h.key(2), h.invert, h.count, h.length, h.to_a
p h.any? { |k, v| v > 1 }, h.all? { |k, v| v > 0 }, h.find { |k, v| v == 2 }, h.sum { |k, v| v }, h.min_by { |k, v| v }
