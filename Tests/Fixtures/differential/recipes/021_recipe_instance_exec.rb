class Ctx
  def initialize(n) = @n = n
end
c = Ctx.new(5)
p c.instance_exec(10) { |x| @n + x }
p c.instance_eval { @n * 2 }
p c.instance_variable_get(:@n)
