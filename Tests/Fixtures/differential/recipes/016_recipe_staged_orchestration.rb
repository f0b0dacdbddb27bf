stages = []
def stage(name, machines) = { name: name, machines: machines }
stages << stage(:base, %w[db web1 web2])
stages << stage(:db, %w[db])
stages << stage(:web, (1..2).map { |i| "web#{i}" })
stages.each_with_index do |st, i|
  puts "#{i + 1}. #{st[:name]}: #{st[:machines].join(', ')}"
end
all = stages.flat_map { |st| st[:machines] }.uniq.sort
p all, all.size
