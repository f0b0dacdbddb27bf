out = +""
%w[a b c].each_with_index { |x, i| out << "#{i}:#{x};" }
p out
lines = []
lines << "header"
lines.push("body", "footer")
puts lines.join("\n")
p [1, 2, 3].inject("") { |s, x| s + x.to_s }
