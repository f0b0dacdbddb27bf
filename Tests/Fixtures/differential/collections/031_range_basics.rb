r = (1..10)
p r.to_a.size, r.sum, r.min, r.max, r.first, r.first(3), r.last, r.last(2), r.size, r.count(&:even?)
p (1...10).size, (1...10).max, r.include?(10), (1...10).include?(10), r.cover?(2..3), r === 5, r.to_s, (1...3).inspect
p ('a'..'e').to_a, ('a'..'e').include?("c"), (1.5..2.5).include?(2.0), (1..10).step(3).to_a, (1.0..2.0).step(0.5).to_a
p r.select(&:odd?), r.each_slice(4).to_a, r.reverse_each.first(2), (1..).first(2), (1..Float::INFINITY).first(2)
