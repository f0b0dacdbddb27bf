Dir.mkdir("conf")
File.write("conf/b.rb", "")
File.write("conf/a.rb", "")
File.write("conf/c.txt", "")
Dir.mkdir("conf/sub")
File.write("conf/sub/d.rb", "")
p Dir.exist?("conf"), Dir.exist?("nope"), Dir.glob("conf/*.rb").sort, Dir.glob("conf/**/*.rb").sort, Dir["conf/*"].sort
p Dir.children("conf").sort, Dir.entries("conf").sort, Dir.pwd == File.expand_path("."), Dir.home.is_a?(String)
p Dir.glob("*").sort, File.directory?("conf/sub"), Dir.glob("conf/{a,b}.rb").sort
