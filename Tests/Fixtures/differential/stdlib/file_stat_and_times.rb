# What cookbook libraries ask of files while loading: stat, times, kinds, executability.
File.write('data.txt', "twelve bytes")
st = File.stat('data.txt')
p st.size, st.file?, st.directory?, st.symlink?, st.ftype, st.mode.to_s(8)[-3..], st.size?, st.zero?
p File.mtime('data.txt').class, File.stat('data.txt').mtime == File.mtime('data.txt'), st.mtime <= Time.now
p File.executable?('data.txt'), File.executable?('/bin/sh'), File.size?('data.txt'), File.size?('missing.txt')
Dir.mkdir('folder')
p File.stat('folder').directory?, File.stat('folder').ftype, File::Stat.new('data.txt').size
p File.symlink?('data.txt'), File.lstat('data.txt').file?
begin
  File.stat('missing.txt')
rescue SystemCallError => e
  p e.class, e.message
end
begin
  File.mtime('missing.txt')
rescue Errno::ENOENT => e
  p e.message
end
p Process.euid.is_a?(Integer), Process.uid == Process.euid, Process.gid.is_a?(Integer)
