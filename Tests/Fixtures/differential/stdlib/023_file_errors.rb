begin
  File.read("missing.txt")
rescue Errno::ENOENT => e
  p e.class, e.message
end
begin
  File.read("missing.txt")
rescue SystemCallError => e
  p e.class.ancestors.include?(SystemCallError)
end
r = File.open("w.txt", "w") { |f| f.puts "x"; :block_value }
p r, File.read("w.txt")
