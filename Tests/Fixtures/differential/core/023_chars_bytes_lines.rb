s = "héllo\nworld\n"
p s.chars.first(3), s.bytes.first(3), s.lines, s.lines.map(&:chomp), s.each_line.count
r = []
"abc".each_char { |c| r << c.upcase }
p r
"a\nb".each_line { |l| p l }
p "abc".chars.each_with_index.map { |c, i| "#{i}#{c}" }
