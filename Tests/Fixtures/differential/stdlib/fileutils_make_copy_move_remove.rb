require 'fileutils'
p FileUtils.mkdir_p('fu/a/b')
p File.directory?('fu/a/b')
p FileUtils.touch(['fu/a/x', 'fu/a/y'])
FileUtils.cp('fu/a/x', 'fu/a/b')
p File.exist?('fu/a/b/x')
FileUtils.mv('fu/a/y', 'fu/a/z')
p File.exist?('fu/a/y'), File.exist?('fu/a/z')
p FileUtils.rm_f('fu/nothing')
begin; FileUtils.rm('fu/nothing'); rescue => e; p e.class, e.message; end
begin; FileUtils.rm_r('fu/nothing'); rescue => e; p e.class, e.message; end
p FileUtils.rm_rf('fu')
p File.exist?('fu')
