def grade(score)
  case score
  when 90.. then "A"
  when 80...90 then "B"
  when ..79 then "C"
  end
end
p [95, 85, 50].map { |x| grade(x) }
p (1..3).map { |x| x * 2 }, (1..3).each_with_object([]) { |x, a| a.unshift(x) }, ("a".."c").map(&:upcase)
p (1..4).inject(:*), (1..3).zip(4..6), (1..0).sum, (5..1).to_a, Range.new(1, 3).to_a, Range.new(1, 3, true).to_a
