# Version comparisons cookbooks make (Chef::VERSION, package versions, chef_version gates).
v = Gem::Version.new('1.2.10')
p v > Gem::Version.new('1.2.9'), v.segments, v.to_s, v
p Gem::Version.new('1.0') == Gem::Version.new('1'), Gem::Version.new('1.0.a') < Gem::Version.new('1.0')
p Gem::Version.new('2.0.0.rc1').prerelease?, Gem::Version.new('2.0.0.rc1').release, Gem::Version.new('1.2.3').bump
p %w(1.10 1.9 1.2.3 2.0.0.pre 2.0).map { |s| Gem::Version.new(s) }.sort.map(&:to_s)
p Gem::Version.correct?('1.2.x'), Gem::Version.correct?('12.04'), Gem::Version.create('3.1').approximate_recommendation
p Gem::Version.new('1.2') <=> '1.3', Gem::Version.new('1.2') <=> 5
r = Gem::Requirement.new('>= 12.5', '< 19')
p r.satisfied_by?(Gem::Version.new('18.0.169')), r.satisfied_by?(Gem::Version.new('19.1')), r.to_s
p Gem::Requirement.new('~> 2.1').satisfied_by?(Gem::Version.new('2.9')), Gem::Requirement.new('~> 2.1').satisfied_by?(Gem::Version.new('3.0'))
p Gem::Requirement.new('~> 2.1.3') === Gem::Version.new('2.1.9'), Gem::Requirement.new('~> 2.1.3') === Gem::Version.new('2.2')
p Gem::Requirement.new.to_s, Gem::Requirement.create('= 1.0').as_list, Gem::Requirement.new('!= 3').satisfied_by?(Gem::Version.new('3.0'))
begin
  Gem::Version.new('not a version')
rescue ArgumentError => e
  p e.message
end
begin
  Gem::Requirement.new('>>> 1')
rescue ArgumentError => e
  p e.class, e.message
end
