h = { a: 1, b: 2, c: 3 }
p h.select { |k, v| v > 1 }, h.filter { |k, v| k == :a }, h.reject { |k, v| v == 2 }, h.filter_map { |k, v| k if v.odd? }
p h.transform_values { |v| v * 10 }, h.transform_keys(&:to_s), h.transform_keys { |k| k.to_s.upcase }
p h.slice(:a, :c, :z), h.except(:b), h.min_by { |_, v| -v }, h.sort_by { |k, v| -v }.to_h, h.max_by(&:last)
p h.partition { |k, v| v.odd? }, h.group_by { |k, v| v.odd? }, h.to_h { |k, v| [v, k] }, h.count { |k, v| v > 1 }
