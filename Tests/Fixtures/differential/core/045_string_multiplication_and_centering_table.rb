rows = [["web1", 512], ["db1", 2048], ["cache", 64]]
puts "+" + "-" * 10 + "+" + "-" * 8 + "+"
rows.each { |name, mb| puts "|" + name.ljust(10) + "|" + mb.to_s.rjust(8) + "|" }
puts "total".center(20, "=")
