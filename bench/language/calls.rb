# Method calls and recursion: a recursive Fibonacci, and a small value class whose methods
# are called a few hundred thousand times.
def fib(n)
  n < 2 ? n : fib(n - 1) + fib(n - 2)
end

class Point
  attr_reader :x, :y

  def initialize(x, y)
    @x = x
    @y = y
  end

  def +(other)
    Point.new(@x + other.x, @y + other.y)
  end

  def distance_squared
    x * x + y * y
  end
end

puts fib(24)
point = Point.new(0, 0)
total = 0
150_000.times do |i|
  point += Point.new(i % 7, 1)
  total += point.distance_squared % 1000
end
puts point.x, point.y, total
