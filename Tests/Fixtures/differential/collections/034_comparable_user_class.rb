class Size
  include Comparable
  attr_reader :mb
  def initialize(mb) = @mb = mb
  def <=>(other) = mb <=> other.mb
  def to_s = "#{mb}MB"
end
small, big = Size.new(512), Size.new(2048)
p small < big, small > big, small == Size.new(512), Size.new(1024).between?(small, big), Size.new(9999).clamp(small, big).to_s
puts [big, small, Size.new(1024)].sort.join(" "), [big, small].min, [small, big].max
