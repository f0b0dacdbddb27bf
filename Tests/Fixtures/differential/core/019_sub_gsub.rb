s = "the cat sat on the mat"
p s.sub("at", "og"), s.gsub("at", "og"), s.gsub(/(\w)at/, '\1og'), s.gsub(/(?<first>\w)at/, '\k<first>ig')
p s.gsub(/[cm]at/) { |m| m.upcase }, s.gsub(/(s)at/) { "#{$1}it" }
p "a-b-c".gsub("-", "-" => "+"), "cat hat".gsub(/[ch]/, "c" => "b", "h" => "m")
t = "abc"
p t.sub!("z", "y"), t.gsub!("b", "B"), t
p "aaa".sub(/a/, "\\\\"), "path/to".gsub("/", "\\")
