p "s".respond_to?(:upcase), 1.respond_to?(:upcase), nil.respond_to?(:to_a)
p 1.is_a?(Integer), 1.kind_of?(Numeric), 1.instance_of?(Numeric), 1.0.is_a?(Float)
p "s".is_a?(Comparable), [].is_a?(Enumerable), {}.is_a?(Enumerable)
p nil.nil?, 0.nil?, [].empty?
p 1.class, 1.0.class, nil.class, true.class, :a.class, "a".class, (1..2).class, [].class, {}.class
p Integer.ancestors.include?(Comparable), String.superclass, Integer.superclass
