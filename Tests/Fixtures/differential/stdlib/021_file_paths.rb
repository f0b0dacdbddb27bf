p File.join("a", "b", "c.rb"), File.join("/etc/", "chef"), File.basename("/a/b/c.rb"), File.basename("/a/b/c.rb", ".rb"), File.basename("c.tar.gz", ".*")
p File.dirname("/a/b/c.rb"), File.dirname("c.rb"), File.extname("x.tar.gz"), File.extname("noext"), File.basename("/a/b/"), File.split("/a/b")
p File.expand_path("x") == File.join(Dir.pwd, "x"), File.expand_path("~") == Dir.home, File.expand_path("/a/../b"), File.expand_path("c", "/a/b")
p File.absolute_path?("/x") rescue p $!.class
