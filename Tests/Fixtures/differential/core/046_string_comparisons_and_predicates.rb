p "abc".eql?("abc"), "abc".equal?("abc"), "a".between?("a", "c"), "b".clamp("c", "d"), "Abc".match?(/^[A-Z]/)
p "  ".strip.empty?, "x".nil?, "abc".length.positive?, "ABC".downcase == "abc", "abc" =~ /c/, "12".to_i.to_s == "12"
p "hello"[1..-2], "hello"[-3, 2], "hello".slice(10..), "ab" < "abc", "B" < "a", "ä" > "z"
