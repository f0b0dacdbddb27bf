class Point
  def initialize(x, y)
    @x = x
    @y = y
  end
end
pt = Point.new(1, 2)
p pt.instance_variable_get(:@x)
pt.instance_variable_set(:@z, 3)
p pt.instance_variables, pt.instance_variable_get("@z"), pt.instance_variable_defined?(:@y)
