class Calc
  def add(a, b) = a + b
  def each_twice = [yield(1), yield(2)]
  private def secret = :hidden
end
c = Calc.new
p c.send(:add, 1, 2), c.public_send("add", 3, 4), c.send(:each_twice) { |x| x * 3 }
p c.send(:secret)
begin
  c.public_send(:secret)
rescue NoMethodError => e
  p e.message[0, 31]
end
