# scan, gsub, split and matching over a string of about 1 MB.
line = "alpha beta gamma 12345 delta epsilon 678 zeta\n"
text = line * 22_000
puts text.size
puts text.scan(/\d+/).size
puts text.gsub(/a(\w)/) { $1.upcase }.size
puts text.gsub("beta", "BETA").count("B")
puts text.split("\n").size
puts text.split(" ").size
puts text.lines.count { |l| l =~ /gamma \d+/ }
puts text.index("zeta", 500_000)
puts text.sub(/epsilon/, "E")[0, 50]
