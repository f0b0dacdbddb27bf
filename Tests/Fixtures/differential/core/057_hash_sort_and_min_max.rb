scores = { "ann" => 90, "bob" => 72, "cy" => 90, "di" => 85 }
p scores.sort_by { |name, s| [-s, name] }, scores.max_by { |_, s| s }, scores.min_by(2) { |_, s| s }
p scores.sort.first, scores.sum { |_, s| s }, scores.values.sum / scores.size, scores.select { |_, s| s >= 85 }.keys
p scores.sort_by(&:last).map(&:first), scores.find { |k, v| v < 80 }, scores.count { |k, v| v == 90 }
