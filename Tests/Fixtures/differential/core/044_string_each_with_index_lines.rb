text = "alpha\nbeta\ngamma"
text.each_line.with_index(1) { |line, n| puts "#{n}: #{line.chomp}" }
p text.lines.map(&:strip).select { |l| l.include?("a") }.size, text.count("\n"), text.split("\n", 2)
