s = "naïve café"
p s.size, s.bytes.size, s.chars.select { |c| c.bytes.size > 1 }, s.unicode_normalize == s, s.valid_encoding?, s.ascii_only?, "abc".ascii_only?
p s.each_char.map(&:ord).max
