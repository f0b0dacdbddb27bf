p "John Smith".sub(/(\w+) (\w+)/, '\2, \1'), "a1b2".gsub(/\d/) { |d| (d.to_i * 2).to_s }
p "2024-01-05".gsub(/(?<y>\d+)-(?<m>\d+)-(?<d>\d+)/, '\k<d>/\k<m>/\k<y>'), "x".gsub(/x/, '\0\0')
p "hello world".gsub(/o/, "o" => "0"), "snake_case".gsub(/_(\w)/) { $1.upcase }, "aaa".gsub("a") { "b" }
p "tab\tsep".gsub(/\t/, " "), "a.b.c".gsub(".", "/"), "x-y".tr("-", "_").upcase
