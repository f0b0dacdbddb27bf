# Writes 20 cookbooks of 50 files each for bench/cookbook-sync.sh: metadata.json, a recipe
# and 48 files of 1 to 4 KB of random text (seeded by SIDE, so each side's files are its
# own and the same on every run).
#   ruby make_cookbooks.rb FOLDER SIDE
require 'fileutils'
require 'json'

root, side = ARGV
random = Random.new(side.sum)
folders = %w[attributes templates/default files/default libraries]
20.times do |index|
  name = format('%s-cb%02d', side, index)
  dir = File.join(root, name)
  folders.each { |folder| FileUtils.mkdir_p(File.join(dir, folder)) }
  FileUtils.mkdir_p(File.join(dir, 'recipes'))
  File.write(File.join(dir, 'metadata.json'), JSON.generate('name' => name, 'version' => '1.0.0', 'dependencies' => {}))
  File.write(File.join(dir, 'recipes/default.rb'), "# #{name}\n")
  48.times do |file|
    folder = folders[file % 4]
    extension = folder.start_with?('templates') ? 'erb' : 'rb'
    # Ruby comments (libraries and attribute files are loaded) of random text.
    size = 1024 + random.rand(3072)
    text = +''
    text << "# #{random.bytes(30).unpack1('H*')}\n" while text.bytesize < size
    File.write(File.join(dir, folder, "f#{file}.#{extension}"), text)
  end
end
