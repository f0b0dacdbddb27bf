s = "héllo wörld"
p s.length, s.bytesize, s.reverse, s.upcase, s.chars.last(3), s[1], s.encoding.name
p "日本語".size, "日本語".reverse, "日本語"[1..], "ÄÖÜ".downcase
p "é".bytes, "€".ord, 8364.chr(Encoding::UTF_8)
