# String building: appending, interpolation, formatting and joining, 100,000 lines.
out = +""
100_000.times do |i|
  out << "line #{i}: #{i * 3} " << format("%05d", i % 99_999) << "\n"
end
puts out.size
parts = []
50_000.times { |i| parts << "item-#{i}" }
joined = parts.join(",")
puts joined.size, joined[0, 30]
words = Array.new(20_000) { |i| "w#{i}" }
puts words.map(&:upcase).join(" ").length
puts (1..30_000).map { |i| i.to_s.rjust(6, "0") }.join.size
