p StandardError.superclass, RuntimeError.superclass, ArgumentError.ancestors.take(4), KeyError.superclass, IndexError.superclass
p NoMethodError.superclass, NameError.superclass, ZeroDivisionError.superclass, FrozenError.superclass, StopIteration.superclass
p TypeError.new("m").message, RuntimeError.new.message, StandardError.new(nil).message rescue p $!
p SystemStackError.superclass, NotImplementedError.superclass, ScriptError.superclass
