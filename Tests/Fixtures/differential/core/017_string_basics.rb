s = "Hello, World"
p s.length, s.size, s.upcase, s.downcase, s.swapcase, "hello world".capitalize
p s + "!", s * 2, "-" * 10, s.reverse, s.include?("World"), s.empty?, "".empty?
p s.start_with?("Hell"), s.end_with?("ld", "xx"), s.start_with?(/h/i)
p s.index("o"), s.rindex("o"), s.index("o", 5), s.index("zz")
