a = 'c:\temp\new'
b = "c:\\temp\\new"
p a, b, a == b, a.size, 'a\\b'.size, "\\".size
puts 'line1\nline2'
puts "q: \"quoted\" and 'single'"
