p "  pad  ".strip, "  pad  ".lstrip, "  pad  ".rstrip, "\t\nx\n".strip
p "line\n".chomp, "line\r\n".chomp, "line".chomp, "file.rb".chomp(".rb"), "abc".chop, "a\r\n".chop
p "x".chomp("y")
