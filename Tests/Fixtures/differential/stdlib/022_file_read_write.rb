p File.write("notes.txt", "one\ntwo\n"), File.exist?("notes.txt"), File.file?("notes.txt"), File.directory?("notes.txt")
p File.read("notes.txt"), File.readlines("notes.txt"), File.readlines("notes.txt", chomp: true), File.size("notes.txt")
File.open("notes.txt", "a") { |f| f.puts "three"; f.print "four", "\n"; f.write("five\n") }
File.open("notes.txt") { |f| f.each_line { |l| print l.upcase } }
p File.foreach("notes.txt").count rescue p File.read("notes.txt").lines.count
File.delete("notes.txt")
p File.exist?("notes.txt")
