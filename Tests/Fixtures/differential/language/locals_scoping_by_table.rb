# Which scope a local variable belongs to is decided where it is first written, as Ruby's
# parser decides it: blocks share their outer variables and keep their own.
x = 10
[1, 2].each { |i| y = i; x += i }
p x
p defined?(y)
[1].each { z = 1 }
z = 5
[1].each { p z }
1.times { w = 1; 1.times { w += 1; p w } }
v = 1
[2, 3].each { |v| p v }
p v
[4].each { |a; v| v = a; p v }
p v
def counter
  n = 0
  3.times { n += 1 }
  n
end
p counter
p binding.local_variable_defined?(:later)
later = 1
p later
adders = (1..3).map { |k| ->(m) { k + m } }
p adders.map { |f| f.call(10) }
if false
  never = 1
end
p never
q = 1 while false
p q
