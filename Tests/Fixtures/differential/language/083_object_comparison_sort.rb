Job = Struct.new(:name, :priority)
jobs = [Job.new("b", 2), Job.new("a", 2), Job.new("c", 1)]
p jobs.sort_by { |j| [j.priority, j.name] }.map(&:name)
p jobs.sort { |x, y| [y.priority, x.name] <=> [x.priority, y.name] }.map(&:name)
p jobs.min_by(&:priority).name, jobs.group_by(&:priority).transform_values { |js| js.map(&:name) }
