p proc { |x| }.arity, proc { |*a| }.arity, proc { |x, y| }.arity, proc { }.arity, proc { |x, y = 1| }.arity
p lambda { |x, y| }.arity, ->() {}.arity, ->(*a, b) {}.arity, ->(a, b = 1) {}.arity, ->(k:) {}.arity, ->(x, k: 1) {}.arity
p proc { |x| }.lambda?, lambda { }.lambda?, ->{}.lambda?
