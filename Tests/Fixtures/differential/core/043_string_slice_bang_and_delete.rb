s = "hello world"
p s.slice!(0, 6), s, "abc".delete("b"), "a-b-c".delete("-"), "xxhixx".delete_prefix("xx").delete_suffix("xx")
t = "keep"
p t.sub!(/e+/, "E"), t, "aaa".squeeze!, "ab".squeeze!
