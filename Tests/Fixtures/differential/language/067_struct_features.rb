Point = Struct.new(:x, :y) do
  def +(other) = Point.new(x + other.x, y + other.y)
  def to_s = "(#{x}, #{y})"
end
a = Point.new(1, 2)
b = Point.new(3, 4)
puts a + b
p a, a.to_a, a.members, a == Point.new(1, 2), a.x, a[1], a[:x], Point.members
a.x = 10
p a.x, a.to_h, Point.new(1), a.eql?(Point.new(10, 2))
Spec = Struct.new(:name, :size, keyword_init: true)
p Spec.new(name: "web", size: 2), Spec.new(name: "x").size
