class Vec
  attr_reader :x, :y
  def initialize(x, y) = (@x, @y = x, y)
  def +(o) = Vec.new(x + o.x, y + o.y)
  def -(o) = Vec.new(x - o.x, y - o.y)
  def *(k) = Vec.new(x * k, y * k)
  def -@ = Vec.new(-x, -y)
  def [](i) = i.zero? ? x : y
  def ==(o) = o.is_a?(Vec) && x == o.x && y == o.y
  def to_s = "<#{x},#{y}>"
end
a = Vec.new(1, 2)
puts a + a, a - Vec.new(1, 1), a * 3, -a, a[1], a == Vec.new(1, 2), a != Vec.new(0, 0)
