class Obj
  attr_accessor :count
  def initialize = @count = 0
end
o = Obj.new
o.count += 5
o.count ||= 9
h = {}
h[:list] ||= []
h[:list] << 1
h[:n] = 1
h[:n] += 1
@iv ||= "ivar"
@iv += "!"
$gv ||= 0
$gv += 2
arr = [1, 2]
arr[0] += 10
p o.count, h, @iv, $gv, arr
