p "a1 b2_".scan(/\w/), "a1 b2".scan(/\d/), "a\tb c".scan(/\s/).size, "deadBEEF".scan(/\h+/), "x y".scan(/\b\w/)
p "line1\nline2" =~ /^line2$/, "line1\nline2" =~ /\Aline2/, "abc\n" =~ /c\Z/, "abc\n" =~ /c\z/
p "foo.bar" =~ /\./, "a+b".sub(/\+/, " plus "), "CAPS lower".scan(/[A-Z]+/), "a,b;c".split(/[,;]/)
p "héllo wörld".scan(/\w+/), "über".match?(/\A\p{L}+\z/) rescue p $!
