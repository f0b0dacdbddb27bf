class Temp
  def initialize(c) = @c = c
  def to_s = "#{@c}°C"
  def inspect = "#<Temp #{@c}>"
end
t = Temp.new(21)
puts t, "now #{t}", [t].to_s
p t, [t], { t: t }
print t, "\n"
