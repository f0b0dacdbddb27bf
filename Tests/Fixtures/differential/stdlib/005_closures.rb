counter = 0
inc = -> { counter += 1 }
3.times { inc.call }
p counter
def make_counter
  n = 0
  [-> { n += 1 }, -> { n }]
end
bump, read = make_counter
bump.(); bump.()
p read.()
adders = (1..3).map { |i| ->(x) { x + i } }
p adders.map { |f| f.(10) }
x = 10
[1].each { x += 1; y = 5 }
p x, defined?(y)
