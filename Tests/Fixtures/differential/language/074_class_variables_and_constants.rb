class Counter
  @@total = 0
  MAX = 3
  def self.total = @@total
  def bump
    @@total += 1 if @@total < MAX
    self
  end
end
c = Counter.new
4.times { c.bump }
p Counter.total, Counter::MAX, Counter.class_variable_get(:@@total), Counter.const_get(:MAX), Counter.class_variables
